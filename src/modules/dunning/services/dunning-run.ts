import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { pendingNoticesOf } from "../queries/pending-notices"
import { runSql, textArray } from "../sql"
import { planInvoiceEmails, type PlanInvoiceEmailsInput, type PlanInvoiceEmailsResult } from "./dunning-run/invoices"
import { planBatch, suggestNextSteps, type BatchPlan } from "./dunning-run/plan"
import { readCustomerPatterns } from "./risk/pattern"
import { byCustomer, loadReceivables, readDueRows, recentContactsOf, takeCustomers } from "./dunning-run/read"
import { CLOSE_ABANDONED_RUNS, COLLECTION_PROFILES, ORDERS_ABOUT_TO_BE_CHASED, RECORD_RUN_PROGRESS } from "./dunning-run/sql"
import type { CollectionProfileRow, ProcessBatchInput, RecordBatchResult } from "./dunning-run/types"
import { writeBatch } from "./dunning-run/write"

export type { PlanInvoiceEmailsInput, PlanInvoiceEmailsResult } from "./dunning-run/invoices"
export type { BatchCustomer, CollectionProfileRow, PlannedNotice, ProcessBatchInput, RecordBatchResult } from "./dunning-run/types"

/**
 * The dunning run's work inside the module: one batch at a time, each in one transaction, read → take
 * customers → load their receivables → decide → build notices and events → fold → write (the steps live
 * in `dunning-run/`); the run's progress and runs abandoned by a process that ended; and what the run
 * reads around a batch (collection profiles, orders about to be chased).
 */
export class DunningRunnerService extends InternalService {
  /**
   * One batch of the dunning run, in one transaction:
   * 1. read up to `limit` due receivables, oldest first, through the partial index on `next_action_at`;
   * 2. take each of their customers with a non-blocking advisory lock, and
   * 3. every open receivable of those customers with row locks that skip locked rows; a customer that is
   *    busy elsewhere (its lock, or one of its rows, held by another run or a payment being booked) is left
   *    for later, untouched. Nothing waits on anything, so two workers can never deadlock;
   * 4. lock the customers' notices still in flight (skipping any a delivery is claiming): a customer has at
   *    most one, and what comes due meanwhile is folded into it rather than sent as a second notice;
   * 5. decide with fresh data, customer by customer (one whose data cannot be read is left out), and
   * 6. write the folds, the notices, the "Claim for Non-Payment" and escalation events and the
   *    receivables' new dunning state together.
   * A crash rolls the whole batch back and its receivables stay due; the unique idempotency key of a notice
   * makes a second notice for the same customer, stage and day impossible.
   */
  @InjectTransactionManager()
  async processDunningBatch(input: ProcessBatchInput, @MedusaContext() sharedContext: Context = {}): Promise<RecordBatchResult> {
    const manager = sharedContext.transactionManager
    const result = emptyResult()
    const due = await readDueRows(manager, input)
    result.claimed = due.length
    if (!due.length) {
      return result
    }
    const lastRow = due[due.length - 1]
    result.last = { next_action_at: new Date(lastRow.next_action_at), id: lastRow.id }

    let customerIds = [...new Set(due.map((c) => c.customer_id))].sort()
    if (!input.dry_run) {
      const { taken, busy } = await takeCustomers(manager, customerIds)
      result.busy_customer_ids.push(...busy)
      customerIds = taken
    }
    if (!customerIds.length) {
      return result
    }
    const loaded = await loadReceivables(manager, input, customerIds)
    result.busy_customer_ids.push(...loaded.busy)
    customerIds = customerIds.filter((c) => !loaded.busy.has(c))

    const customers = await input.describe(customerIds)
    result.customers_seen = customers.length
    result.receivables_seen = loaded.rows.length
    const contactsOf = await recentContactsOf(manager, customerIds, input.now)
    const pendingOf = await pendingNoticesOf(manager, { customer_ids: customerIds, now: input.now, lock: !input.dry_run })

    const kept = new Set(customerIds)
    const claimed = new Set(due.filter((r) => kept.has(r.customer_id)).map((r) => r.id))
    const plan = planBatch(
      { now: input.now, run_id: input.run_id, customers, receivablesOf: byCustomer(loaded.rows), claimed, contactsOf, pendingOf, notes_language: input.notes_language ?? "en" },
      result
    )
    if (plan.escalation_notes.length) {
      const patterns = await readCustomerPatterns(manager, plan.escalation_notes.map((e) => e.customer_id), input.now)
      suggestNextSteps(plan, result, patterns, input.notes_language ?? "en")
    }
    leaveClosedReceivables(plan, claimed, new Set(loaded.rows.map((r) => r.id)))
    if (input.dry_run) {
      return result
    }
    await writeBatch(manager, plan, input.now, result)
    return result
  }

  /**
   * One batch of invoice e-mails, in one transaction: receivables whose invoice e-mail has come (see
   * `dunning-run/invoices.ts`) get a notice of kind `invoice` when their policy wants one, and are not
   * looked at again either way. Returns how many it took (0: none is left).
   */
  @InjectTransactionManager()
  async planInvoiceEmails(input: PlanInvoiceEmailsInput, @MedusaContext() sharedContext: Context = {}): Promise<PlanInvoiceEmailsResult> {
    return await planInvoiceEmails(sharedContext.transactionManager, input)
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
    await runSql(sharedContext.manager, RECORD_RUN_PROGRESS, [
      input.batches,
      input.customers_seen,
      input.receivables_seen,
      input.notices_created,
      input.escalations_created,
      input.run_id,
    ])
  }

  /**
   * Runs still marked running whose last sign of life is older than `stale_before` ended with their
   * process (a crash, a deploy, a killed container): they are marked failed, with what they had done so
   * far kept. Their unfinished batches were rolled back and stay due, so the next run does that work.
   */
  @InjectManager()
  async closeAbandonedRuns(input: { stale_before: Date }, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const rows: Array<{ id: string }> = await runSql(sharedContext.manager, CLOSE_ABANDONED_RUNS, [input.stale_before])
    return rows.map((r) => r.id)
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
    const rows: Array<{ order_id: string }> = await runSql(sharedContext.manager, ORDERS_ABOUT_TO_BE_CHASED, [
      input.limit,
      new Date(input.now.getTime() + input.horizon_ms),
      input.limit,
    ])
    return rows.map((r) => r.order_id)
  }

  /** The collection profiles of many customers in one indexed query (the run reads them per batch). */
  @InjectManager()
  async profilesOf(customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<CollectionProfileRow[]> {
    if (!customerIds.length) {
      return []
    }
    return await runSql(sharedContext.manager, COLLECTION_PROFILES, [textArray(customerIds)])
  }
}

function emptyResult(): RecordBatchResult {
  return {
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
}

/** Receivables claimed but no longer open (paid or voided since the claim) leave the schedule. */
function leaveClosedReceivables(plan: BatchPlan, claimed: Set<string>, stillOpen: Set<string>): void {
  for (const id of claimed) {
    if (!plan.updates.has(id) && !plan.next_actions.has(id) && !stillOpen.has(id)) {
      plan.next_actions.set(id, null)
    }
  }
}
