import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PolicyInput } from "../../../modules/dunning/domain/policy"
import { savePolicyStep } from "../steps/save-policy"
import { validatePolicyStep } from "../steps/validate-policy"

export const savePolicyWorkflowId = "dunning-save-policy"

export type SavePolicyWorkflowInput = { id?: string; policy: PolicyInput }

/**
 * Creates or replaces a dunning policy after checking its rules and compiling every stage's templates.
 * Emits `dunning.policy.saved`, on which receivables are re-scheduled under the new rules.
 */
export const savePolicyWorkflow = createWorkflow(savePolicyWorkflowId, function (input: SavePolicyWorkflowInput) {
  validatePolicyStep(input.policy)
  const saved = savePolicyStep({ id: input.id, policy: input.policy })
  emitEventStep({ eventName: "dunning.policy.saved", data: transform({ saved }, ({ saved }) => ({ id: saved.id })) })
  return new WorkflowResponse(saved)
})
