import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCollectionEventsWorkflow } from "../../collection-events/workflows/create-collection-events"
import { checkOrderOnCreditHoldStep, type OrderOnCreditHold } from "../steps/check-order-on-credit-hold"
import { markReceivableOnCreditHoldStep } from "../steps/mark-receivable-on-credit-hold"

export const flagOrderOnCreditHoldWorkflowId = "dunning-flag-order-on-credit-hold"

export type FlagOrderOnCreditHoldWorkflowInput = { order_id: string; receivable_id: string | null; now?: Date | string }

/**
 * After an order is placed: when its customer is on credit hold and the order got past the checks (an
 * app's own workflow, a payment webhook), records "Order placed on credit hold" in the customer's history
 * as a follow-up for the rep and marks the order's receivable; an order an admin converted with an
 * override only gets its receivable marked with who overrode and why.
 */
export const flagOrderOnCreditHoldWorkflow = createWorkflow(
  flagOrderOnCreditHoldWorkflowId,
  function (input: FlagOrderOnCreditHoldWorkflowInput) {
    const found = checkOrderOnCreditHoldStep({ order_id: input.order_id, receivable_id: input.receivable_id })
    const flagged = when("dunning-order-slipped-past-credit-hold", { found }, ({ found }) => found?.kind === "slipped").then(() => {
      const events = createCollectionEventsWorkflow.runAsStep({
        input: transform({ found, input }, ({ found, input }) => ({ events: [slippedEvent(found!, input.now)] })),
      })
      return transform({ events }, ({ events }) => (events as Array<{ id: string }>)[0]?.id ?? null)
    })
    when("dunning-mark-receivable-on-credit-hold", { found }, ({ found }) => !!found?.receivable_id).then(() => {
      markReceivableOnCreditHoldStep(
        transform({ found, flagged }, ({ found, flagged }) => ({
          receivable_id: found!.receivable_id!,
          mark: {
            kind: found!.kind,
            credit_hold_id: found!.hold.id,
            hold_reason: found!.hold.reason,
            event_id: found!.override?.event_id ?? flagged ?? null,
            overridden_by: found!.override?.by ?? null,
            override_reason: found!.override?.reason ?? null,
          },
        }))
      )
    })
    return new WorkflowResponse(transform({ found, flagged }, ({ found, flagged }) => ({ kind: found?.kind ?? null, event_id: flagged ?? null })))
  }
)

function slippedEvent(found: OrderOnCreditHold, now: Date | string | undefined) {
  const at = now ? new Date(now) : new Date()
  const order = found.display_id !== null ? `#${found.display_id}` : found.order_id
  return {
    customer_id: found.customer_id,
    type: "order_on_credit_hold",
    note: `Order ${order} was placed${found.receivable_id ? " on terms" : ""} while the customer is on credit hold (since ${found.hold.placed_at.slice(0, 10)}: ${found.hold.reason}). Decide whether to fulfil it.`,
    receivable_ids: found.receivable_id ? [found.receivable_id] : [],
    author_type: "system" as const,
    occurred_at: at,
    follow_up_status: "open" as const,
    assigned_to: found.rep_user_id,
    follow_up_due_at: at,
    idempotency_key: `credit-hold-order:${found.order_id}`,
    metadata: { order_id: found.order_id, credit_hold_id: found.hold.id },
  }
}
