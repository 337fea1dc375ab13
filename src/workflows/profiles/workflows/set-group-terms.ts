import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setGroupTermsStep, type SetGroupTermsInput } from "../steps/set-group-terms"

export const setGroupTermsWorkflowId = "dunning-set-group-terms"

/** Sets or removes the default payment terms of a customer group (a segment). */
export const setGroupTermsWorkflow = createWorkflow(setGroupTermsWorkflowId, function (input: SetGroupTermsInput) {
  return new WorkflowResponse(setGroupTermsStep(input))
})
