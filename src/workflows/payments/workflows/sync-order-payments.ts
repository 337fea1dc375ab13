import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { latestPaidAt } from "../order-ledger"
import { collectOrderLedgerEntriesStep } from "../steps/collect-order-ledger-entries"
import { applyPaymentsWorkflow } from "./apply-payments"

export const syncOrderPaymentsWorkflowId = "dunning-sync-order-payments"

export type SyncOrderPaymentsWorkflowInput = { payment_id?: string; order_id?: string }

/**
 * Brings an order's receivable in line with Medusa's payments after `payment.captured` or
 * `payment.refunded`: new captures are booked as payments, new refunds re-open the balance, and the
 * customer's risk is scored as of the latest capture or refund.
 */
export const syncOrderPaymentsWorkflow = createWorkflow(
  syncOrderPaymentsWorkflowId,
  function (input: SyncOrderPaymentsWorkflowInput) {
    const collected = collectOrderLedgerEntriesStep(input)
    const applied = when({ collected }, ({ collected }) => collected.entries.length > 0).then(() =>
      applyPaymentsWorkflow.runAsStep({
        input: transform({ collected }, ({ collected }) => ({
          entries: collected.entries,
          author: { type: "system" as const, id: null },
          // the customer's risk is scored as of the capture or refund that brought the event, not of its handling
          now: latestPaidAt(collected.entries),
        })),
      })
    )
    return new WorkflowResponse({ receivable_id: collected.receivable_id, applied })
  }
)
