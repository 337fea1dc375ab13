import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectTransactionManager, MathBN, MedusaContext, MedusaError } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { NEXT_RUN } from "../domain/schedule"
import type DunningModuleService from "../service"
import { placeholders } from "../sql"
import { orderAmountUpdate, restorableOf, revisionProblems, revisionUpdate, settledFields } from "./ledger/rows"
import type {
  LedgerChange,
  NewLedgerEntry,
  OrderAmountChange,
  ReceivableBalanceSnapshot,
  ReceivableRevision,
  ReceivableRow,
  ReceivableUpsertResult,
} from "./ledger/types"

export type * from "./ledger/types"

/**
 * The receivables ledger: booking payments, refunds and adjustments, creating and updating receivables
 * (by hand, from orders, from an ERP), and undoing each of these for a workflow's compensation. A
 * receivable's balance and status are always re-derived from its ledger rows under a row lock, never
 * kept as a running total.
 *
 * Rows are read and written through the module's own CRUD (`records`, the main service), so that what
 * they store and the module events they emit are those of any other CRUD call of the module.
 */
export type LedgerRecords = Pick<
  DunningModuleService,
  | "listReceivables"
  | "retrieveReceivable"
  | "createReceivables"
  | "updateReceivables"
  | "deleteReceivables"
  | "listReceivablePayments"
  | "createReceivablePayments"
  | "deleteReceivablePayments"
>

/** Locks `count` receivables in id order; returns their balance fields. */
const LOCK_BALANCES = (count: number) => `
  SELECT id, customer_id, currency_code, status, amount_paid, raw_amount_paid, paid_at, next_action_at
    FROM dunning_receivable
   WHERE id IN (${placeholders(count)}) AND deleted_at IS NULL
   ORDER BY id
   FOR UPDATE`

/** Locks the receivables already known under these `(source, external_ref)` pairs; returns their ids and keys. */
const LOCK_KNOWN_REFERENCES = (pairs: number) => `
  SELECT id, source, external_ref FROM dunning_receivable
   WHERE deleted_at IS NULL AND (source, external_ref) IN (${Array.from({ length: pairs }, () => "(?, ?)").join(", ")})
   ORDER BY id FOR UPDATE`

export class LedgerService extends InternalService {
  /**
   * Books payments, refunds or adjustments on receivables and re-derives their balance and status from
   * the whole ledger, under a row lock on each receivable so that two captures arriving together cannot
   * both read the old balance. Entries whose `(source, external_ref)` is already booked are skipped,
   * which makes replayed events and retried ERP calls harmless.
   */
  @InjectTransactionManager()
  async bookLedgerEntries(
    records: LedgerRecords,
    entries: NewLedgerEntry[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerChange> {
    const receivableIds = [...new Set(entries.map((e) => e.receivable_id))]
    if (!receivableIds.length) {
      return { created: [], before: [], after: [] }
    }
    const before = await this.lockBalances(receivableIds, sharedContext)
    const fresh = await this.notYetBooked(records, entries, sharedContext)
    const created: any[] = fresh.length
      ? ((await records.createReceivablePayments(
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

    const after = await this.resettle(records, receivableIds, sharedContext)
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
    records: LedgerRecords,
    rows: ReceivableRow[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableUpsertResult> {
    const idByKey = await this.lockKnownReferences(rows, sharedContext)
    const known = (r: ReceivableRow) => !!r.external_ref && idByKey.has(referenceOf(r))
    const previous = idByKey.size ? await records.listReceivables({ id: [...idByKey.values()] }, {}, sharedContext) : []
    const toCreate = rows.filter((r) => !known(r))
    const created = await this.createReceivableRows(records, toCreate, sharedContext)
    await this.updateKnownRows(records, rows.filter(known), idByKey, previous, sharedContext)

    const receivableIds = rows.map((r) => (known(r) ? idByKey.get(referenceOf(r))! : created[toCreate.indexOf(r)].id))
    const ledgerEntryIds = await this.bookPaidAdjustments(records, rows, receivableIds, now, sharedContext)
    await this.resettle(records, [...new Set(receivableIds)], sharedContext)

    return {
      receivable_ids: receivableIds,
      created_ids: created.map((c) => c.id),
      previous: previous.map(restorableOf),
      ledger_entry_ids: ledgerEntryIds,
    }
  }

  /**
   * Changes a receivable by hand: its details, or its status (void, write off, re-open). Refuses changes
   * that would break the ledger's rules with a message naming the field. Returns the row as it was.
   */
  @InjectTransactionManager()
  async reviseReceivable(
    records: LedgerRecords,
    id: string,
    changes: ReceivableRevision,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: Record<string, unknown> }> {
    await this.lockBalances([id], sharedContext)
    const current: any = await records.retrieveReceivable(id, {}, sharedContext)
    const problems = revisionProblems(current, changes)
    if (problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))
    }
    await records.updateReceivables(revisionUpdate(current, changes, now) as any, sharedContext)
    await this.resettle(records, [id], sharedContext)
    return { previous: restorableOf(current) }
  }

  /** Puts receivables back as they were (`previous` rows from an upsert or a revision), then re-settles them. */
  @InjectTransactionManager()
  async putBackReceivables(
    records: LedgerRecords,
    previous: Record<string, unknown>[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!previous.length) {
      return
    }
    await records.updateReceivables(previous as any, sharedContext)
    await this.resettle(records, previous.map((p) => p.id as string), sharedContext)
  }

  /**
   * Makes an order's receivable claim what the order now comes to (an edit, a return, a claim or an
   * exchange changed it), under a row lock, and re-settles it: raised above what is paid it is open (again),
   * lowered to what is paid or below it is settled, lowered to nothing it is void. Returns null when the
   * amount is already that (a replayed event) or the receivable is void; otherwise the change with the row
   * as it was, for `putBackReceivables`.
   */
  @InjectTransactionManager()
  async followOrderAmount(
    records: LedgerRecords,
    input: { id: string; amount: string; now: Date; void_reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OrderAmountChange | null> {
    const [locked] = await this.lockBalances([input.id], sharedContext)
    const current: any = await records.retrieveReceivable(input.id, {}, sharedContext)
    const from = String(current.raw_amount?.value ?? current.amount)
    if (current.status === "void" || MathBN.eq(from, input.amount)) {
      return null
    }
    await records.updateReceivables(orderAmountUpdate(current, input.amount, input.now, input.void_reason) as any, sharedContext)
    const [after] = await this.resettle(records, [input.id], sharedContext)
    return {
      id: input.id,
      customer_id: locked.customer_id,
      currency_code: locked.currency_code,
      from,
      to: MathBN.lte(input.amount, 0) ? "0" : input.amount,
      status_before: locked.status,
      after,
      previous: restorableOf(current),
    }
  }

  /** Undoes `upsertReceivableRows` (compensation of the import workflow). */
  @InjectTransactionManager()
  async revertReceivableUpsert(
    records: LedgerRecords,
    result: Pick<ReceivableUpsertResult, "created_ids" | "previous" | "ledger_entry_ids">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (result.ledger_entry_ids.length) {
      await records.deleteReceivablePayments(result.ledger_entry_ids, sharedContext)
    }
    if (result.created_ids.length) {
      await records.deleteReceivables(result.created_ids, sharedContext)
    }
    if (result.previous.length) {
      await records.updateReceivables(result.previous as any, sharedContext)
    }
  }

  /**
   * Undoes `bookLedgerEntries`: removes the given ledger rows and puts back the receivables' balance
   * fields exactly as they were (the compensation of the apply-payment workflow).
   */
  @InjectTransactionManager()
  async revertLedgerEntries(
    records: LedgerRecords,
    input: { ledger_entry_ids: string[]; before: ReceivableBalanceSnapshot[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.lockBalances(
      input.before.map((b) => b.id),
      sharedContext
    )
    if (input.ledger_entry_ids.length) {
      await records.deleteReceivablePayments(input.ledger_entry_ids, sharedContext)
    }
    if (input.before.length) {
      await records.updateReceivables(
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
    records: LedgerRecords,
    receivableIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableBalanceSnapshot[]> {
    await this.lockBalances(receivableIds, sharedContext)
    return await this.resettle(records, receivableIds, sharedContext)
  }

  /** Locks the receivables (in id order, as every writer of receivables does); refuses missing ones. */
  protected async lockBalances(ids: string[], sharedContext: Context): Promise<ReceivableBalanceSnapshot[]> {
    const manager = sharedContext.transactionManager as any
    const rows: any[] = await manager.execute(LOCK_BALANCES(ids.length), ids)
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

  /** Sets balance, status and next action of receivables from their ledger rows; returns the new balance fields. */
  protected async resettle(records: LedgerRecords, ids: string[], sharedContext: Context): Promise<ReceivableBalanceSnapshot[]> {
    const receivables = await records.listReceivables({ id: ids }, { relations: ["payments"] }, sharedContext)
    const updates = receivables.map(settledFields)
    if (updates.length) {
      await records.updateReceivables(
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

  /** The entries whose `(source, external_ref)` is booked neither before nor earlier in the same call. */
  protected async notYetBooked(records: LedgerRecords, entries: NewLedgerEntry[], sharedContext: Context): Promise<NewLedgerEntry[]> {
    const existing = await records.listReceivablePayments(
      {
        $or: entries.map((e) => ({ source: e.source, external_ref: e.external_ref })),
      } as any,
      { select: ["source", "external_ref"] },
      sharedContext
    )
    const booked = new Set(existing.map((p) => `${p.source}\u0000${p.external_ref}`))
    const seen = new Set<string>()
    return entries.filter((e) => {
      const key = `${e.source}\u0000${e.external_ref}`
      if (booked.has(key) || seen.has(key)) {
        return false
      }
      seen.add(key)
      return true
    })
  }

  /** The ids of the rows' receivables that already exist, by `(source, external_ref)`, locked. */
  protected async lockKnownReferences(rows: ReceivableRow[], sharedContext: Context): Promise<Map<string, string>> {
    const manager = sharedContext.transactionManager as any
    const keyed = rows.filter((r) => r.external_ref)
    const existing: any[] = keyed.length
      ? await manager.execute(
          LOCK_KNOWN_REFERENCES(keyed.length),
          keyed.flatMap((r) => [r.source ?? "manual", r.external_ref])
        )
      : []
    return new Map(existing.map((r) => [`${r.source}\u0000${r.external_ref}`, r.id as string]))
  }

  protected async createReceivableRows(records: LedgerRecords, rows: ReceivableRow[], sharedContext: Context): Promise<any[]> {
    if (!rows.length) {
      return []
    }
    return (await records.createReceivables(
      rows.map((r) => ({
        customer_id: r.customer_id,
        order_id: r.order_id ?? null,
        number: r.number,
        source: r.source ?? "manual",
        external_ref: r.external_ref ?? null,
        currency_code: r.currency_code.toLowerCase(),
        amount: r.amount,
        issued_at: r.issued_at,
        due_at: r.due_at,
        terms_days: r.terms_days ?? null,
        terms_start: r.terms_start ?? null,
        metadata: r.metadata ?? null,
        status: "open" as const,
        // looked at by the next dunning run, which works out its schedule; one waiting for its terms to
        // start has nothing to plan yet
        next_action_at: r.due_at ? NEXT_RUN : null,
        // the run that acts once it is issued plans its invoice e-mail (if the customer's policy wants one)
        invoice_email_at: r.issued_at,
      })) as any[],
      sharedContext
    )) as unknown as any[]
  }

  protected async updateKnownRows(
    records: LedgerRecords,
    rows: ReceivableRow[],
    idByKey: Map<string, string>,
    previous: any[],
    sharedContext: Context
  ): Promise<void> {
    if (!rows.length) {
      return
    }
    const previousById = new Map(previous.map((p: any) => [p.id, p]))
    await records.updateReceivables(
      rows.map((r) => {
        const id = idByKey.get(referenceOf(r))!
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
          terms_days: r.terms_days === undefined ? before.terms_days : r.terms_days,
          terms_start: r.terms_start === undefined ? before.terms_start : r.terms_start,
          metadata: r.metadata === undefined ? before.metadata : r.metadata,
          // a changed due date or amount changes the schedule: let the next run re-derive it
          next_action_at: before.status === "open" && r.due_at ? NEXT_RUN : before.next_action_at,
        }
      }) as any,
      sharedContext
    )
  }

  /** Books the difference between each row's `amount_paid` and what is booked as an adjustment; returns the new ledger ids. */
  protected async bookPaidAdjustments(
    records: LedgerRecords,
    rows: ReceivableRow[],
    receivableIds: string[],
    now: Date,
    sharedContext: Context
  ): Promise<string[]> {
    const adjustments = rows.map((r, i) => ({ r, id: receivableIds[i] })).filter(({ r }) => r.amount_paid !== undefined)
    if (!adjustments.length) {
      return []
    }
    const current = await records.listReceivables(
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
    if (!entries.length) {
      return []
    }
    const booked = (await records.createReceivablePayments(entries as any[], sharedContext)) as unknown as any[]
    return booked.map((b) => b.id)
  }
}

function referenceOf(r: ReceivableRow): string {
  return `${r.source ?? "manual"}\u0000${r.external_ref}`
}

