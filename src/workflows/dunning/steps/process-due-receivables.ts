import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { BatchCustomer, PlannedNotice, RecordBatchResult } from "../../../modules/dunning/service"
import { renderNoticeIsolated, TemplateRenderError } from "../../../modules/dunning/templates"
import { noticeContext, repsById, storeName, templatesFor } from "../notice-content"
import { customerCards, describeCustomers, loadPolicies } from "../run-context"

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
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = new Date(input.now)
    const batchSize = input.batch_size ?? 1000
    const detailLimit = input.detail_limit ?? 100
    const policies = await loadPolicies(container)
    const stageById = new Map(policies.flatMap((p) => p.stages.map((s) => [s.id, { stage: s, policy: p }] as const)))
    const store = await storeName(container, dunning.getOptions())
    const totals: RunTotals = {
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
    const requester = await requesterOf(container, input)
    const previewed = new Set<string>()
    const busy = new Set<string>()
    // a preview pages through due rows in order and a targeted run is one batch: both use one stream
    const lanes =
      input.dry_run || input.customer_ids ? 1 : Math.max(1, input.concurrency ?? dunning.getOptions().runConcurrency)
    // the batch size bounds the receivables in flight at once: the streams share it
    const laneBatch = Math.max(1, Math.ceil(batchSize / lanes))
    let failure: unknown = null

    const lane = async (index: number) => {
      let after: { next_action_at: Date; id: string } | null = null
      let described = new Map<string, BatchCustomer>()
      const describe = async (ids: string[]) => {
        // a preview pages through due rows: a customer is shown once, at its first due receivable
        const fresh = input.dry_run ? ids.filter((id) => !previewed.has(id)) : ids
        fresh.forEach((id) => previewed.add(id))
        const customers = await describeCustomers(container, fresh, policies, { force: !!input.customer_ids })
        customers.forEach((c) => (c.requested_by = requester))
        described = new Map(customers.map((c) => [c.customer_id, c]))
        return customers
      }

      while (!failure) {
        if (input.lease) {
          const held = await dunning.acquireLease({
            name: input.lease.name,
            holder: input.lease.holder,
            until: new Date(Date.now() + input.lease.ttl_ms),
            now: new Date(),
          })
          if (!held) {
            throw new Error("dunning: the run lost its lease to another worker; stopping")
          }
        }
        // a preview never reads more receivables than it still has customers to show: each brings at most one
        const limit = input.customer_limit ? Math.min(laneBatch, input.customer_limit - totals.customers_seen) : laneBatch
        if (limit <= 0) {
          totals.truncated = await moreCustomersDue(dunning, now, after, previewed)
          break
        }
        const result = await dunning.processDunningBatch({
          now,
          run_id: input.run_id,
          limit,
          dry_run: input.dry_run,
          after,
          customer_ids: input.customer_ids,
          exclude_customer_ids: [...busy],
          lane: { index, count: lanes },
          describe,
        })
        if (!result.claimed) {
          break
        }
        totals.batches += 1
        after = result.last
        result.busy_customer_ids.forEach((id) => busy.add(id))
        totals.customers_seen += result.customers_seen
        totals.receivables_seen += result.receivables_seen
        totals.notices_created += result.notices.length
        totals.escalations_created += result.escalations.length
        totals.duplicates += result.duplicates
        totals.notices_folded += result.folded.length
        for (const [reason, count] of Object.entries(result.skipped)) {
          totals.skipped[reason] = (totals.skipped[reason] ?? 0) + (count ?? 0)
        }
        if (input.run_id) {
          await dunning.recordRunProgress({
            run_id: input.run_id,
            batches: totals.batches,
            customers_seen: totals.customers_seen,
            receivables_seen: totals.receivables_seen,
            notices_created: totals.notices_created,
            escalations_created: totals.escalations_created,
          })
        }
        const detailed = result.notices.slice(0, Math.max(0, detailLimit - totals.notices.length))
        const names = await customerCards(container, detailed.map((n) => n.customer_id))
        const reps = await repsById(container, detailed.map((n) => described.get(n.customer_id)?.rep_user_id ?? ""))
        for (const notice of result.notices) {
          if (notice.id && totals.notice_ids.length < detailLimit) {
            totals.notice_ids.push(notice.id)
          }
        }
        for (const notice of detailed) {
          const customer = described.get(notice.customer_id)!
          const found = stageById.get(notice.stage_id)
          let subject: string | null = null
          let renderError: string | null = null
          if (found) {
            try {
              const rendered = await renderNoticeIsolated(
                templatesFor(found.stage as any, notice.language),
                noticeContext(
                  {
                    customer: { id: notice.customer_id, ...(names.get(notice.customer_id) ?? { name: "customer", company: null, email: null }) },
                    lines: notice.lines,
                    totals: notice.totals,
                    stage: {
                      name: found.stage.name,
                      tone: found.stage.tone,
                      position: found.stage.position,
                      offset_days: found.stage.offset_days,
                    },
                    notices_sent: 0,
                    days_since_first_notice: null,
                    language: notice.language,
                    timezone: customer.rules.window.timezone,
                    now,
                    rep: customer.rep_user_id ? reps.get(customer.rep_user_id) ?? null : null,
                    store_name: store,
                  },
                  dunning.getOptions()
                )
              )
              subject = rendered.subject
            } catch (e) {
              renderError = e instanceof TemplateRenderError ? e.message : "the templates could not be rendered"
            }
          }
          const card = names.get(notice.customer_id)
          totals.notices.push({
            ...notice,
            // without billing e-mails on the profile, delivery sends to the customer's own address
            to: notice.to.length ? notice.to : card?.email ? [card.email] : [],
            company: card?.company ?? null,
            subject,
            render_error: renderError,
          })
        }
        if (totals.escalations.length < detailLimit) {
          totals.escalations.push(...result.escalations.slice(0, detailLimit - totals.escalations.length))
        }
        if (input.customer_ids || result.claimed < limit) {
          break
        }
      }
    }

    // each stream stops at its next batch once another has failed; the first failure fails the step
    await Promise.all(
      Array.from({ length: lanes }, (_, index) =>
        lane(index).catch((e) => {
          failure ??= e
        })
      )
    )
    if (failure) {
      throw failure
    }
    return new StepResponse(totals)
  }
)

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
