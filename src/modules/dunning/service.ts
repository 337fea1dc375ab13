import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MathBN,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { settle, type LedgerEntry } from "./domain/balance"
import {
  decideForCustomer,
  onRequestNote,
  type CustomerDecision,
  type CustomerReceivable,
  type CustomerRules,
  type SkipReason,
} from "./domain/customer-decision"
import { entityId } from "./domain/entity-id"
import { NEXT_RUN } from "./domain/schedule"
import { DEFAULT_POLICY, type PolicyInput, type StageInput } from "./domain/policy"
import { claimNote, currencyTotals, escalationSuggestion, noticeLines, type LineSource } from "./domain/notice-lines"
import { collectionEventTitle, receivableProblems, statusChangeProblem } from "./domain/receivable-rules"
import {
  CollectionEvent,
  CollectionProfile,
  DunningLease,
  DunningPolicy,
  DunningRun,
  DunningStage,
  GroupTerms,
  Notice,
  Receivable,
  ReceivablePayment,
} from "./models"
import { parseDunningOptions, type DunningOptions } from "./options"
import { jsonbRows, runSql, textArray } from "./sql"
import { callList, overdueReceivables, type CallListInput, type OverdueInput } from "./queries/worklists"
import { foldIntoNotices, foldOf, onRequestOf, pendingNoticesOf, type NoticeFold } from "./queries/pending-notices"
import { computeAging, computeCollectionSummary, computeKpis } from "./analytics"
import type { Aging, AgingInput, CollectionSummary, KpiInput, Kpis, SummaryInput } from "./analytics/types"

type InjectedDependencies = Record<string, unknown>

function stageFields(stage: StageInput) {
  return {
    name: stage.name,
    offset_days: stage.offset_days,
    action: stage.action,
    tone: stage.tone,
    repeats: stage.repeats,
    stops_reminders: stage.stops_reminders ?? false,
    channel: stage.channel,
    subject_template: stage.subject_template,
    body_html_template: stage.body_html_template,
    body_text_template: stage.body_text_template,
    translations: stage.translations ?? null,
  }
}

export type NewLedgerEntry = {
  receivable_id: string
  kind: LedgerEntry["kind"]
  amount: string | number
  currency_code: string
  paid_at: Date
  source: string
  external_ref: string
  payment_id?: string | null
  metadata?: Record<string, unknown> | null
}

/** The balance fields of a receivable, as they were before a change, so a compensation can put them back. */
export type ReceivableBalanceSnapshot = {
  id: string
  customer_id: string
  currency_code: string
  status: "open" | "paid" | "void" | "written_off"
  amount_paid: string
  paid_at: Date | null
  next_action_at: Date | null
}

/** One receivable to create, or to update when its `(source, external_ref)` is already known. */
export type ReceivableRow = {
  customer_id: string
  number: string
  currency_code: string
  amount: string | number
  issued_at: Date
  due_at: Date
  source?: string
  external_ref?: string | null
  order_id?: string | null
  /** When given, the ERP's truth: the difference to what is booked becomes an adjustment in the ledger. */
  amount_paid?: string | number
  metadata?: Record<string, unknown> | null
}

export type ReceivableUpsertResult = {
  receivable_ids: string[]
  created_ids: string[]
  /** The rows as they were before they were updated, to put back on compensation. */
  previous: Record<string, unknown>[]
  ledger_entry_ids: string[]
}

const RESTORABLE_FIELDS = [
  "customer_id",
  "order_id",
  "number",
  "currency_code",
  "amount",
  "amount_paid",
  "issued_at",
  "due_at",
  "status",
  "status_reason",
  "paid_at",
  "closed_at",
  "next_action_at",
  "metadata",
] as const

export type ReceivableRevision = {
  number?: string
  amount?: string | number
  issued_at?: Date
  due_at?: Date
  metadata?: Record<string, unknown> | null
  status?: "open" | "void" | "written_off"
  status_reason?: string | null
}

export type ClaimedNotice = {
  id: string
  customer_id: string
  policy_id: string | null
  stage_id: string | null
  stage_name: string
  stage_offset_days: number
  tone: string
  channel: string
  recipients: { to: string[]; cc: string[]; bcc: string[]; reply_to: string | null }
  receivable_ids: string[]
  due_receivable_ids: string[] | null
  lines: ReturnType<typeof noticeLines>
  totals: ReturnType<typeof currencyTotals>
  language: string | null
  attempts: number
  scheduled_for: Date
  idempotency_key: string
}

export type DeliveryOutcome = {
  notice_id: string
  /** The attempt this delivery claimed; the outcome is recorded only if no later claim happened. */
  attempt: number
  at: Date
  status: "sent" | "scheduled" | "failed" | "cancelled"
  channel?: string
  recipients?: ClaimedNotice["recipients"]
  receivable_ids?: string[]
  lines?: ClaimedNotice["lines"]
  totals?: ClaimedNotice["totals"]
  subject?: string
  body_html?: string
  body_text?: string
  provider_message_id?: string | null
  notification_id?: string | null
  cancel_reason?: string
  last_error?: string
  next_attempt_at?: Date
  follow_up?: { customer_id: string; receivable_ids: string[]; note: string; assigned_to: string | null }
  email_failed?: { customer_id: string; reason: string }
}

export type HoldSnapshot = { id: string; hold_until: Date | null; hold_reason: string | null; next_action_at: Date | null }

/** What the run knows of one customer before it locks the customer's receivables. */
export type BatchCustomer = {
  customer_id: string
  policy_id: string
  rules: CustomerRules
  stages: Array<{ id: string; name: string; offset_days: number; tone: string; channel: string }>
  recipients: { to: string[]; cc: string[]; bcc: string[]; reply_to: string | null }
  do_not_dun: boolean
  rep_user_id: string | null
  language: string | null
  force?: boolean
  /** The admin who asked for a reminder sent on request (recorded on the notice and in its claim). */
  requested_by?: { user_id: string | null; name: string | null } | null
}

export type ProcessBatchInput = {
  now: Date
  run_id: string | null
  /** Due receivables per batch. */
  limit: number
  /** Decide, but write nothing and lock nothing (the run preview); pages with `after`. */
  dry_run?: boolean
  after?: { next_action_at: Date; id: string } | null
  /** Only these customers, every open receivable, whatever its date ("send the next reminder now"). */
  customer_ids?: string[]
  /** Customers found busy earlier in this run: left to the next run rather than retried in a loop. */
  exclude_customer_ids?: string[]
  /** This batch stream's share of the customers when a run processes several streams at once. */
  lane?: { index: number; count: number }
  /** Policy, rules and recipients of the batch's customers (the caller knows other modules). */
  describe: (customerIds: string[]) => Promise<BatchCustomer[]>
}

export type PlannedNotice = {
  id: string | null
  customer_id: string
  stage_id: string
  stage_name: string
  receivable_ids: string[]
  to: string[]
  lines: ReturnType<typeof noticeLines>
  totals: ReturnType<typeof currencyTotals>
  language: string | null
}

export type RecordBatchResult = {
  /** Due receivables this batch claimed (0: nothing due is left). */
  claimed: number
  customers_seen: number
  receivables_seen: number
  notices: PlannedNotice[]
  escalations: Array<{ customer_id: string; receivable_ids: string[]; note: string }>
  /** Notices that another run had already created for the same customer, stage and day. */
  duplicates: number
  /** Pending notices that what came due was folded into, instead of a second notice to the customer. */
  folded: Array<{ notice_id: string; customer_id: string; receivable_ids: string[] }>
  skipped: Partial<Record<SkipReason, number>>
  /** Customers left for later because another run (or a payment) was working on them. */
  busy_customer_ids: string[]
  /** Where a preview continues from. */
  last: { next_action_at: Date; id: string } | null
}

export type LedgerChange = {
  /** Ledger rows written by this call (entries already booked under the same source and reference are skipped). */
  created: Array<{ id: string; receivable_id: string; kind: string; amount: string; paid_at: Date }>
  before: ReceivableBalanceSnapshot[]
  after: ReceivableBalanceSnapshot[]
}

/**
 * The dunning module: the receivables ledger, collection profiles and the customer's collection history.
 * CRUD comes from `MedusaService`; what needs row locks or set-based SQL is written here.
 */
class DunningModuleService extends MedusaService({
  Receivable,
  ReceivablePayment,
  CollectionProfile,
  GroupTerms,
  CollectionEvent,
  DunningPolicy,
  DunningStage,
  Notice,
  DunningRun,
  DunningLease,
}) {
  protected readonly options_: DunningOptions

  constructor(container: InjectedDependencies, options?: Record<string, unknown>) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseDunningOptions(options)
  }

  getOptions(): DunningOptions {
    return this.options_
  }

  /**
   * Books payments, refunds or adjustments on receivables and re-derives their balance and status from
   * the whole ledger, under a row lock on each receivable so that two captures arriving together cannot
   * both read the old balance. Entries whose `(source, external_ref)` is already booked are skipped,
   * which makes replayed events and retried ERP calls harmless.
   */
  @InjectTransactionManager()
  async bookLedgerEntries(
    entries: NewLedgerEntry[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerChange> {
    const receivableIds = [...new Set(entries.map((e) => e.receivable_id))]
    if (!receivableIds.length) {
      return { created: [], before: [], after: [] }
    }
    const before = await this.lockBalances_(receivableIds, sharedContext)

    const existing = await this.listReceivablePayments(
      {
        $or: entries.map((e) => ({ source: e.source, external_ref: e.external_ref })),
      } as any,
      { select: ["source", "external_ref"] },
      sharedContext
    )
    const booked = new Set(existing.map((p) => `${p.source}\u0000${p.external_ref}`))
    const seen = new Set<string>()
    const fresh = entries.filter((e) => {
      const key = `${e.source}\u0000${e.external_ref}`
      if (booked.has(key) || seen.has(key)) {
        return false
      }
      seen.add(key)
      return true
    })

    const created: any[] = fresh.length
      ? ((await this.createReceivablePayments(
          fresh.map((e) => ({
            receivable_id: e.receivable_id,
            kind: e.kind,
            amount: e.amount,
            currency_code: e.currency_code,
            paid_at: e.paid_at,
            source: e.source,
            external_ref: e.external_ref,
            payment_id: e.payment_id ?? null,
            metadata: e.metadata ?? null,
          })) as any[],
          sharedContext
        )) as unknown as any[])
      : []

    const after = await this.resettle_(receivableIds, sharedContext)
    return {
      created: created.map((p: any) => ({
        id: p.id,
        receivable_id: p.receivable_id,
        kind: p.kind,
        amount: String(p.raw_amount?.value ?? p.amount),
        paid_at: p.paid_at,
      })),
      before,
      after,
    }
  }

  /**
   * Creates receivables, or updates those whose `(source, external_ref)` already exists, in one
   * transaction: the import is all-or-nothing. Rows carrying `amount_paid` get the difference to the
   * booked amount as a ledger adjustment, so the balance still comes from the ledger.
   */
  @InjectTransactionManager()
  async upsertReceivableRows(
    rows: ReceivableRow[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableUpsertResult> {
    const manager = sharedContext.transactionManager as any
    const keyed = rows.filter((r) => r.external_ref)
    const existingRows: any[] = keyed.length
      ? await manager.execute(
          `SELECT id, source, external_ref FROM dunning_receivable
            WHERE deleted_at IS NULL AND (source, external_ref) IN (${keyed.map(() => "(?, ?)").join(", ")})
            ORDER BY id FOR UPDATE`,
          keyed.flatMap((r) => [r.source ?? "manual", r.external_ref])
        )
      : []
    const idByKey = new Map(existingRows.map((r) => [`${r.source}\u0000${r.external_ref}`, r.id as string]))
    const keyOf = (r: ReceivableRow) => `${r.source ?? "manual"}\u0000${r.external_ref}`

    const previous = existingRows.length
      ? await this.listReceivables({ id: existingRows.map((r) => r.id) }, {}, sharedContext)
      : []
    const previousById = new Map(previous.map((p: any) => [p.id, p]))

    const toCreate = rows.filter((r) => !r.external_ref || !idByKey.has(keyOf(r)))
    const toUpdate = rows.filter((r) => r.external_ref && idByKey.has(keyOf(r)))

    const created: any[] = toCreate.length
      ? ((await this.createReceivables(
          toCreate.map((r) => ({
            customer_id: r.customer_id,
            order_id: r.order_id ?? null,
            number: r.number,
            source: r.source ?? "manual",
            external_ref: r.external_ref ?? null,
            currency_code: r.currency_code.toLowerCase(),
            amount: r.amount,
            issued_at: r.issued_at,
            due_at: r.due_at,
            metadata: r.metadata ?? null,
            status: "open" as const,
            // looked at by the next dunning run, which works out its schedule
            next_action_at: NEXT_RUN,
          })) as any[],
          sharedContext
        )) as unknown as any[])
      : []

    if (toUpdate.length) {
      await this.updateReceivables(
        toUpdate.map((r) => {
          const id = idByKey.get(keyOf(r))!
          const before = previousById.get(id) as any
          return {
            id,
            customer_id: r.customer_id,
            order_id: r.order_id ?? before.order_id,
            number: r.number,
            currency_code: r.currency_code.toLowerCase(),
            amount: r.amount,
            issued_at: r.issued_at,
            due_at: r.due_at,
            metadata: r.metadata === undefined ? before.metadata : r.metadata,
            // a changed due date or amount changes the schedule: let the next run re-derive it
            next_action_at: before.status === "open" ? NEXT_RUN : before.next_action_at,
          }
        }) as any,
        sharedContext
      )
    }

    const idOfRow = (r: ReceivableRow, i: number): string => {
      if (r.external_ref && idByKey.has(keyOf(r))) {
        return idByKey.get(keyOf(r))!
      }
      return (created as any[])[toCreate.indexOf(r)].id
    }
    const receivableIds = rows.map(idOfRow)
    const uniqueIds = [...new Set(receivableIds)]

    const ledgerEntryIds: string[] = []
    const adjustments = rows
      .map((r, i) => ({ r, id: receivableIds[i] }))
      .filter(({ r }) => r.amount_paid !== undefined)
    if (adjustments.length) {
      const current = await this.listReceivables(
        { id: adjustments.map((a) => a.id) },
        { select: ["id", "amount_paid"] },
        sharedContext
      )
      const paidById = new Map(current.map((c: any) => [c.id, c.raw_amount_paid?.value ?? c.amount_paid]))
      const entries = adjustments
        .map(({ r, id }) => ({ r, id, delta: MathBN.sub(r.amount_paid!, paidById.get(id) ?? 0) }))
        .filter(({ delta }) => !MathBN.eq(delta, 0))
        .map(({ r, id, delta }) => ({
          receivable_id: id,
          kind: "adjustment" as const,
          amount: delta.toString(),
          currency_code: r.currency_code.toLowerCase(),
          paid_at: now,
          source: "import",
          external_ref: `${r.source ?? "manual"}:${r.external_ref ?? id}:${generateEntityId(undefined, "adj")}`,
        }))
      if (entries.length) {
        const booked = (await this.createReceivablePayments(entries as any[], sharedContext)) as unknown as any[]
        ledgerEntryIds.push(...booked.map((b) => b.id))
      }
    }

    await this.resettle_(uniqueIds, sharedContext)

    return {
      receivable_ids: receivableIds,
      created_ids: (created as any[]).map((c) => c.id),
      previous: previous.map((p: any) => {
        const restorable: Record<string, unknown> = { id: p.id }
        for (const field of RESTORABLE_FIELDS) {
          restorable[field] = field === "amount" || field === "amount_paid" ? p[`raw_${field}`]?.value ?? p[field] : p[field]
        }
        return restorable
      }),
      ledger_entry_ids: ledgerEntryIds,
    }
  }

  /**
   * Changes a receivable by hand: its details, or its status (void, write off, re-open). Refuses changes
   * that would break the ledger's rules with a message naming the field. Returns the row as it was.
   */
  @InjectTransactionManager()
  async reviseReceivable(
    id: string,
    changes: ReceivableRevision,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: Record<string, unknown> }> {
    await this.lockBalances_([id], sharedContext)
    const current: any = await this.retrieveReceivable(id, {}, sharedContext)
    const problems: string[] = []
    if (changes.status) {
      const problem = statusChangeProblem(current.status, changes.status)
      if (problem) {
        problems.push(`status: ${problem}`)
      }
    }
    const amountPaid = current.raw_amount_paid?.value ?? current.amount_paid
    const merged = {
      amount: changes.amount ?? current.raw_amount?.value ?? current.amount,
      issued_at: changes.issued_at ?? new Date(current.issued_at),
      due_at: changes.due_at ?? new Date(current.due_at),
    }
    for (const p of receivableProblems(merged)) {
      problems.push(`${p.field}: ${p.message}`)
    }
    if (changes.amount !== undefined && MathBN.lt(changes.amount, amountPaid)) {
      problems.push(`amount: must not be less than what is already paid (${amountPaid})`)
    }
    if (problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))
    }

    const previous: Record<string, unknown> = { id }
    for (const field of RESTORABLE_FIELDS) {
      previous[field] =
        field === "amount" || field === "amount_paid" ? current[`raw_${field}`]?.value ?? current[field] : current[field]
    }

    const update: Record<string, unknown> = { id }
    for (const field of ["number", "amount", "issued_at", "due_at", "metadata"] as const) {
      if (changes[field] !== undefined) {
        update[field] = changes[field]
      }
    }
    const targetStatus = changes.status ?? current.status
    if (targetStatus === "void" || targetStatus === "written_off") {
      if (targetStatus !== current.status) {
        Object.assign(update, {
          status: targetStatus,
          status_reason: changes.status_reason ?? null,
          closed_at: now,
          next_action_at: null,
        })
      }
    } else if (targetStatus === "open" && current.status !== "open" && current.status !== "paid") {
      Object.assign(update, { status: "open", status_reason: changes.status_reason ?? null, closed_at: null })
    }
    const scheduleChanged =
      changes.amount !== undefined || changes.due_at !== undefined || update.status === "open"
    if (scheduleChanged && targetStatus === "open") {
      // the next run works out the stage again from the new facts
      update.next_action_at = NEXT_RUN
    }
    await this.updateReceivables(update as any, sharedContext)
    await this.resettle_([id], sharedContext)
    return { previous }
  }

  /** Puts receivables back as they were (`previous` rows from an upsert or a revision), then re-settles them. */
  @InjectTransactionManager()
  async putBackReceivables(
    previous: Record<string, unknown>[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!previous.length) {
      return
    }
    await this.updateReceivables(previous as any, sharedContext)
    await this.resettle_(previous.map((p) => p.id as string), sharedContext)
  }

  /** Undoes `upsertReceivableRows` (compensation of the import workflow). */
  @InjectTransactionManager()
  async revertReceivableUpsert(
    result: Pick<ReceivableUpsertResult, "created_ids" | "previous" | "ledger_entry_ids">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (result.ledger_entry_ids.length) {
      await this.deleteReceivablePayments(result.ledger_entry_ids, sharedContext)
    }
    if (result.created_ids.length) {
      await this.deleteReceivables(result.created_ids, sharedContext)
    }
    if (result.previous.length) {
      await this.updateReceivables(result.previous as any, sharedContext)
    }
  }

  /**
   * Undoes `bookLedgerEntries`: removes the given ledger rows and puts back the receivables' balance
   * fields exactly as they were (the compensation of the apply-payment workflow).
   */
  @InjectTransactionManager()
  async revertLedgerEntries(
    input: { ledger_entry_ids: string[]; before: ReceivableBalanceSnapshot[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.lockBalances_(
      input.before.map((b) => b.id),
      sharedContext
    )
    if (input.ledger_entry_ids.length) {
      await this.deleteReceivablePayments(input.ledger_entry_ids, sharedContext)
    }
    if (input.before.length) {
      await this.updateReceivables(
        input.before.map((b) => ({
          id: b.id,
          status: b.status,
          amount_paid: b.amount_paid,
          paid_at: b.paid_at,
          next_action_at: b.next_action_at,
        })) as any,
        sharedContext
      )
    }
  }

  /**
   * Re-derives balance and status of receivables from their ledger (after an amount changed, or to
   * repair a row). Returns the new balance fields.
   */
  @InjectTransactionManager()
  async resettleReceivables(
    receivableIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableBalanceSnapshot[]> {
    await this.lockBalances_(receivableIds, sharedContext)
    return await this.resettle_(receivableIds, sharedContext)
  }

  /**
   * One batch of the dunning run, in one transaction:
   * 1. read up to `limit` due receivables, oldest first, through the partial index on `next_action_at`;
   * 2. take each of their customers with a non-blocking advisory lock, and every open receivable of those
   *    customers with row locks that skip locked rows; a customer that is busy elsewhere (its lock, or one
   *    of its rows, held by another run or a payment being booked) is left for later, untouched. Nothing
   *    waits on anything, so two workers can never deadlock;
   * 3. lock the customers' notices still in flight (skipping any a delivery is claiming): a customer has at
   *    most one, and what comes due meanwhile is folded into it rather than sent as a second notice;
   * 4. decide with fresh data, and write the notices (or the folds), the "Claim for Non-Payment" and
   *    escalation events and the receivables' new dunning state together.
   * A crash rolls the whole batch back and its receivables stay due; the unique idempotency key of a notice
   * makes a second notice for the same customer, stage and day impossible.
   */
  @InjectTransactionManager()
  async processDunningBatch(
    input: ProcessBatchInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordBatchResult> {
    const manager = sharedContext.transactionManager as any
    const now = input.now
    const result: RecordBatchResult = {
      claimed: 0,
      customers_seen: 0,
      receivables_seen: 0,
      notices: [],
      escalations: [],
      duplicates: 0,
      folded: [],
      skipped: {},
      busy_customer_ids: [],
      last: null,
    }
    // the due rows themselves are read without locks: the customer's advisory lock below is what gives
    // one run a customer; a fresh read under it decides, so a row read just before another run handled it
    // is simply found not due any more
    let claimedRows: Array<{ id: string; customer_id: string; next_action_at: Date }>
    if (input.customer_ids) {
      claimedRows = await runSql(
        manager,
        `SELECT id, customer_id, next_action_at FROM dunning_receivable
          WHERE status = 'open' AND deleted_at IS NULL AND customer_id = ANY(?::text[])
          ORDER BY id`,
        [textArray(input.customer_ids)]
      )
    } else {
      const params: unknown[] = [now]
      let extra = ""
      if (input.exclude_customer_ids?.length) {
        extra += " AND customer_id <> ALL(?::text[])"
        params.push(textArray(input.exclude_customer_ids))
      }
      if (input.lane && input.lane.count > 1) {
        extra += " AND (hashtext(customer_id) & 2147483647) % ? = ?"
        params.push(input.lane.count, input.lane.index)
      }
      if (input.after) {
        extra += " AND (next_action_at, id) > (?, ?)"
        params.push(input.after.next_action_at, input.after.id)
      }
      params.push(input.limit)
      claimedRows = await runSql(
        manager,
        `SELECT id, customer_id, next_action_at FROM dunning_receivable
          WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL
            AND next_action_at <= ?${extra}
          ORDER BY next_action_at, id
          LIMIT ?`,
        params
      )
    }
    result.claimed = claimedRows.length
    if (!claimedRows.length) {
      return result
    }
    const lastRow = claimedRows[claimedRows.length - 1]
    result.last = { next_action_at: new Date(lastRow.next_action_at), id: lastRow.id }

    let customerIds = [...new Set(claimedRows.map((c) => c.customer_id))].sort()
    if (!input.dry_run) {
      const taken: Array<{ c: string }> = await runSql(
        manager,
        `SELECT c FROM unnest(?::text[]) AS c WHERE pg_try_advisory_xact_lock(hashtextextended('dunning-customer:' || c, 0))`,
        [textArray(customerIds)]
      )
      const takenSet = new Set(taken.map((t) => t.c))
      result.busy_customer_ids.push(...customerIds.filter((c) => !takenSet.has(c)))
      customerIds = customerIds.filter((c) => takenSet.has(c))
    }
    if (!customerIds.length) {
      return result
    }
    const customerArray = textArray(customerIds)
    // what a decision can involve: receivables whose next action has come, and overdue ones (listed in a
    // notice); an invoice due next month is neither, so a customer's open balance does not drive the cost
    const relevant = input.customer_ids ? "" : "AND (next_action_at <= ? OR due_at < ?)"
    const relevantParams = input.customer_ids ? [] : [now, now]
    // instants come back as epoch milliseconds: turning thousands of timestamp strings into dates in
    // JavaScript costs more than the query
    const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`
    const columns = `id, customer_id, number, currency_code, amount, amount_paid, ${epoch("issued_at")}, ${epoch("due_at")},
      stage, notices_sent, ${epoch("last_notice_at")}, ${epoch("hold_until")}, hold_reason, ${epoch("escalated_at")}`
    const wanted = `SELECT id, customer_id FROM dunning_receivable
        WHERE customer_id = ANY(?::text[]) AND status = 'open' AND deleted_at IS NULL AND amount > amount_paid ${relevant}`
    const rows: any[] = input.dry_run
      ? await runSql(manager, `SELECT ${columns} FROM dunning_receivable WHERE id IN (SELECT id FROM (${wanted}) w) ORDER BY id`, [
          customerArray,
          ...relevantParams,
        ])
      : // locks what it can without waiting, and says how many rows each customer has, in one round trip
        await runSql(
          manager,
          `WITH wanted AS MATERIALIZED (${wanted}),
                locked AS (SELECT ${columns} FROM dunning_receivable WHERE id IN (SELECT id FROM wanted) FOR UPDATE SKIP LOCKED),
                per_customer AS (SELECT customer_id, count(*)::int AS wanted FROM wanted GROUP BY customer_id)
           SELECT locked.*, per_customer.wanted FROM locked JOIN per_customer USING (customer_id) ORDER BY locked.id`,
          [customerArray, ...relevantParams]
        )
    if (!input.dry_run) {
      // a customer one of whose open receivables is locked elsewhere is seen incompletely: leave it for later
      const locked = new Map<string, number>()
      rows.forEach((r) => locked.set(r.customer_id, (locked.get(r.customer_id) ?? 0) + 1))
      const incomplete = new Set(rows.filter((r) => locked.get(r.customer_id) !== r.wanted).map((r) => r.customer_id))
      if (incomplete.size) {
        result.busy_customer_ids.push(...incomplete)
        customerIds = customerIds.filter((c) => !incomplete.has(c))
        for (let i = rows.length - 1; i >= 0; i--) {
          if (incomplete.has(rows[i].customer_id)) {
            rows.splice(i, 1)
          }
        }
      }
    }
    const customers = await input.describe(customerIds)
    result.customers_seen = customers.length
    result.receivables_seen = rows.length
    const contactRows: any[] = await runSql(manager, 
      `SELECT customer_id, scheduled_for FROM dunning_notice
        WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL
          AND status IN ('scheduled', 'sent') AND scheduled_for > ?`,
      [customerArray, new Date(now.getTime() - 30 * 86_400_000)]
    )
    // a customer has one notice in flight: what comes due meanwhile is folded into it (locked here, so no
    // delivery claims it before this batch commits)
    const pendingOf = await pendingNoticesOf(manager, { customer_ids: customerIds, now, lock: !input.dry_run })

    const kept = new Set(customerIds)
    const claimed = new Set(claimedRows.filter((r) => kept.has(r.customer_id)).map((r) => r.id))
    const byCustomer = new Map<string, any[]>()
    for (const row of rows) {
      const list = byCustomer.get(row.customer_id) ?? []
      list.push(row)
      byCustomer.set(row.customer_id, list)
    }
    const contactsOf = new Map<string, Date[]>()
    for (const c of contactRows) {
      const list = contactsOf.get(c.customer_id) ?? []
      list.push(new Date(c.scheduled_for))
      contactsOf.set(c.customer_id, list)
    }

    const noticeRows: Record<string, unknown>[] = []
    const eventRows: Record<string, unknown>[] = []
    const decided = new Map<string, { customer: BatchCustomer; decision: CustomerDecision; rows: any[] }>()
    const updates = new Map<string, CustomerDecision["updates"][number]>()

    for (const customer of customers) {
      const own = byCustomer.get(customer.customer_id) ?? []
      const receivables: CustomerReceivable[] = own.map((r) => ({
        id: r.id,
        currency_code: r.currency_code,
        amount: String(r.amount),
        amount_paid: String(r.amount_paid),
        due_at: new Date(r.due_at),
        stage: r.stage,
        notices_sent: r.notices_sent,
        last_notice_at: r.last_notice_at !== null ? new Date(r.last_notice_at) : null,
        hold_until: r.hold_until !== null ? new Date(r.hold_until) : null,
        hold_reason: r.hold_reason,
        escalated_at: r.escalated_at !== null ? new Date(r.escalated_at) : null,
        claimed: claimed.has(r.id) || !!customer.force,
      }))
      const decision = decideForCustomer({
        customer_id: customer.customer_id,
        now,
        rules: customer.rules,
        receivables,
        recent_contacts: contactsOf.get(customer.customer_id) ?? [],
        do_not_dun: customer.do_not_dun,
        force: customer.force,
        pending_notice: pendingOf.get(customer.customer_id) ?? null,
      })
      decided.set(customer.customer_id, { customer, decision, rows: own })
      for (const u of decision.updates) {
        updates.set(u.id, u)
      }
      for (const s of decision.skipped) {
        result.skipped[s.reason] = (result.skipped[s.reason] ?? 0) + s.receivable_ids.length
      }
    }

    const tz = (c: BatchCustomer) => c.rules.window.timezone
    const sourceOf = (row: any): LineSource => ({
      id: row.id,
      number: row.number,
      currency_code: row.currency_code,
      amount: String(row.amount),
      amount_paid: String(row.amount_paid),
      issued_at: new Date(row.issued_at),
      due_at: new Date(row.due_at),
    })

    const folds: NoticeFold[] = []
    for (const { customer, decision, rows: own } of decided.values()) {
      const rowById = new Map(own.map((r) => [r.id, r]))
      if (decision.notice?.fold_into) {
        const n = decision.notice
        const fold = foldOf(pendingOf.get(customer.customer_id)!, n, customer, {
          now,
          run_id: input.run_id,
          lines: noticeLines([...n.due_ids, ...n.listed_ids].map((id) => sourceOf(rowById.get(id))), now, tz(customer)),
        })
        folds.push(fold)
        result.folded.push({ notice_id: fold.id, customer_id: customer.customer_id, receivable_ids: n.due_ids })
      } else if (decision.notice) {
        const n = decision.notice
        const stage = customer.stages.find((s) => s.id === n.stage.id)!
        const covered = [...n.due_ids, ...n.listed_ids]
        const lines = noticeLines(covered.map((id) => sourceOf(rowById.get(id))), now, tz(customer))
        const totals = currencyTotals(lines)
        const id = entityId("dntc")
        const onRequest = onRequestOf(customer, n)
        noticeRows.push({
          id,
          customer_id: customer.customer_id,
          policy_id: customer.policy_id,
          stage_id: stage.id,
          stage_name: stage.name,
          stage_offset_days: stage.offset_days,
          tone: stage.tone,
          channel: stage.channel,
          recipients: customer.recipients,
          receivable_ids: lines.map((l) => l.id),
          due_receivable_ids: n.due_ids,
          lines: lines,
          totals: totals,
          language: customer.language,
          scheduled_for: now,
          next_attempt_at: now,
          idempotency_key: n.idempotency_key,
          run_id: input.run_id,
          on_request: onRequest,
        })
        result.notices.push({
          id,
          customer_id: customer.customer_id,
          stage_id: stage.id,
          stage_name: stage.name,
          receivable_ids: lines.map((l) => l.id),
          to: customer.recipients.to,
          lines,
          totals,
          language: customer.language,
        })
        eventRows.push({
          id: entityId("cevt"),
          customer_id: customer.customer_id,
          type: "claim_for_non_payment",
          title: collectionEventTitle("claim_for_non_payment"),
          receivable_ids: lines.map((l) => l.id),
          notice_id: id,
          note: [
            claimNote({ stage_name: stage.name, lines, totals, to: customer.recipients.to }),
            ...(onRequest ? [`(${onRequestNote(onRequest.name, onRequest.bypassed)})`] : []),
          ].join(" "),
          occurred_at: now,
          follow_up_status: "open",
          assigned_to: customer.rep_user_id,
          follow_up_due_at: new Date(now.getTime() + 2 * 86_400_000),
          idempotency_key: `notice:${n.idempotency_key}`,
        })
      }
      if (decision.escalation) {
        const e = decision.escalation
        const lines = noticeLines(own.map(sourceOf), now, tz(customer))
        const overdue = lines.filter((l) => l.days_overdue > 0)
        const escalated = e.receivable_ids.map((id) => rowById.get(id))
        const note = escalationSuggestion({
          notices_sent: Math.max(...escalated.map((r) => r.notices_sent)),
          days_overdue: Math.max(0, ...overdue.map((l) => l.days_overdue)),
          totals: currencyTotals(overdue.length ? overdue : lines),
        })
        eventRows.push({
          id: entityId("cevt"),
          customer_id: customer.customer_id,
          type: "escalated",
          title: collectionEventTitle("escalated"),
          receivable_ids: e.receivable_ids,
          notice_id: null,
          note,
          occurred_at: now,
          follow_up_status: "open",
          assigned_to: customer.rep_user_id,
          follow_up_due_at: now,
          idempotency_key: e.idempotency_key,
        })
        result.escalations.push({ customer_id: customer.customer_id, receivable_ids: e.receivable_ids, note })
      }
    }

    // receivables claimed but no longer open (paid or voided since the claim) leave the schedule
    const stillOpen = new Set(rows.map((r) => r.id))
    for (const id of claimed) {
      if (!updates.has(id) && !stillOpen.has(id)) {
        updates.set(id, null as any)
      }
    }

    if (input.dry_run) {
      return result
    }

    // which notice each receivable's new state depends on: if that notice turns out to exist already
    // (same customer, stage and day), the state stays as it was and the receivable is looked at tomorrow
    const noticeOf = new Map<string, string>()
    for (const n of noticeRows) {
      for (const id of n.receivable_ids as string[]) {
        noticeOf.set(id, n.id as string)
      }
    }
    const changes = [...updates.entries()].map(([id, u]) =>
      u
        ? { ...u, id, keep: false, notice_id: noticeOf.get(id) ?? null }
        : { id, keep: true, notice_id: null, stage: null, notices_sent: 0, last_notice_at: null, next_action_at: null, hold_until: null, hold_reason: null, escalated_at: null }
    )
    // the pending notices this batch locked take what came due; the receivables' states below go with them
    await foldIntoNotices(manager, folds)
    if (!noticeRows.length && !eventRows.length && !changes.length) {
      return result
    }
    // one statement writes the batch: notices, then the events and receivable states that go with the
    // notices that were really inserted
    const inserted: Array<{ id: string }> = await runSql(
      manager,
      `WITH n AS (
         INSERT INTO dunning_notice (id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel,
             recipients, receivable_ids, due_receivable_ids, lines, totals, language, scheduled_for, next_attempt_at,
             idempotency_key, run_id, on_request, status, attempts)
         SELECT id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel,
                recipients, receivable_ids, due_receivable_ids, lines, totals, language, scheduled_for, next_attempt_at,
                idempotency_key, run_id, on_request, 'scheduled', 0
           FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, policy_id text, stage_id text,
                stage_name text, stage_offset_days integer, tone text, channel text, recipients jsonb,
                receivable_ids jsonb, due_receivable_ids jsonb, lines jsonb, totals jsonb, language text,
                scheduled_for timestamptz, next_attempt_at timestamptz, idempotency_key text, run_id text, on_request jsonb)
         ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id),
       e AS (
         INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, note, author_type,
             occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key)
         SELECT id, customer_id, type, title, receivable_ids, notice_id, note, 'system',
                occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key
           FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, type text, title text,
                receivable_ids jsonb, notice_id text, note text, occurred_at timestamptz, follow_up_status text,
                assigned_to text, follow_up_due_at timestamptz, idempotency_key text)
          WHERE x.notice_id IS NULL OR x.notice_id IN (SELECT id FROM n)
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL DO NOTHING
         RETURNING 1),
       v AS (
         SELECT x.*, (x.notice_id IS NOT NULL AND x.notice_id NOT IN (SELECT id FROM n)) AS duplicate
           FROM jsonb_to_recordset(?::jsonb) AS x(id text, keep boolean, notice_id text, stage text,
                notices_sent integer, last_notice_at timestamptz, next_action_at timestamptz, hold_until timestamptz,
                hold_reason text, escalated_at timestamptz)),
       u AS (
         UPDATE dunning_receivable AS r
            SET stage = CASE WHEN v.keep OR v.duplicate THEN r.stage ELSE v.stage END,
                notices_sent = CASE WHEN v.keep OR v.duplicate THEN r.notices_sent ELSE v.notices_sent END,
                last_notice_at = CASE WHEN v.keep OR v.duplicate THEN r.last_notice_at ELSE v.last_notice_at END,
                next_action_at = CASE WHEN v.duplicate THEN ?::timestamptz ELSE v.next_action_at END,
                hold_until = CASE WHEN v.keep OR v.duplicate THEN r.hold_until ELSE v.hold_until END,
                hold_reason = CASE WHEN v.keep OR v.duplicate THEN r.hold_reason ELSE v.hold_reason END,
                escalated_at = CASE WHEN v.keep OR v.duplicate THEN r.escalated_at ELSE v.escalated_at END,
                updated_at = now()
           FROM v
          WHERE r.id = v.id
         RETURNING 1)
       SELECT id FROM n`,
      [
        jsonbRows(noticeRows),
        jsonbRows(eventRows),
        jsonbRows(changes),
        new Date(now.getTime() + 86_400_000),
      ]
    )
    if (inserted.length < noticeRows.length) {
      const insertedIds = new Set(inserted.map((i) => i.id))
      result.duplicates = noticeRows.length - inserted.length
      result.notices = result.notices.filter((n) => insertedIds.has(n.id!))
    }
    return result
  }

  /**
   * For each customer, the sent notices of the last year with the receivables they covered (delivery
   * works out from them how long ago these invoices were first claimed).
   */
  @InjectManager()
  async sentNoticesOf(
    input: { customer_ids: string[]; since: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ customer_id: string; receivable_ids: string[]; sent_at: Date }>> {
    if (!input.customer_ids.length) {
      return []
    }
    return await runSql(
      sharedContext.manager,
      `SELECT customer_id, receivable_ids, sent_at FROM dunning_notice
        WHERE customer_id = ANY(?::text[]) AND status = 'sent' AND deleted_at IS NULL AND sent_at >= ?`,
      [textArray(input.customer_ids), input.since]
    )
  }

  /** The collection profiles of many customers in one indexed query (the run reads them per batch). */
  @InjectManager()
  async profilesOf(
    customerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<
    Array<{
      customer_id: string
      billing_emails: string[] | null
      do_not_dun: boolean
      rep_user_id: string | null
      preferred_language: string | null
      policy_id: string | null
      email_failed_at: Date | null
      email_failure: string | null
    }>
  > {
    if (!customerIds.length) {
      return []
    }
    return await runSql(
      sharedContext.manager,
      `SELECT customer_id, billing_emails, do_not_dun, rep_user_id, preferred_language, policy_id, email_failed_at, email_failure
         FROM dunning_collection_profile WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL`,
      [textArray(customerIds)]
    )
  }

  /**
   * The default policy with its stages, created from `DEFAULT_POLICY` the first time anything asks for it.
   * Two callers racing to create it end up with one (a unique index allows a single default).
   */
  async ensureDefaultPolicy(): Promise<any> {
    const find = async () =>
      (await this.listDunningPolicies({ is_default: true }, { relations: ["stages"], take: 1 }))[0] ?? null
    const existing = await find()
    if (existing) {
      return existing
    }
    try {
      await this.createPolicyWithStages(DEFAULT_POLICY)
    } catch (e) {
      const again = await find()
      if (again) {
        return again
      }
      throw e
    }
    return await find()
  }

  /** Creates a policy and its stages in one transaction. */
  @InjectTransactionManager()
  async createPolicyWithStages(input: PolicyInput, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    const { stages, ...fields } = input
    const policy: any = await this.createDunningPolicies(fields as any, sharedContext)
    await this.createDunningStages(
      stages.map((s, position) => ({ ...stageFields(s), position, policy_id: policy.id })) as any[],
      sharedContext
    )
    return policy.id
  }

  /**
   * Replaces a policy's settings and stage list: stages sent with an id are updated, new ones created,
   * missing ones deleted (receivables that were at a deleted stage carry on from their next stage).
   */
  @InjectTransactionManager()
  async replacePolicy(id: string, input: PolicyInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const { stages, ...fields } = input
    await this.updateDunningPolicies({ id, ...fields } as any, sharedContext)
    const existing = await this.listDunningStages({ policy_id: id }, { select: ["id"] }, sharedContext)
    const kept = new Set(stages.map((s) => s.id).filter(Boolean))
    const removed = existing.map((s) => s.id).filter((sid) => !kept.has(sid))
    if (removed.length) {
      await this.deleteDunningStages(removed, sharedContext)
    }
    const known = new Set(existing.map((s) => s.id))
    for (const [position, stage] of stages.entries()) {
      if (stage.id && known.has(stage.id)) {
        await this.updateDunningStages({ id: stage.id, ...stageFields(stage), position } as any, sharedContext)
      } else {
        await this.createDunningStages({ ...stageFields(stage), position, policy_id: id } as any, sharedContext)
      }
    }
  }

  /**
   * Cancels scheduled notices of these customers that no longer cover any open balance (everything they
   * listed was paid, voided or written off before delivery), and closes the follow-up of their "Claim for
   * Non-Payment" events. Returns what it cancelled, to undo on compensation.
   */
  @InjectTransactionManager()
  async cancelSettledNotices(
    input: { customer_ids: string[]; now: Date; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!input.customer_ids.length) {
      return []
    }
    const manager = sharedContext.transactionManager as any
    const rows: Array<{ id: string }> = await manager.execute(
      `UPDATE dunning_notice AS n
          SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, next_attempt_at = NULL,
              delivery_lease_until = NULL, updated_at = now()
        WHERE n.status = 'scheduled' AND n.deleted_at IS NULL
          AND n.customer_id IN (${input.customer_ids.map(() => "?").join(", ")})
          AND NOT EXISTS (
            SELECT 1 FROM dunning_receivable r
             WHERE r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids))
               AND r.status = 'open' AND r.amount > r.amount_paid AND r.deleted_at IS NULL)
        RETURNING n.id`,
      [input.now, input.reason, ...input.customer_ids]
    )
    const ids = rows.map((r) => r.id)
    if (ids.length) {
      await manager.execute(
        `UPDATE dunning_collection_event
            SET follow_up_status = 'done', follow_up_done_at = ?, note = concat_ws(' ', note, ?), updated_at = now()
          WHERE notice_id IN (${ids.map(() => "?").join(", ")}) AND type = 'claim_for_non_payment'
            AND follow_up_status = 'open'`,
        [input.now, `(not sent: ${input.reason})`, ...ids]
      )
    }
    return ids
  }

  /**
   * The periodic clean-up behind the event-driven paths: cancels scheduled notices (not being delivered
   * right now) that no longer cover any open balance, and clears the next action of receivables that are
   * no longer open. Returns what it changed.
   */
  @InjectTransactionManager()
  async reconcileNotices(
    input: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ cancelled_notice_ids: string[]; cleared_receivables: number }> {
    const manager = sharedContext.transactionManager
    const reason = "nothing left to claim (found by the periodic check)"
    const cancelled: Array<{ id: string }> = await runSql(
      manager,
      `UPDATE dunning_notice AS n
          SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, next_attempt_at = NULL, updated_at = now()
        WHERE n.status = 'scheduled' AND n.deleted_at IS NULL
          AND (n.delivery_lease_until IS NULL OR n.delivery_lease_until < now())
          AND NOT EXISTS (
            SELECT 1 FROM dunning_receivable r
             WHERE r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids))
               AND r.status = 'open' AND r.amount > r.amount_paid AND r.deleted_at IS NULL)
        RETURNING n.id`,
      [input.now, reason]
    )
    const ids = cancelled.map((c) => c.id)
    if (ids.length) {
      await runSql(
        manager,
        `UPDATE dunning_collection_event
            SET follow_up_status = 'done', follow_up_done_at = ?, note = concat_ws(' ', note, ?::text), updated_at = now()
          WHERE notice_id = ANY(?::text[]) AND type = 'claim_for_non_payment' AND follow_up_status = 'open'`,
        [input.now, `(not sent: ${reason})`, textArray(ids)]
      )
    }
    const cleared: Array<{ id: string }> = await runSql(
      manager,
      `UPDATE dunning_receivable SET next_action_at = NULL, updated_at = now()
        WHERE status <> 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL
        RETURNING id`
    )
    return { cancelled_notice_ids: ids, cleared_receivables: cleared.length }
  }

  /**
   * Orders whose receivables are about to be chased: in a scheduled notice, or with their next action
   * within `horizon` (their Medusa payments are checked before anyone is reminded).
   */
  @InjectManager()
  async ordersAboutToBeChased(
    input: { now: Date; horizon_ms: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const rows: Array<{ order_id: string }> = await runSql(
      sharedContext.manager,
      `(SELECT r.order_id FROM dunning_notice n
          JOIN dunning_receivable r ON r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids))
         WHERE n.status = 'scheduled' AND n.deleted_at IS NULL AND r.status = 'open' AND r.order_id IS NOT NULL
         LIMIT ?)
       UNION
       (SELECT order_id FROM dunning_receivable
         WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL AND next_action_at <= ?
           AND order_id IS NOT NULL
         ORDER BY next_action_at LIMIT ?)`,
      [input.limit, new Date(input.now.getTime() + input.horizon_ms), input.limit]
    )
    return rows.map((r) => r.order_id)
  }

  /** Puts cancelled notices back to scheduled (compensation of `cancelSettledNotices`). */
  @InjectTransactionManager()
  async restoreCancelledNotices(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!ids.length) {
      return
    }
    const manager = sharedContext.transactionManager as any
    await manager.execute(
      `UPDATE dunning_notice SET status = 'scheduled', cancelled_at = NULL, cancel_reason = NULL,
              next_attempt_at = scheduled_for, updated_at = now()
        WHERE id IN (${ids.map(() => "?").join(", ")}) AND status = 'cancelled'`,
      ids
    )
    await manager.execute(
      `UPDATE dunning_collection_event SET follow_up_status = 'open', follow_up_done_at = NULL, updated_at = now()
        WHERE notice_id IN (${ids.map(() => "?").join(", ")}) AND type = 'claim_for_non_payment'`,
      ids
    )
  }

  /**
   * Puts receivables on hold, or takes them off it, and sets their next action accordingly. Returns the
   * hold fields as they were, so the caller's compensation can put them back with `restoreHolds`.
   */
  @InjectTransactionManager()
  async setHolds(
    input: {
      receivable_ids: string[]
      hold_until: Date | null
      hold_reason: string | null
      next_action_at: Date | null
      /** When releasing, only holds whose reason starts with this (e.g. "dispute:") are released. */
      only_reason_prefix?: string
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<HoldSnapshot[]> {
    if (!input.receivable_ids.length) {
      return []
    }
    const manager = sharedContext.transactionManager as any
    const where = `id IN (${input.receivable_ids.map(() => "?").join(", ")}) AND status = 'open' AND deleted_at IS NULL`
    const prefix = input.only_reason_prefix ? ` AND hold_reason LIKE ?` : ""
    const params = [...input.receivable_ids, ...(input.only_reason_prefix ? [`${input.only_reason_prefix}%`] : [])]
    const previous: HoldSnapshot[] = await manager.execute(
      `SELECT id, hold_until, hold_reason, next_action_at FROM dunning_receivable WHERE ${where}${prefix} ORDER BY id FOR UPDATE`,
      params
    )
    if (previous.length) {
      await manager.execute(
        `UPDATE dunning_receivable SET hold_until = ?, hold_reason = ?, next_action_at = ?, updated_at = now()
          WHERE id IN (${previous.map(() => "?").join(", ")})`,
        [input.hold_until, input.hold_reason, input.next_action_at, ...previous.map((p) => p.id)]
      )
    }
    return previous
  }

  @InjectTransactionManager()
  async restoreHolds(previous: HoldSnapshot[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.transactionManager as any
    for (const p of previous) {
      await manager.execute(
        `UPDATE dunning_receivable SET hold_until = ?, hold_reason = ?, next_action_at = ?, updated_at = now() WHERE id = ?`,
        [p.hold_until, p.hold_reason, p.next_action_at, p.id]
      )
    }
  }

  /**
   * Makes every open receivable that is not on hold due for re-planning by the next run (after a policy
   * changed, its stored next moments may be wrong). Walks the table in chunks by id so no statement holds
   * many row locks for long; returns how many rows it touched.
   */
  @InjectManager()
  async rescheduleOpenReceivables(
    input: { customer_ids?: string[]; chunk?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.manager as any
    const chunk = input.chunk ?? 5000
    const dueForAnyRun = NEXT_RUN
    const byCustomer = input.customer_ids?.length
      ? `AND customer_id IN (${input.customer_ids.map(() => "?").join(", ")})`
      : ""
    let after = ""
    let touched = 0
    for (;;) {
      const [row]: Array<{ last: string | null; touched: string }> = await manager.execute(
        `WITH chunk AS (
           SELECT id FROM dunning_receivable
            WHERE status = 'open' AND deleted_at IS NULL AND id > ? ${byCustomer}
            ORDER BY id LIMIT ?),
         changed AS (
           UPDATE dunning_receivable r SET next_action_at = ?, updated_at = now()
             FROM chunk
            WHERE r.id = chunk.id AND r.hold_reason IS NULL
           RETURNING r.id)
         SELECT (SELECT max(id) FROM chunk) AS last, (SELECT count(*) FROM changed) AS touched`,
        [after, ...(input.customer_ids ?? []), chunk, dueForAnyRun]
      )
      touched += Number(row.touched)
      if (!row.last) {
        break
      }
      after = row.last
    }
    return touched
  }

  /**
   * Claims up to `limit` scheduled notices whose next attempt has come and that no live delivery holds:
   * each claim counts an attempt and holds the notice for `lease_seconds` of real time (a delivery that
   * dies lets go when the lease ends; nothing stays stuck "sending"). Skips rows locked by a concurrent
   * claim, so workers never deliver the same notice at the same time.
   */
  @InjectTransactionManager()
  async claimDeliverableNotices(
    input: { now: Date; limit: number; lease_seconds: number; notice_ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedNotice[]> {
    const manager = sharedContext.transactionManager as any
    const only = input.notice_ids ? "AND id = ANY(?::text[])" : ""
    return await runSql(
      manager,
      `UPDATE dunning_notice
          SET delivery_lease_until = now() + (? * interval '1 second'), attempts = attempts + 1, updated_at = now()
        WHERE id IN (
          SELECT id FROM dunning_notice
           WHERE status = 'scheduled' AND deleted_at IS NULL AND next_attempt_at <= ?
             AND (delivery_lease_until IS NULL OR delivery_lease_until < now()) ${only}
           ORDER BY next_attempt_at, id
           LIMIT ?
           FOR UPDATE SKIP LOCKED)
        RETURNING id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel, recipients,
                  receivable_ids, due_receivable_ids, lines, totals, language, attempts, scheduled_for, idempotency_key`,
      [input.lease_seconds, input.now, ...(input.notice_ids ? [textArray(input.notice_ids)] : []), input.limit]
    )
  }

  /**
   * Renews this delivery's hold on one notice right before it is sent: true while the claim is still
   * this delivery's (same attempt, still scheduled). When a slow batch outlived its lease and another
   * delivery claimed the notice in the meantime, this returns false and the notice is left to the other;
   * likewise when a run folded newly due receivables into the notice after its lease ran out (the fold
   * clears the lease): the next claim delivers the notice as it is now.
   */
  @InjectManager()
  async renewDeliveryLease(
    input: { notice_id: string; attempt: number; lease_seconds: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const rows = await runSql(
      sharedContext.manager,
      `UPDATE dunning_notice SET delivery_lease_until = now() + (? * interval '1 second')
        WHERE id = ? AND attempts = ? AND status = 'scheduled' AND deleted_at IS NULL
          AND delivery_lease_until IS NOT NULL
        RETURNING id`,
      [input.lease_seconds, input.notice_id, input.attempt]
    )
    return rows.length === 1
  }

  /**
   * Records how the delivery of one notice ended, with what goes with it (a follow-up for the rep, the
   * customer's e-mail marked as failing, the claim's follow-up closed for a notice that was not sent),
   * in one transaction, and only while this delivery still holds the notice (same attempt, still
   * scheduled). Returns false when another delivery recorded it first.
   */
  @InjectTransactionManager()
  async recordDeliveryOutcome(outcome: DeliveryOutcome, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const manager = sharedContext.transactionManager as any
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v))
    if (outcome.status === "sent") {
      // a sent notice's lines are written with the payments of its receivables (dunning_notice_line), under
      // a share lock on them; taking it before the notice's row, in id order as every writer of receivables
      // does, means no run or payment ever waits on this notice while this waits on them
      await runSql(
        manager,
        `SELECT 1 FROM dunning_receivable
          WHERE id IN (SELECT jsonb_array_elements_text(receivable_ids) FROM dunning_notice WHERE id = ?)
             OR id = ANY(?::text[])
          ORDER BY id FOR SHARE`,
        [outcome.notice_id, textArray((outcome.lines ?? []).map((l) => l.id))]
      )
    }
    const updated: Array<{ id: string }> = await runSql(
      manager,
      `UPDATE dunning_notice
          SET status = ?, channel = COALESCE(?, channel), recipients = COALESCE(?::jsonb, recipients),
              receivable_ids = COALESCE(?::jsonb, receivable_ids), lines = COALESCE(?::jsonb, lines),
              totals = COALESCE(?::jsonb, totals), subject = COALESCE(?, subject), body_html = COALESCE(?, body_html),
              body_text = COALESCE(?, body_text), provider_message_id = COALESCE(?, provider_message_id),
              notification_id = COALESCE(?, notification_id), sent_at = ?, failed_at = ?, cancelled_at = ?,
              cancel_reason = ?, last_error = ?, next_attempt_at = ?, delivery_lease_until = NULL, updated_at = now()
        WHERE id = ? AND attempts = ? AND status = 'scheduled'
        RETURNING id`,
      [
        outcome.status,
        outcome.channel ?? null,
        json(outcome.recipients),
        json(outcome.receivable_ids),
        json(outcome.lines),
        json(outcome.totals),
        outcome.subject ?? null,
        outcome.body_html ?? null,
        outcome.body_text ?? null,
        outcome.provider_message_id ?? null,
        outcome.notification_id ?? null,
        outcome.status === "sent" ? outcome.at : null,
        outcome.status === "failed" ? outcome.at : null,
        outcome.status === "cancelled" ? outcome.at : null,
        outcome.cancel_reason ?? null,
        outcome.last_error ?? null,
        outcome.status === "scheduled" ? outcome.next_attempt_at ?? null : null,
        outcome.notice_id,
        outcome.attempt,
      ]
    )
    if (!updated.length) {
      return false
    }
    if (outcome.follow_up) {
      const f = outcome.follow_up
      await runSql(
        manager,
        `INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, note, author_type,
            occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key)
         VALUES (?, ?, 'delivery_failed', ?, ?::jsonb, ?, ?, 'system', ?, 'open', ?, ?, ?)
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL DO NOTHING`,
        [
          entityId("cevt"),
          f.customer_id,
          collectionEventTitle("delivery_failed"),
          JSON.stringify(f.receivable_ids),
          outcome.notice_id,
          f.note,
          outcome.at,
          f.assigned_to,
          outcome.at,
          `delivery-failed:${outcome.notice_id}`,
        ]
      )
    }
    if (outcome.email_failed) {
      await runSql(
        manager,
        `INSERT INTO dunning_collection_profile (id, customer_id, email_failed_at, email_failure)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) WHERE deleted_at IS NULL
         DO UPDATE SET email_failed_at = EXCLUDED.email_failed_at, email_failure = EXCLUDED.email_failure, updated_at = now()`,
        [entityId("cprof"), outcome.email_failed.customer_id, outcome.at, outcome.email_failed.reason]
      )
    }
    if (outcome.status === "cancelled" || outcome.status === "failed") {
      await runSql(
        manager,
        `UPDATE dunning_collection_event
            SET note = concat_ws(' ', note, ?::text), updated_at = now(),
                follow_up_status = CASE WHEN ?::boolean THEN 'done' ELSE follow_up_status END,
                follow_up_done_at = CASE WHEN ?::boolean THEN ?::timestamptz ELSE follow_up_done_at END
          WHERE notice_id = ? AND type = 'claim_for_non_payment'`,
        [
          outcome.status === "cancelled" ? `(not sent: ${outcome.cancel_reason})` : "(not delivered: see the delivery failure)",
          outcome.status === "cancelled",
          outcome.status === "cancelled",
          outcome.at,
          outcome.notice_id,
        ]
      )
    }
    return true
  }

  /**
   * Puts a failed notice back in the queue at `now`, with a fresh count of attempts (an admin fixed the
   * address or the template). Returns false when the notice is not failed.
   */
  @InjectTransactionManager()
  async requeueNotice(input: { id: string; now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const rows = await runSql(
      sharedContext.transactionManager,
      `UPDATE dunning_notice
          SET status = 'scheduled', attempts = 0, scheduled_for = ?, next_attempt_at = ?, failed_at = NULL,
              last_error = NULL, delivery_lease_until = NULL, updated_at = now()
        WHERE id = ? AND status = 'failed' AND deleted_at IS NULL
        RETURNING id`,
      [input.now, input.now, input.id]
    )
    return rows.length === 1
  }

  /**
   * What a running run has done so far, written after each of its batches: the run history shows the
   * progress, and a run whose process ended half-way is recognised by progress that stopped coming.
   */
  @InjectManager()
  async recordRunProgress(
    input: {
      run_id: string
      batches: number
      customers_seen: number
      receivables_seen: number
      notices_created: number
      escalations_created: number
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await runSql(
      sharedContext.manager,
      `UPDATE dunning_run SET batches = ?, customers_seen = ?, receivables_seen = ?, notices_created = ?,
              escalations_created = ?, updated_at = now()
        WHERE id = ? AND status = 'running'`,
      [input.batches, input.customers_seen, input.receivables_seen, input.notices_created, input.escalations_created, input.run_id]
    )
  }

  /**
   * Runs still marked running whose last sign of life is older than `stale_before` ended with their
   * process (a crash, a deploy, a killed container): they are marked failed, with what they had done so
   * far kept. Their unfinished batches were rolled back and stay due, so the next run does that work.
   */
  @InjectManager()
  async closeAbandonedRuns(
    input: { stale_before: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await runSql(
      sharedContext.manager,
      `UPDATE dunning_run
          SET status = 'failed', finished_at = now(), updated_at = now(),
              error = 'the run stopped without finishing (its server process ended); the batches it had not recorded stayed due and were left to the next run'
        WHERE status = 'running' AND deleted_at IS NULL AND updated_at < ?
        RETURNING id`,
      [input.stale_before]
    )
    return rows.map((r) => r.id)
  }

  /**
   * Takes a named lease until `until` when it is free or expired; renews it when `holder` already has it.
   * Returns whether `holder` holds the lease now.
   */
  @InjectTransactionManager()
  async acquireLease(
    input: { name: string; holder: string; until: Date; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as any
    const rows: any[] = await manager.execute(
      `INSERT INTO dunning_lease (id, name, holder, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) WHERE deleted_at IS NULL DO UPDATE
          SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, updated_at = now()
        WHERE dunning_lease.expires_at <= ? OR dunning_lease.holder = EXCLUDED.holder
       RETURNING holder`,
      [generateEntityId(undefined, "dlse"), input.name, input.holder, input.until, input.now]
    )
    return rows.length === 1 && rows[0].holder === input.holder
  }

  /** Gives a lease up (only its holder can). */
  @InjectTransactionManager()
  async releaseLease(input: { name: string; holder: string }, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager as any
    await manager.execute(`DELETE FROM dunning_lease WHERE name = ? AND holder = ?`, [input.name, input.holder])
  }

  protected async lockBalances_(ids: string[], sharedContext: Context): Promise<ReceivableBalanceSnapshot[]> {
    const manager = sharedContext.transactionManager as any
    const rows: any[] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount_paid, raw_amount_paid, paid_at, next_action_at
         FROM dunning_receivable
        WHERE id IN (${ids.map(() => "?").join(", ")}) AND deleted_at IS NULL
        ORDER BY id
        FOR UPDATE`,
      ids
    )
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id))
      const missing = ids.filter((id) => !found.has(id))
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Receivable(s) not found: ${missing.join(", ")}`)
    }
    return rows.map((r) => ({
      id: r.id,
      customer_id: r.customer_id,
      currency_code: r.currency_code,
      status: r.status,
      amount_paid: String(r.raw_amount_paid?.value ?? r.amount_paid),
      paid_at: r.paid_at,
      next_action_at: r.next_action_at,
    }))
  }

  protected async resettle_(ids: string[], sharedContext: Context): Promise<ReceivableBalanceSnapshot[]> {
    const receivables = await this.listReceivables(
      { id: ids },
      { relations: ["payments"] },
      sharedContext
    )
    const updates = receivables.map((r: any) => {
      const settlement = settle({
        status: r.status,
        amount: r.raw_amount?.value ?? r.amount,
        entries: (r.payments ?? []).map((p: any) => ({
          kind: p.kind,
          amount: p.raw_amount?.value ?? p.amount,
          paid_at: p.paid_at,
        })),
      })
      const stillOpen = settlement.status === "open"
      return {
        id: r.id,
        customer_id: r.customer_id,
        currency_code: r.currency_code,
        status: settlement.status,
        amount_paid: settlement.amount_paid,
        paid_at: settlement.paid_at,
        closed_at: stillOpen ? null : r.closed_at ?? settlement.paid_at ?? new Date(),
        // a receivable that is settled is never chased again; one that re-opens (refund) is looked at
        // by the next run, which decides its stage from scratch
        next_action_at: stillOpen ? r.next_action_at ?? NEXT_RUN : null,
      }
    })
    if (updates.length) {
      await this.updateReceivables(
        updates.map(({ customer_id, currency_code, ...u }) => u) as any,
        sharedContext
      )
    }
    return updates.map((u) => ({
      id: u.id,
      customer_id: u.customer_id,
      currency_code: u.currency_code,
      status: u.status,
      amount_paid: u.amount_paid,
      paid_at: u.paid_at,
      next_action_at: u.next_action_at,
    }))
  }

  /** Open follow-ups across customers, with what each customer owes past due: the reps' call list. */
  @InjectManager()
  async listCallList(input: CallListInput, @MedusaContext() sharedContext: Context = {}) {
    return await callList(sharedContext.manager, input)
  }

  /** Overdue receivables across customers, filtered and paged in the database. */
  @InjectManager()
  async listOverdueReceivables(input: OverdueInput, @MedusaContext() sharedContext: Context = {}) {
    return await overdueReceivables(sharedContext.manager, input)
  }

  /** Open balances per currency by days overdue, with the customers owing the most overdue money. */
  @InjectManager()
  async getAging(input: AgingInput, @MedusaContext() sharedContext: Context = {}): Promise<Aging> {
    return await computeAging(sharedContext.manager, input)
  }

  /** DSO, collection times, stage effectiveness, promises, disputes and notices per currency over a period. */
  @InjectManager()
  async getKpis(input: KpiInput, @MedusaContext() sharedContext: Context = {}): Promise<Kpis> {
    return await computeKpis(sharedContext.manager, input)
  }

  /** How one customer pays: open and overdue balances, payment habits, notices and promises. */
  @InjectManager()
  async getCollectionSummary(
    input: SummaryInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CollectionSummary> {
    return await computeCollectionSummary(sharedContext.manager, input)
  }
}

export default DunningModuleService
