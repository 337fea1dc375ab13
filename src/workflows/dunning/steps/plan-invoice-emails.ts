import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { describeCustomers, loadPolicies } from "../run-context"

export const planInvoiceEmailsStepId = "dunning-plan-invoice-emails"

/** Receivables per batch: each batch is one short transaction. */
const BATCH = 500

export type PlanInvoiceEmailsStepInput = { now: Date | string; run_id: string | null }

/**
 * The run's first work: the invoice e-mails of receivables issued by the moment the run acts at, planned as
 * notices of kind `invoice` in bounded batches until none is left (the delivery that follows the run sends
 * them with the invoice's PDF). Each batch commits complete work and an invoice's e-mail has one key, so
 * there is nothing to compensate: a run that dies half-way leaves the rest to the next one.
 */
export const planInvoiceEmailsStep = createStep(planInvoiceEmailsStepId, async (input: PlanInvoiceEmailsStepInput, { container }) => {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const policies = await loadPolicies(container)
  const byId = new Map(policies.map((p: any) => [p.id, p]))
  const planned = { claimed: 0, notices_created: 0 }
  for (;;) {
    const batch = await dunning.planInvoiceEmails({
      now: new Date(input.now),
      run_id: input.run_id,
      limit: BATCH,
      channel: dunning.getOptions().delivery.emailChannel,
      describe: (ids) => describeCustomers(container, ids, policies),
      settingsOf: (id) => byId.get(id) ?? null,
    })
    planned.claimed += batch.claimed
    planned.notices_created += batch.notice_ids.length
    if (batch.claimed < BATCH) {
      return new StepResponse(planned)
    }
  }
})
