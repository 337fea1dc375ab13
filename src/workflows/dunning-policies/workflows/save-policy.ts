import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PolicyInput } from "../../../modules/dunning/domain/policy"
import { savePolicyStep } from "../steps/save-policy"
import { validatePolicyStep } from "../steps/validate-policy"

export const savePolicyWorkflowId = "dunning-save-policy"

/** `saved_by`: the admin user saving it, kept on the template versions the save adds. */
export type SavePolicyWorkflowInput = { id?: string; policy: PolicyInput; saved_by?: string | null }

/**
 * Creates or replaces a dunning policy after checking its rules and compiling every stage's templates.
 * Emits `dunning.policy.saved`, on which receivables are re-scheduled under the new rules.
 */
export const savePolicyWorkflow = createWorkflow(savePolicyWorkflowId, function (input: SavePolicyWorkflowInput) {
  validatePolicyStep(input.policy)
  const saved = savePolicyStep({ id: input.id, policy: input.policy, saved_by: input.saved_by })
  emitEventStep({ eventName: "dunning.policy.saved", data: transform({ saved }, ({ saved }) => ({ id: saved.id })) })
  return new WorkflowResponse(saved)
})
