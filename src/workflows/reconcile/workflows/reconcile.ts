import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { followChangedOrdersStep } from "../steps/follow-changed-orders"
import { reconcileStep } from "../steps/reconcile"

export const reconcileWorkflowId = "dunning-reconcile"

/**
 * The periodic check behind the events: bring receivables in line with order changes no event announced
 * (a canceled return) or whose event was lost, heal lost payment events, cancel notices with nothing left
 * to claim.
 */
export const reconcileWorkflow = createWorkflow(reconcileWorkflowId, function (input: { now?: Date | string; max_orders?: number }) {
  const followed = followChangedOrdersStep(input)
  const reconciled = reconcileStep(input)
  return new WorkflowResponse(transform({ followed, reconciled }, ({ followed, reconciled }) => ({ ...reconciled, order_changes: followed })))
})
