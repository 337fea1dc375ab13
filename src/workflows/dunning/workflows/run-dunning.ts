import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sweepCreditHoldsStep } from "../../credit-holds/steps/sweep-credit-holds"
import { finishDunningRunStep } from "../steps/finish-run"
import { planInvoiceEmailsStep, type PlannedInvoiceEmails } from "../steps/plan-invoice-emails"
import { processDueReceivablesStep } from "../steps/process-due-receivables"
import { startDunningRunStep } from "../steps/start-run"

export const runDunningWorkflowId = "dunning-run"

export type RunDunningWorkflowInput = {
  /** The moment the run acts at; the scheduled job passes the tick time, tests and demos travel in time. */
  now?: Date | string
  /** Decide and report, write nothing. */
  dry_run?: boolean
  trigger?: "schedule" | "manual" | "customer"
  triggered_by?: string | null
  batch_size?: number
  /** Run for these customers only, with their next stage due at once. */
  customer_ids?: string[]
  lease?: { name: string; holder: string; ttl_ms: number } | null
  detail_limit?: number
  /** Batches processed at the same time (default: the plugin's `runConcurrency` option). */
  concurrency?: number
  /** The run's id, when it was chosen beforehand to hold the run lease under it. */
  run_id?: string | null
  /** A dry run looks at no more customers than this and says when it stopped there. */
  customer_limit?: number
}

/**
 * The dunning run: reads only due work (open receivables whose next action has come, through the partial
 * index), in batches, grouped by customer; for each customer picks the policy and stage, creates one
 * consolidated notice and a "Claim for Non-Payment" event (or an escalation for the rep), and moves each
 * receivable's dunning state on (before that, it plans the invoice e-mails of receivables issued since the
 * last run, see `planInvoiceEmailsStep`), then places and lifts credit holds by the policies' rules (emitting
 * `dunning.credit_holds.changed`), then emits `dunning.run.completed` (delivery sends the notices). A dry run
 * reports what would happen and writes nothing. It runs to the end before it returns: the scheduled job,
 * a one-customer run and previews use it; `runDunningInBackgroundWorkflow` is the same run started from
 * the admin, which returns as soon as the run is recorded.
 */
export const runDunningWorkflow = createWorkflow(runDunningWorkflowId, function (input: RunDunningWorkflowInput) {
  const now = transform({ input }, ({ input }) => (input.now ? new Date(input.now) : new Date()).toISOString())
  const preview = when("dunning-run-preview", { input }, ({ input }) => !!input.dry_run).then(() =>
    processDueReceivablesStep({
      now,
      run_id: null,
      dry_run: true,
      batch_size: input.batch_size,
      customer_ids: input.customer_ids,
      detail_limit: input.detail_limit,
      customer_limit: input.customer_limit,
    }).config({ name: "dunning-preview-due-receivables" })
  )
  const previewInvoiceEmails = when("dunning-run-preview-invoice-emails", { input }, ({ input }) => !!input.dry_run).then(() =>
    planInvoiceEmailsStep({ now, run_id: null, dry_run: true }).config({ name: "dunning-preview-invoice-emails" })
  )
  const recorded = when("dunning-run-record", { input }, ({ input }) => !input.dry_run).then(() => {
    const run = startDunningRunStep({
      id: input.run_id,
      now,
      trigger: transform({ input }, ({ input }) => input.trigger ?? "manual"),
      triggered_by: input.triggered_by,
    })
    // new invoices first: each is e-mailed once, whatever the reminders do
    const invoiceEmails = planInvoiceEmailsStep({ now, run_id: run.id })
    const totals = processDueReceivablesStep({
      now,
      run_id: run.id,
      batch_size: input.batch_size,
      customer_ids: input.customer_ids,
      lease: input.lease,
      detail_limit: input.detail_limit,
      concurrency: input.concurrency,
      triggered_by: input.triggered_by,
    })
    const creditHolds = sweepCreditHoldsStep({ now, customer_ids: input.customer_ids })
    const finished = finishDunningRunStep({
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
    return { run: finished, totals, credit_holds: creditHolds, invoice_emails: invoiceEmails }
  })
  when("dunning-run-credit-holds-changed", { recorded }, ({ recorded }) => !!recorded?.credit_holds.changes.length).then(() => {
    emitEventStep({
      eventName: "dunning.credit_holds.changed",
      data: transform({ recorded }, ({ recorded }) => ({ changes: recorded!.credit_holds.changes })),
    }).config({ name: "dunning-emit-credit-holds-changed" })
  })
  return new WorkflowResponse(
    transform({ preview, previewInvoiceEmails, recorded, now }, ({ preview, previewInvoiceEmails, recorded, now }) => ({
      dry_run: !!preview,
      as_of: now,
      run: recorded?.run ?? null,
      totals: (recorded?.totals ?? preview)!,
      // the invoice e-mails the run planned (a dry run: would plan, listed; `truncated` past its first batch)
      invoice_emails: invoiceEmailsOf(previewInvoiceEmails ?? recorded?.invoice_emails),
      truncated: !!preview?.truncated,
      credit_holds: recorded?.credit_holds
        ? { evaluated: recorded.credit_holds.evaluated, placed: recorded.credit_holds.placed, lifted: recorded.credit_holds.lifted }
        : null,
    }))
  )
})

function invoiceEmailsOf(planned: PlannedInvoiceEmails | undefined) {
  return planned
    ? { created: planned.notices_created, not_sent: planned.claimed - planned.notices_created, truncated: planned.truncated, items: planned.invoice_emails }
    : null
}
