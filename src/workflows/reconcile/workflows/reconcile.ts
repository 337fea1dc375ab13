import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { reconcileStep } from "../steps/reconcile"

export const reconcileWorkflowId = "dunning-reconcile"

/** The periodic check behind the events: heal lost payment events, cancel notices with nothing left to claim. */
export const reconcileWorkflow = createWorkflow(reconcileWorkflowId, function (input: { now?: Date | string; max_orders?: number }) {
  return new WorkflowResponse(reconcileStep(input))
})
