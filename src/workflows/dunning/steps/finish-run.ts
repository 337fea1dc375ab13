import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { RunTotals } from "./process-due-receivables"

export const finishDunningRunStepId = "dunning-finish-run"

/**
 * Records what a run did: customers and receivables seen, notices (reminders), invoice e-mails, escalations,
 * what was skipped and why.
 */
export const finishDunningRunStep = createStep(
  finishDunningRunStepId,
  async (
    { run_id, totals, invoice_emails_created }: { run_id: string; totals: RunTotals; invoice_emails_created: number },
    { container }
  ) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const run = await dunning.updateDunningRuns({
      id: run_id,
      status: "succeeded",
      finished_at: new Date(),
      batches: totals.batches,
      customers_seen: totals.customers_seen,
      receivables_seen: totals.receivables_seen,
      notices_created: totals.notices_created,
      invoice_emails_created,
      escalations_created: totals.escalations_created,
      skipped: { ...totals.skipped, ...(totals.duplicates ? { already_sent_today: totals.duplicates } : {}) },
    })
    return new StepResponse(run)
  }
)
