import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sweepCreditHoldsStep } from "../../credit-holds/steps/sweep-credit-holds"
import { DUNNING_RUN_LEASE, RUN_LEASE_TTL_MS } from "../run-lease"
import { finishDunningRunStep } from "../steps/finish-run"
import { planInvoiceEmailsStep } from "../steps/plan-invoice-emails"
import { processDueReceivablesStep } from "../steps/process-due-receivables"
import { releaseRunLeaseStep } from "../steps/release-run-lease"
import { startDunningRunStep } from "../steps/start-run"
import { takeRunLeaseStep } from "../steps/take-run-lease"

export const runDunningInBackgroundWorkflowId = "dunning-run-in-background"

export type RunDunningInBackgroundWorkflowInput = {
  /** The run's id, chosen by the caller: the run lease is held under it and the caller follows the run by it. */
  run_id: string
  /** The moment the run acts at (the admin's clock, or the `now` of a time-travelling demo or test). */
  now: Date | string
  triggered_by?: string | null
  batch_size?: number
  /** Batches processed at the same time (default: the plugin's `runConcurrency` option). */
  concurrency?: number
}

/**
 * A whole-store dunning run started from the admin. It takes the run lease the scheduled run uses (a
 * conflict naming the run in progress when another run holds it), records the run as running, and then
 * returns: the batches go on in the background through Medusa's workflow engine (the step is async with
 * background execution, like core's product export), then the credit holds by the policies' rules. When
 * they end, the lease is given back, the run
 * recorded as succeeded and `dunning.run.completed` emitted; when they fail, the compensations record the run
 * as failed and give the lease back. A process that dies mid-run leaves the run to `closeAbandonedRuns`
 * and the lease to run out.
 */
export const runDunningInBackgroundWorkflow = createWorkflow(
  runDunningInBackgroundWorkflowId,
  function (input: RunDunningInBackgroundWorkflowInput) {
    const lease = takeRunLeaseStep(
      transform({ input }, ({ input }) => ({ name: DUNNING_RUN_LEASE, holder: input.run_id, ttl_ms: RUN_LEASE_TTL_MS }))
    )
    const now = transform({ input }, ({ input }) => new Date(input.now).toISOString())
    const run = startDunningRunStep({ id: input.run_id, now, trigger: "manual", triggered_by: input.triggered_by, lease })
    const totals = processDueReceivablesStep({
      now,
      run_id: run.id,
      batch_size: input.batch_size,
      lease,
      // the run's history row holds the counts; a background run keeps no notice list in its state
      detail_limit: 0,
      concurrency: input.concurrency,
    }).config({ async: true, backgroundExecution: true })
    // the invoice e-mails of receivables issued since the last run, as the scheduled run plans them
    const invoiceEmails = planInvoiceEmailsStep({ now, run_id: run.id })
    const creditHolds = sweepCreditHoldsStep({ now })
    when("dunning-background-run-credit-holds-changed", { creditHolds }, ({ creditHolds }) => creditHolds.changes.length > 0).then(() => {
      emitEventStep({
        eventName: "dunning.credit_holds.changed",
        data: transform({ creditHolds }, ({ creditHolds }) => ({ changes: creditHolds.changes })),
      }).config({ name: "dunning-emit-credit-holds-changed" })
    })
    // the lease goes back before the run is recorded as ended: whoever sees it ended can start the next one
    releaseRunLeaseStep(lease)
    finishDunningRunStep({
      run_id: run.id,
      totals,
      invoice_emails_created: transform({ invoiceEmails }, ({ invoiceEmails }) => invoiceEmails.notices_created),
    })
    emitEventStep({
      eventName: "dunning.run.completed",
      data: transform({ run, now, totals, invoiceEmails }, ({ run, now, totals, invoiceEmails }) => ({
        run_id: run.id,
        as_of: now,
        notices_created: totals.notices_created,
        invoice_emails_created: invoiceEmails.notices_created,
      })),
    })
    return new WorkflowResponse({ run })
  }
)
