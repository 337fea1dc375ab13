import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Aging, AgingInput, CollectionSummary, KpiInput, Kpis, SummaryInput } from "./analytics/types"
import type { PolicyInput } from "./domain/policy"
import {
  CollectionEvent, CollectionProfile, CreditHold, CustomerRisk, CustomerRiskChange, DunningLease, DunningPolicy,
  DunningRun, DunningStage, GroupTerms, Notice, Receivable, ReceivablePayment, TemplateVersion,
} from "./models"
import { parseDunningOptions, type DunningOptions } from "./options"
import { riskSettings } from "./risk-options"
import type { SelfServiceSettings } from "./self-service-options"
export type { SelfServiceSettings } from "./self-service-options"
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
  OrderAmountChange,
  PoliciesService,
  ProcessBatchInput, PlanInvoiceEmailsInput, PlanInvoiceEmailsResult,
  ReceivableBalanceSnapshot,
  ReceivableRevision,
  ReceivableRow,
  ReceivableUpsertResult,
  RecordBatchResult,
  SelfServiceService,
  LinkState, LinkSnapshot, CustomerReceivablesInput,
  CreditStandingService,
  CreditHoldByHand, CreditHoldResult, CreditHoldSnapshot, CustomerCreditRules,
  RiskRefreshInput, RiskRefreshResult, RiskScoringService,
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
  selfServiceService: SelfServiceService
  creditStandingService: CreditStandingService
  riskScoringService: RiskScoringService
}

/**
 * The dunning module's one public face: what workflows, routes, jobs and subscribers call. CRUD of every
 * model comes from `MedusaService`; every other method opens the transaction (or takes the caller's) and
 * hands the work, with that shared context, to the internal service responsible for it:
 * `services/ledger` (receivables and their ledger), `services/dunning-run` (the run's batches and
 * progress), `services/delivery-queue` (notices waiting to go out and their outcomes), `services/leases`,
 * `services/holds`, `services/policies`, `services/analytics` (call list, overdue list, aging, KPIs) and
 * `services/self-service` (the customer's collection page: links, what the customer sees, the request counter),
 * `services/credit-standing` (credit holds: the rules' evaluation, holds by hand, the run's candidates) and
 * `services/risk` (customers' risk scores and their changes of band).
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
  TemplateVersion,
  Notice,
  DunningRun,
  DunningLease,
  CreditHold,
  CustomerRisk,
  CustomerRiskChange,
}) {
  protected readonly options_: DunningOptions
  protected readonly ledger_: LedgerService
  protected readonly runner_: DunningRunnerService
  protected readonly deliveryQueue_: DeliveryQueueService
  protected readonly leases_: LeasesService
  protected readonly holds_: HoldsService
  protected readonly policies_: PoliciesService
  protected readonly analytics_: AnalyticsService
  protected readonly selfService_: SelfServiceService
  protected readonly creditStanding_: CreditStandingService
  protected readonly risk_: RiskScoringService

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
    this.selfService_ = container.selfServiceService
    this.creditStanding_ = container.creditStandingService
    this.risk_ = container.riskScoringService
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

  /** Makes an order's receivable claim what the order now comes to; null when it already does (see `LedgerService`). */
  @InjectTransactionManager()
  async followOrderAmount(
    input: { id: string; amount: string; now: Date; void_reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OrderAmountChange | null> {
    return await this.ledger_.followOrderAmount(this, input, sharedContext)
  }

  // the dunning run

  /** One batch of the dunning run, in one transaction (see `DunningRunnerService.processDunningBatch`). */
  @InjectTransactionManager()
  async processDunningBatch(input: ProcessBatchInput, @MedusaContext() sharedContext: Context = {}): Promise<RecordBatchResult> {
    return await this.runner_.processDunningBatch({ notes_language: this.options_.defaultLanguage, ...input }, sharedContext)
  }

  /** One batch of the invoice e-mails of new receivables (see `DunningRunnerService.planInvoiceEmails`). */
  @InjectTransactionManager()
  async planInvoiceEmails(input: PlanInvoiceEmailsInput, @MedusaContext() sharedContext: Context = {}): Promise<PlanInvoiceEmailsResult> {
    return await this.runner_.planInvoiceEmails(input, sharedContext)
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
  ): Promise<Array<{ customer_id: string; receivable_ids: string[]; sent_at: Date; channel: string; followed_by_payment: boolean }>> {
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

  /** The orders of open receivables held with a reason that starts with a prefix (e.g. an order change's). */
  @InjectManager()
  async ordersHeldWithReason(
    input: { reason_prefix: string; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await this.holds_.ordersHeldWithReason(input, sharedContext)
  }

  // policies

  /** The default policy with its stages, created the first time anything asks for it. */
  async ensureDefaultPolicy(): Promise<any> {
    return await this.policies_.ensureDefaultPolicy(this)
  }

  /** Creates a policy and its stages in one transaction. */
  @InjectTransactionManager()
  async createPolicyWithStages(input: PolicyInput, savedBy: string | null = null, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    return await this.policies_.createPolicyWithStages(this, input, savedBy, sharedContext)
  }

  /** Replaces a policy's settings and stage list in one transaction. */
  @InjectTransactionManager()
  async replacePolicy(id: string, input: PolicyInput, savedBy: string | null = null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.policies_.replacePolicy(this, id, input, savedBy, sharedContext)
  }

  // credit holds (see `CreditStandingService`)

  /** Evaluates customers against their rules; places (when `may_place`), lifts or updates automatic holds. */
  @InjectTransactionManager()
  async refreshCreditHolds(input: { customers: CustomerCreditRules[]; now: Date; may_place: boolean }, @MedusaContext() sharedContext: Context = {}): Promise<CreditHoldResult> {
    return await this.creditStanding_.refreshCreditHolds(this, input, sharedContext)
  }

  /** A hold placed or released by a person, with its reason. */
  @InjectTransactionManager()
  async changeCreditHoldByHand(input: CreditHoldByHand, @MedusaContext() sharedContext: Context = {}): Promise<CreditHoldResult> {
    return await this.creditStanding_.changeCreditHoldByHand(this, input, sharedContext)
  }

  /** Undoes a change of credit holds (compensation). */
  @InjectTransactionManager()
  async undoCreditHoldChanges(snapshot: CreditHoldSnapshot, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.creditStanding_.undoCreditHoldChanges(this, snapshot, sharedContext)
  }

  /** The customers the dunning run evaluates for credit holds. */
  async creditHoldCandidates(input: Parameters<CreditStandingService["creditHoldCandidates"]>[0]): Promise<string[]> {
    return await this.creditStanding_.creditHoldCandidates(input)
  }

  /** Scores the named customers, or the next batch of customers, at `now`; writes scores and changes of band (see `RiskScoringService`). */
  @InjectTransactionManager()
  async refreshRiskScores(input: RiskRefreshInput, @MedusaContext() sharedContext: Context = {}): Promise<RiskRefreshResult> {
    return await this.risk_.refreshRiskScores({ ...input, settings: riskSettings(this.options_.risk) }, sharedContext)
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

  // the customer's collection page (a signed link in every notice) and the storefront's view

  /** Whether the page is on, where its links point, and what it offers (never the secret). */
  selfServiceSettings(): SelfServiceSettings {
    return this.selfService_.settings(this.options_)
  }

  /** The link a notice sent at `now` carries to the customer's page, valid `linkTtlDays`; null while the page is off. */
  issueCollectionLink(input: { customer_id: string; link_version: number; now: Date }) {
    return this.selfService_.issueLink(this.options_, input)
  }

  /** The customer a link is for (with the language and rep the page speaks with), when it is good at `now`: page on, signed with the current secret, not expired, not revoked. */
  @InjectManager()
  async readCollectionLink(token: string, now: Date, @MedusaContext() sharedContext: Context = {}) {
    return await this.selfService_.readLink(this.options_, token, now, sharedContext)
  }

  /** A form token for one rendering of the page, bound to its link. */
  signSelfServiceForm(linkToken: string) {
    return this.selfService_.signForm(this.options_, linkToken)
  }

  /** The page nonce of a form token made for this link; null for anything else. */
  readSelfServiceForm(value: unknown, linkToken: string) {
    return this.selfService_.readForm(this.options_, value, linkToken)
  }

  /** Counts a request of the page against its link and its client address (see `selfService.rateLimit`). */
  takeSelfServiceAllowance(input: { link: string; address: string; now: Date }) {
    return this.selfService_.takeAllowance(this.options_.selfService.rateLimit, input)
  }

  /** Link versions, revocations and last notices of customers. */
  @InjectManager()
  async collectionLinkStates(customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, LinkState>> {
    return await this.selfService_.linkStates(customerIds, sharedContext)
  }

  /** Revokes every link sent to the customer so far; returns what `restoreCollectionLinks` puts back. */
  @InjectTransactionManager()
  async revokeCollectionLinks(input: { customer_id: string; now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<LinkSnapshot> {
    return await this.selfService_.revokeLinks(input, sharedContext)
  }

  @InjectTransactionManager()
  async restoreCollectionLinks(snapshot: LinkSnapshot, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    return await this.selfService_.restoreLinks(snapshot, sharedContext)
  }

  /** The customer's language and rep, as the notices use them. */
  @InjectManager()
  async selfServicePageFacts(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    return await this.selfService_.pageFacts(customerId, sharedContext)
  }

  /** A page of one customer's receivables as the customer may see them, with the count of all. */
  @InjectManager()
  async listCustomerReceivables(input: CustomerReceivablesInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.selfService_.customerReceivables(input, sharedContext)
  }

  /** What one customer owes per currency, over every open receivable. */
  @InjectManager()
  async customerOpenTotals(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    return await this.selfService_.openTotals(customerId, sharedContext)
  }
}

export default DunningModuleService
