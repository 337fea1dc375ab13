import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { NewLedgerEntry } from "../../../modules/dunning/service"
import { refreshCreditHoldsWorkflow } from "../../credit-holds/workflows/refresh-credit-holds"
import { scoreCustomersStep } from "../../risk/steps/score-customers"
import { bookLedgerEntriesStep } from "../steps/book-ledger-entries"
import { cancelSettledNoticesStep } from "../steps/cancel-settled-notices"
import { recordLedgerEventsStep } from "../steps/record-ledger-events"

export const applyPaymentsWorkflowId = "dunning-apply-payments"

export type ApplyPaymentsWorkflowInput = {
  entries: NewLedgerEntry[]
  author?: { type: "user" | "system"; id?: string | null }
  /** The moment the customers' risk scores are computed at afterwards (default: the wall clock). */
  now?: Date | string
}

/**
 * Applies payments and refunds to receivables, from Medusa's captures or from an ERP: books them,
 * settles or re-opens the receivables, records "Payment received" in the customer's history, cancels
 * scheduled notices that no longer cover anything open, lifts the credit holds the rules no longer hold,
 * emits `dunning.receivables.settled` for the receivables that this booking settled, and scores the
 * customers' risk again.
 */
export const applyPaymentsWorkflow = createWorkflow(
  applyPaymentsWorkflowId,
  function (input: ApplyPaymentsWorkflowInput) {
    const change = bookLedgerEntriesStep(input.entries)
    const events = recordLedgerEventsStep({ change, author: input.author })
    const cancelled = cancelSettledNoticesStep(
      transform({ change }, ({ change }) => ({
        customer_ids: change.after.map((a) => a.customer_id),
        reason: "paid before delivery",
      }))
    )
    refreshCreditHoldsWorkflow.runAsStep({
      input: transform({ change }, ({ change }) => ({ customer_ids: change.after.map((a) => a.customer_id) })),
    })
    const settled = transform({ change }, ({ change }) => {
      const wasPaid = new Set(change.before.filter((b) => b.status === "paid").map((b) => b.id))
      return change.after.filter((a) => a.status === "paid" && !wasPaid.has(a.id)).map((a) => a.id)
    })
    emitEventStep({
      eventName: "dunning.receivables.settled",
      data: transform({ settled }, ({ settled }) => ({ ids: settled })),
    })
    scoreCustomersStep(transform({ change, input }, ({ change, input }) => ({ customer_ids: change.after.map((a) => a.customer_id), now: input.now })))
    return new WorkflowResponse({ change, events, settled_ids: settled, cancelled_notice_ids: cancelled })
  }
)
