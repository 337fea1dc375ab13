import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deliverDueNoticesStep, type DeliverDueNoticesInput } from "../steps/deliver-due-notices"

export const deliverNoticesWorkflowId = "dunning-deliver-notices"

/**
 * Delivers scheduled notices whose time has come: re-checks each against fresh balances and Medusa's
 * payments, renders it, sends it through the notification module (with retries and a fallback channel)
 * and records exactly what was sent.
 */
export const deliverNoticesWorkflow = createWorkflow(deliverNoticesWorkflowId, function (input: DeliverDueNoticesInput) {
  return new WorkflowResponse(deliverDueNoticesStep(input))
})
