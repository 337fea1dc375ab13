import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deletePolicyStep } from "../steps/delete-policy"

export const deletePolicyWorkflowId = "dunning-delete-policy"

/** Deletes a (non-default) dunning policy. Emits `dunning.policy.deleted`. */
export const deletePolicyWorkflow = createWorkflow(deletePolicyWorkflowId, function (input: { id: string }) {
  const deleted = deletePolicyStep(input)
  emitEventStep({ eventName: "dunning.policy.deleted", data: { id: input.id } })
  return new WorkflowResponse(deleted)
})
