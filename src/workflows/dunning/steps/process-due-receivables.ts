import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { BatchCustomer, PlannedNotice, RecordBatchResult } from "../../../modules/dunning/service"
import { renderNoticeIsolated, TemplateRenderError } from "../../../modules/dunning/templates"
import { templatesOfVariant, variantFor } from "../../../modules/dunning/domain/template-variants"
import { noticeContext, noticeTemplates, repsById, storeName } from "../notice-content"
import { customerCards, describeCustomers, loadPolicies, noticeAddresses, type CustomerCard, type LoadedPolicy } from "../run-context"

export const processDueReceivablesStepId = "dunning-process-due-receivables"

export type ProcessDueReceivablesInput = {
  now: Date | string
  run_id: string | null
  dry_run?: boolean
  /** Due receivables in flight at once, shared by the concurrent batches (each batch is one transaction). */
  batch_size?: number
  /** Only these customers, with every next stage due at once ("send the next reminder now"). */
  customer_ids?: string[]
  /** Renews the scheduled run's lease between batches. */
  lease?: { name: string; holder: string; ttl_ms: number } | null
  /** How many planned notices the result spells out (the counts always cover everything). */
  detail_limit?: number
  /** Batches processed at the same time (default: the `runConcurrency` option); previews use one. */
  concurrency?: number
  /** A preview stops once it has looked at this many customers (it answers inside an HTTP request). */
  customer_limit?: number
  /** The admin who started the run: a one-customer run ("send the next reminder now") records who asked. */
  triggered_by?: string | null
}

export type RunTotals = {
  batches: number
  customers_seen: number
  receivables_seen: number
  notices_created: number
  escalations_created: number
  duplicates: number
  /** Pending notices that newly due receivables were folded into instead of a second notice. */
  notices_folded: number
  skipped: Record<string, number>
  /** The first notices in full, with the subject each customer will see (or why it cannot be rendered). */
  notices: Array<PlannedNotice & { company: string | null; subject: string | null; render_error: string | null }>
  /** Ids of the first notices created (as many as `notices` spells out). */
  notice_ids: string[]
  escalations: RecordBatchResult["escalations"]
  /** A preview stopped at its customer limit while customers it did not look at are still due. */
  truncated: boolean
}

/**
 * The body of a dunning run: let the module claim, decide and record bounded batches of due receivables,
 * each atomically, until nothing due is left. Each committed batch is complete work, so there is nothing
 * to compensate: a run that dies half-way is continued by the next one (a batch that did not commit left
 * its receivables due) and the notices' idempotency keys stop anything from being done twice.
 */
export const processDueReceivablesStep = createStep(
  processDueReceivablesStepId,
  async (input: ProcessDueReceivablesInput, { container }) => {
    const run = await startRun(container, input)
    // each stream stops at its next batch once another has failed; the first failure fails the step
    await Promise.all(
      Array.from({ length: run.lanes }, (_, index) =>
        processLane(container, input, run, index).catch((e) => {
          run.failure ??= e
        })
      )
    )
    if (run.failure) {
      throw run.failure
    }
    return new StepResponse(run.totals)
  }
)

/** What the concurrent batch streams of one run share. */
type RunState = {
  now: Date
  totals: RunTotals
  policies: LoadedPolicy[]
  stageById: Map<string, { stage: LoadedPolicy["stages"][number]; policy: LoadedPolicy }>
  store: string
  requester: BatchCustomer["requested_by"]
  /** Customers a preview has shown already. */
  previewed: Set<string>
  /** Customers found busy: left to the next run rather than retried in a loop. */
  busy: Set<string>
  /** Batch streams, and each one's share of the batch size. */
  lanes: number
  laneBatch: number
  detailLimit: number
  failure: unknown
}

type ScanPosition = { next_action_at: Date; id: string } | null

async function startRun(container: MedusaContainer, input: ProcessDueReceivablesInput): Promise<RunState> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const policies = await loadPolicies(container)
  // a preview pages through due rows in order and a targeted run is one batch: both use one stream
  const lanes = input.dry_run || input.customer_ids ? 1 : Math.max(1, input.concurrency ?? dunning.getOptions().runConcurrency)
  return {
    now: new Date(input.now),
    totals: emptyTotals(),
    policies,
    stageById: new Map(policies.flatMap((p) => p.stages.map((s) => [s.id, { stage: s, policy: p }] as const))),
    store: await storeName(container, dunning.getOptions()),
    requester: await requesterOf(container, input),
    previewed: new Set(),
    busy: new Set(),
    lanes,
    // the batch size bounds the receivables in flight at once: the streams share it
    laneBatch: Math.max(1, Math.ceil((input.batch_size ?? 1000) / lanes)),
    detailLimit: input.detail_limit ?? 100,
    failure: null,
  }
}

function emptyTotals(): RunTotals {
  return {
    batches: 0,
    customers_seen: 0,
    receivables_seen: 0,
    notices_created: 0,
    escalations_created: 0,
    duplicates: 0,
    notices_folded: 0,
    skipped: {},
    notices: [],
    notice_ids: [],
    escalations: [],
    truncated: false,
  }
}

/** One stream of batches: claims, decides and records batches until nothing due is left for it. */
async function processLane(container: MedusaContainer, input: ProcessDueReceivablesInput, run: RunState, index: number): Promise<void> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const customers = laneCustomers(container, input, run)
  let after: ScanPosition = null
  while (!run.failure) {
    if (input.lease) {
      await renewRunLease(dunning, input.lease)
    }
    // a preview never reads more receivables than it still has customers to show: each brings at most one
    const limit = input.customer_limit ? Math.min(run.laneBatch, input.customer_limit - run.totals.customers_seen) : run.laneBatch
    if (limit <= 0) {
      run.totals.truncated = await moreCustomersDue(dunning, run.now, after, run.previewed)
      break
    }
    const result = await dunning.processDunningBatch({
      now: run.now,
      run_id: input.run_id,
      limit,
      dry_run: input.dry_run,
      after,
      customer_ids: input.customer_ids,
      exclude_customer_ids: [...run.busy],
      lane: { index, count: run.lanes },
      describe: customers.describe,
    })
    if (!result.claimed) {
      break
    }
    after = result.last
    result.busy_customer_ids.forEach((id) => run.busy.add(id))
    addBatch(run.totals, result)
    if (input.run_id) {
      await recordProgress(dunning, input.run_id, run.totals)
    }
    await spellOutNotices(container, run, result, customers.described())
    if (input.customer_ids || result.claimed < limit) {
      break
    }
  }
}

/**
 * The policy, rules and recipients of a batch's customers, as the module asks for them; the last batch's
 * are kept for spelling out its notices.
 */
function laneCustomers(container: MedusaContainer, input: ProcessDueReceivablesInput, run: RunState) {
  let described = new Map<string, BatchCustomer>()
  const describe = async (ids: string[]) => {
    // a preview pages through due rows: a customer is shown once, at its first due receivable
    const fresh = input.dry_run ? ids.filter((id) => !run.previewed.has(id)) : ids
    fresh.forEach((id) => run.previewed.add(id))
    const customers = await describeCustomers(container, fresh, run.policies, { force: !!input.customer_ids })
    customers.forEach((c) => (c.requested_by = run.requester))
    described = new Map(customers.map((c) => [c.customer_id, c]))
    return customers
  }
  return { describe, described: () => described }
}

/** Holds the scheduled run's lease for another term between batches; a run that lost it stops. */
async function renewRunLease(dunning: DunningModuleService, lease: NonNullable<ProcessDueReceivablesInput["lease"]>): Promise<void> {
  const held = await dunning.acquireLease({
    name: lease.name,
    holder: lease.holder,
    until: new Date(Date.now() + lease.ttl_ms),
    now: new Date(),
  })
  if (!held) {
    throw new Error("dunning: the run lost its lease to another worker; stopping")
  }
}

function addBatch(totals: RunTotals, result: RecordBatchResult): void {
  totals.batches += 1
  totals.customers_seen += result.customers_seen
  totals.receivables_seen += result.receivables_seen
  totals.notices_created += result.notices.length
  totals.escalations_created += result.escalations.length
  totals.duplicates += result.duplicates
  totals.notices_folded += result.folded.length
  for (const [reason, count] of Object.entries(result.skipped)) {
    totals.skipped[reason] = (totals.skipped[reason] ?? 0) + (count ?? 0)
  }
}

/** The run's record shows how far it has come after every batch. */
async function recordProgress(dunning: DunningModuleService, runId: string, totals: RunTotals): Promise<void> {
  await dunning.recordRunProgress({
    run_id: runId,
    batches: totals.batches,
    customers_seen: totals.customers_seen,
    receivables_seen: totals.receivables_seen,
    notices_created: totals.notices_created,
    escalations_created: totals.escalations_created,
  })
}

/** The first notices of the run in full (up to `detail_limit`), with the subject each customer will see. */
async function spellOutNotices(
  container: MedusaContainer,
  run: RunState,
  result: RecordBatchResult,
  described: Map<string, BatchCustomer>
): Promise<void> {
  const { totals, detailLimit } = run
  const detailed = result.notices.slice(0, Math.max(0, detailLimit - totals.notices.length))
  const names = await customerCards(container, detailed.map((n) => n.customer_id))
  const reps = await repsById(container, detailed.map((n) => described.get(n.customer_id)?.rep_user_id ?? ""))
  for (const notice of result.notices) {
    if (notice.id && totals.notice_ids.length < detailLimit) {
      totals.notice_ids.push(notice.id)
    }
  }
  const fallbackToCustomerEmail = container.resolve<DunningModuleService>(DUNNING_MODULE).getOptions().delivery.fallbackToCustomerEmail
  for (const notice of detailed) {
    const card = names.get(notice.customer_id)
    const { subject, render_error } = await previewSubject(container, run, notice, { customer: described.get(notice.customer_id)!, card, reps })
    totals.notices.push({
      ...notice,
      // where delivery will send it: without billing e-mails, the customer's own address only when allowed
      to: noticeAddresses({ billing_emails: notice.to, customer_email: card?.email, fallback_to_customer_email: fallbackToCustomerEmail }).to,
      company: card?.company ?? null,
      subject,
      render_error,
    })
  }
  if (totals.escalations.length < detailLimit) {
    totals.escalations.push(...result.escalations.slice(0, detailLimit - totals.escalations.length))
  }
}

/** The subject a planned notice will have, or why its templates cannot be rendered. */
async function previewSubject(
  container: MedusaContainer,
  run: RunState,
  notice: PlannedNotice,
  about: { customer: BatchCustomer; card: CustomerCard | undefined; reps: Map<string, { name: string; email: string | null }> }
): Promise<{ subject: string | null; render_error: string | null }> {
  const { customer, card, reps } = about
  const found = run.stageById.get(notice.stage_id)
  if (!found) {
    return { subject: null, render_error: null }
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const variant = variantFor(notice.customer_id, found.stage.id, found.stage as any)
  const written = noticeTemplates(templatesOfVariant(found.stage as any, variant), notice.language, dunning.getOptions().defaultLanguage)
  try {
    const rendered = await renderNoticeIsolated(
      written.templates,
      noticeContext(
        {
          customer: { id: notice.customer_id, ...(card ?? { name: "customer", company: null, email: null }) },
          lines: notice.lines,
          totals: notice.totals,
          stage: { name: found.stage.name, tone: found.stage.tone, position: found.stage.position, offset_days: found.stage.offset_days },
          notices_sent: 0,
          days_since_first_notice: null,
          language: written.locale,
          timezone: customer.rules.window.timezone,
          now: run.now,
          rep: customer.rep_user_id ? reps.get(customer.rep_user_id) ?? null : null,
          store_name: run.store,
        },
        dunning.getOptions()
      )
    )
    return { subject: rendered.subject, render_error: null }
  } catch (e) {
    return { subject: null, render_error: e instanceof TemplateRenderError ? e.message : "the templates could not be rendered" }
  }
}

/** The admin who asked for a one-customer run, with the name the notice's history shows. */
async function requesterOf(container: MedusaContainer, input: ProcessDueReceivablesInput): Promise<BatchCustomer["requested_by"]> {
  if (!input.customer_ids || !input.triggered_by) {
    return null
  }
  const reps = await repsById(container, [input.triggered_by])
  return { user_id: input.triggered_by, name: reps.get(input.triggered_by)?.name ?? null }
}

/** Whether a receivable is due, after `after` in the scan's order, for a customer not in `shown`. */
async function moreCustomersDue(
  dunning: DunningModuleService,
  now: Date,
  after: { next_action_at: Date; id: string } | null,
  shown: Set<string>
): Promise<boolean> {
  const later = after
    ? { $or: [{ next_action_at: { $gt: after.next_action_at } }, { next_action_at: after.next_action_at, id: { $gt: after.id } }] }
    : {}
  const [next] = await dunning.listReceivables(
    { status: "open", next_action_at: { $lte: now }, customer_id: { $nin: [...shown] }, ...later } as any,
    { select: ["id"], take: 1 }
  )
  return !!next
}
