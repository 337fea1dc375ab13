import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { PreviewInvoiceEmail } from "../../../modules/dunning/services/dunning-run/invoices"
import { describeCustomers, loadPolicies } from "../run-context"

export const planInvoiceEmailsStepId = "dunning-plan-invoice-emails"

/** Receivables per batch: each batch is one short transaction. */
const BATCH = 500

export type PlanInvoiceEmailsStepInput = {
  now: Date | string
  run_id: string | null
  /** Say which invoice e-mails the run would plan (the first `BATCH` due ones), and write nothing. */
  dry_run?: boolean
}

export type PlannedInvoiceEmails = {
  claimed: number
  notices_created: number
  /** A dry run's invoice e-mails, in the order the run would plan them. */
  invoice_emails: PreviewInvoiceEmail[]
  /** A dry run stopped at its first batch while more invoice e-mails are due. */
  truncated: boolean
}

/**
 * The run's first work: the invoice e-mails of receivables issued by the moment the run acts at, planned as
 * notices of kind `invoice` in bounded batches until none is left (the delivery that follows the run sends
 * them with the invoice's PDF). Each batch commits complete work and an invoice's e-mail has one key, so
 * there is nothing to compensate: a run that dies half-way leaves the rest to the next one. A dry run
 * reads one batch and lists the e-mails it would plan.
 */
export const planInvoiceEmailsStep = createStep(planInvoiceEmailsStepId, async (input: PlanInvoiceEmailsStepInput, { container }) => {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const policies = await loadPolicies(container)
  const byId = new Map(policies.map((p: any) => [p.id, p]))
  const planned: PlannedInvoiceEmails = { claimed: 0, notices_created: 0, invoice_emails: [], truncated: false }
  for (;;) {
    const batch = await dunning.planInvoiceEmails({
      now: new Date(input.now),
      run_id: input.run_id,
      limit: BATCH,
      channel: dunning.getOptions().delivery.emailChannel,
      describe: (ids) => describeCustomers(container, ids, policies),
      settingsOf: (id) => byId.get(id) ?? null,
      dry_run: input.dry_run,
    })
    planned.claimed += batch.claimed
    planned.notices_created += input.dry_run ? batch.preview.length : batch.notice_ids.length
    planned.invoice_emails.push(...batch.preview)
    if (input.dry_run) {
      // nothing is cleared, so a second read would see the same receivables
      return new StepResponse({ ...planned, truncated: batch.claimed === BATCH })
    }
    if (batch.claimed < BATCH) {
      return new StepResponse(planned)
    }
  }
})
