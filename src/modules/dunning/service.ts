import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Aging, AgingInput, CollectionSummary, KpiInput, Kpis, SummaryInput } from "./analytics/types"
import type { PolicyInput } from "./domain/policy"
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
import type { CallListInput, OverdueInput } from "./queries/worklists"
import type {
  AnalyticsService,
  ClaimedNotice,
  DeliveryOutcome,
  DeliveryQueueService,
  DunningRunnerService,
  HoldSnapshot,
  HoldsService,
  LeasesService,
  LedgerChange,
  LedgerService,
  NewLedgerEntry,
  PoliciesService,
  ProcessBatchInput,
  ReceivableBalanceSnapshot,
  ReceivableRevision,
  ReceivableRow,
  ReceivableUpsertResult,
  RecordBatchResult,
} from "./services"

// the types of what the module's methods take and return, where workflows and routes import them from
export type * from "./services"

/** The internal services, as Medusa registers them in the module's container (see `services/index.ts`). */
type InjectedDependencies = {
  ledgerService: LedgerService
  dunningRunnerService: DunningRunnerService
  deliveryQueueService: DeliveryQueueService
  leasesService: LeasesService
  holdsService: HoldsService
  policiesService: PoliciesService
  analyticsService: AnalyticsService
}

/**
 * The dunning module's one public face: what workflows, routes, jobs and subscribers call. CRUD of every
 * model comes from `MedusaService`; every other method opens the transaction (or takes the caller's) and
 * hands the work, with that shared context, to the internal service responsible for it:
 * `services/ledger` (receivables and their ledger), `services/dunning-run` (the run's batches and
 * progress), `services/delivery-queue` (notices waiting to go out and their outcomes), `services/leases`,
 * `services/holds`, `services/policies` and `services/analytics` (call list, overdue list, aging, KPIs).
 * The ledger and the policies read and write rows through this service's own CRUD, passed to them as
 * `records`, so that those rows and the module events they emit are exactly those of a CRUD call.
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
  protected readonly ledger_: LedgerService
  protected readonly runner_: DunningRunnerService
  protected readonly deliveryQueue_: DeliveryQueueService
  protected readonly leases_: LeasesService
  protected readonly holds_: HoldsService
  protected readonly policies_: PoliciesService
  protected readonly analytics_: AnalyticsService

  constructor(container: InjectedDependencies, options?: Record<string, unknown>) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseDunningOptions(options)
    this.ledger_ = container.ledgerService
    this.runner_ = container.dunningRunnerService
    this.deliveryQueue_ = container.deliveryQueueService
    this.leases_ = container.leasesService
    this.holds_ = container.holdsService
    this.policies_ = container.policiesService
    this.analytics_ = container.analyticsService
  }

  getOptions(): DunningOptions {
    return this.options_
  }

  // the ledger: receivables, payments, refunds, adjustments, and undoing each for a compensation

  /** Books ledger entries under a row lock and re-derives each receivable's balance (see `LedgerService`). */
  @InjectTransactionManager()
  async bookLedgerEntries(entries: NewLedgerEntry[], @MedusaContext() sharedContext: Context = {}): Promise<LedgerChange> {
    return await this.ledger_.bookLedgerEntries(this, entries, sharedContext)
  }

  /** Creates or updates receivables by `(source, external_ref)`, all or nothing. */
  @InjectTransactionManager()
  async upsertReceivableRows(
    rows: ReceivableRow[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableUpsertResult> {
    return await this.ledger_.upsertReceivableRows(this, rows, now, sharedContext)
  }

  /** Changes a receivable by hand (details or status); returns the row as it was. */
  @InjectTransactionManager()
  async reviseReceivable(
    id: string,
    changes: ReceivableRevision,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ previous: Record<string, unknown> }> {
    return await this.ledger_.reviseReceivable(this, id, changes, now, sharedContext)
  }

  /** Puts receivables back as they were (`previous` rows from an upsert or a revision), then re-settles them. */
  @InjectTransactionManager()
  async putBackReceivables(previous: Record<string, unknown>[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.ledger_.putBackReceivables(this, previous, sharedContext)
  }

  /** Undoes `upsertReceivableRows` (compensation of the import workflow). */
  @InjectTransactionManager()
  async revertReceivableUpsert(
    result: Pick<ReceivableUpsertResult, "created_ids" | "previous" | "ledger_entry_ids">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return await this.ledger_.revertReceivableUpsert(this, result, sharedContext)
  }

  /** Undoes `bookLedgerEntries` exactly (compensation of the apply-payment workflow). */
  @InjectTransactionManager()
  async revertLedgerEntries(
    input: { ledger_entry_ids: string[]; before: ReceivableBalanceSnapshot[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return await this.ledger_.revertLedgerEntries(this, input, sharedContext)
  }

  /** Re-derives balance and status of receivables from their ledger; returns the new balance fields. */
  @InjectTransactionManager()
  async resettleReceivables(
    receivableIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReceivableBalanceSnapshot[]> {
    return await this.ledger_.resettleReceivables(this, receivableIds, sharedContext)
  }

  // the dunning run

  /** One batch of the dunning run, in one transaction (see `DunningRunnerService.processDunningBatch`). */
  @InjectTransactionManager()
  async processDunningBatch(input: ProcessBatchInput, @MedusaContext() sharedContext: Context = {}): Promise<RecordBatchResult> {
    return await this.runner_.processDunningBatch(input, sharedContext)
  }

  /** Writes a running run's progress after each batch. */
  @InjectManager()
  async recordRunProgress(
    input: Parameters<DunningRunnerService["recordRunProgress"]>[0],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return await this.runner_.recordRunProgress(input, sharedContext)
  }

  /** Marks failed the runs whose process ended half-way; returns their ids. */
  @InjectManager()
  async closeAbandonedRuns(input: { stale_before: Date }, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await this.runner_.closeAbandonedRuns(input, sharedContext)
  }

  /** Orders whose receivables are about to be chased (their payments are checked first). */
  @InjectManager()
  async ordersAboutToBeChased(
    input: { now: Date; horizon_ms: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await this.runner_.ordersAboutToBeChased(input, sharedContext)
  }

  /** The collection profiles of many customers in one indexed query. */
  @InjectManager()
  async profilesOf(customerIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await this.runner_.profilesOf(customerIds, sharedContext)
  }

  // the delivery queue

  /** Claims due notices under a lease, counting an attempt (see `DeliveryQueueService`). */
  @InjectTransactionManager()
  async claimDeliverableNotices(
    input: { now: Date; limit: number; lease_seconds: number; notice_ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedNotice[]> {
    return await this.deliveryQueue_.claimDeliverableNotices(input, sharedContext)
  }

  /** Renews this delivery's lease on a notice right before it is sent; false when the claim is no longer its own. */
  @InjectManager()
  async renewDeliveryLease(
    input: { notice_id: string; attempt: number; lease_seconds: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await this.deliveryQueue_.renewDeliveryLease(input, sharedContext)
  }

  /** Records how a delivery ended, with its follow-up; false when another delivery recorded it first. */
  @InjectTransactionManager()
  async recordDeliveryOutcome(outcome: DeliveryOutcome, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await this.deliveryQueue_.recordDeliveryOutcome(outcome, sharedContext)
  }

  /** Puts a failed notice back in the queue; false when it is not failed. */
  @InjectTransactionManager()
  async requeueNotice(input: { id: string; now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await this.deliveryQueue_.requeueNotice(input, sharedContext)
  }

  /** Cancels these customers' scheduled notices that nothing is owed on any more; returns their ids. */
  @InjectTransactionManager()
  async cancelSettledNotices(
    input: { customer_ids: string[]; now: Date; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await this.deliveryQueue_.cancelSettledNotices(input, sharedContext)
  }

  /** Puts cancelled notices back to scheduled (compensation of `cancelSettledNotices`). */
  @InjectTransactionManager()
  async restoreCancelledNotices(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.deliveryQueue_.restoreCancelledNotices(ids, sharedContext)
  }

  /** The periodic clean-up: cancels notices nothing is owed on, clears closed receivables' next action. */
  @InjectTransactionManager()
  async reconcileNotices(
    input: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ cancelled_notice_ids: string[]; cleared_receivables: number }> {
    return await this.deliveryQueue_.reconcileNotices(input, sharedContext)
  }

  /** Each customer's sent notices since `since`, with the receivables they covered. */
  @InjectManager()
  async sentNoticesOf(
    input: { customer_ids: string[]; since: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ customer_id: string; receivable_ids: string[]; sent_at: Date }>> {
    return await this.deliveryQueue_.sentNoticesOf(input, sharedContext)
  }

  // leases

  /** Takes or renews a named lease; returns whether `holder` holds it now. */
  @InjectTransactionManager()
  async acquireLease(
    input: { name: string; holder: string; until: Date; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await this.leases_.acquireLease(input, sharedContext)
  }

  /** Gives a lease up (only its holder can). */
  @InjectTransactionManager()
  async releaseLease(input: { name: string; holder: string }, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.leases_.releaseLease(input, sharedContext)
  }

  // holds and re-planning

  /** Puts receivables on hold or off it; returns the hold fields as they were. */
  @InjectTransactionManager()
  async setHolds(input: Parameters<HoldsService["setHolds"]>[0], @MedusaContext() sharedContext: Context = {}): Promise<HoldSnapshot[]> {
    return await this.holds_.setHolds(input, sharedContext)
  }

  /** Puts hold fields back (compensation of `setHolds`). */
  @InjectTransactionManager()
  async restoreHolds(previous: HoldSnapshot[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.holds_.restoreHolds(previous, sharedContext)
  }

  /** Makes open receivables not on hold due for re-planning by the next run; returns how many it touched. */
  @InjectManager()
  async rescheduleOpenReceivables(
    input: { customer_ids?: string[]; chunk?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return await this.holds_.rescheduleOpenReceivables(input, sharedContext)
  }

  // policies

  /** The default policy with its stages, created the first time anything asks for it. */
  async ensureDefaultPolicy(): Promise<any> {
    return await this.policies_.ensureDefaultPolicy(this)
  }

  /** Creates a policy and its stages in one transaction. */
  @InjectTransactionManager()
  async createPolicyWithStages(input: PolicyInput, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    return await this.policies_.createPolicyWithStages(this, input, sharedContext)
  }

  /** Replaces a policy's settings and stage list in one transaction. */
  @InjectTransactionManager()
  async replacePolicy(id: string, input: PolicyInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.policies_.replacePolicy(this, id, input, sharedContext)
  }

  // the read side

  /** Open follow-ups across customers, with what each customer owes past due: the reps' call list. */
  @InjectManager()
  async listCallList(input: CallListInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.analytics_.listCallList(input, sharedContext)
  }

  /** Overdue receivables across customers, filtered and paged in the database. */
  @InjectManager()
  async listOverdueReceivables(input: OverdueInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.analytics_.listOverdueReceivables(input, sharedContext)
  }

  /** Open balances per currency by days overdue, with the customers owing the most overdue money. */
  @InjectManager()
  async getAging(input: AgingInput, @MedusaContext() sharedContext: Context = {}): Promise<Aging> {
    return await this.analytics_.getAging(input, sharedContext)
  }

  /** DSO, collection times, stage effectiveness, promises, disputes and notices per currency over a period. */
  @InjectManager()
  async getKpis(input: KpiInput, @MedusaContext() sharedContext: Context = {}): Promise<Kpis> {
    return await this.analytics_.getKpis(input, sharedContext)
  }

  /** How one customer pays: open and overdue balances, payment habits, notices and promises. */
  @InjectManager()
  async getCollectionSummary(input: SummaryInput, @MedusaContext() sharedContext: Context = {}): Promise<CollectionSummary> {
    return await this.analytics_.getCollectionSummary(input, sharedContext)
  }
}

export default DunningModuleService
