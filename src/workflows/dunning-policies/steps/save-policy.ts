import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type { PolicyInput } from "../../../modules/dunning/domain/policy"
import type DunningModuleService from "../../../modules/dunning/service"
import { policyAsInput } from "../policy-input"

export const savePolicyStepId = "dunning-save-policy"

type Undo = { created_id?: string; previous?: { id: string; input: PolicyInput }; previous_default_id?: string | null }

/**
 * Creates a policy, or replaces a stored one (settings and stage list). Making a policy the default takes
 * the flag off the previous default. Compensation deletes what was created or restores what was replaced.
 */
export const savePolicyStep = createStep(
  savePolicyStepId,
  async ({ id, policy, saved_by }: { id?: string; policy: PolicyInput; saved_by?: string | null }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const undo: Undo = {}
    if (policy.is_default) {
      const [current] = await dunning.listDunningPolicies({ is_default: true }, { select: ["id"], take: 1 })
      if (current && current.id !== id) {
        undo.previous_default_id = current.id
        await dunning.updateDunningPolicies({ id: current.id, is_default: false })
      }
    }
    if (!id) {
      const createdId = await dunning.createPolicyWithStages(policy, saved_by ?? null)
      undo.created_id = createdId
      return new StepResponse({ id: createdId }, undo)
    }
    const [stored] = await dunning.listDunningPolicies({ id }, { relations: ["stages"], take: 1 })
    if (!stored) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Dunning policy with id '${id}' was not found`)
    }
    if (stored.is_default && !policy.is_default) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "is_default: make another policy the default instead")
    }
    undo.previous = { id, input: policyAsInput(stored) }
    await dunning.replacePolicy(id, policy, saved_by ?? null)
    return new StepResponse({ id }, undo)
  },
  async (undo: Undo | undefined, { container }) => {
    if (!undo) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    if (undo.created_id) {
      await dunning.deleteDunningPolicies(undo.created_id)
    }
    if (undo.previous) {
      await dunning.replacePolicy(undo.previous.id, undo.previous.input)
    }
    if (undo.previous_default_id) {
      await dunning.updateDunningPolicies({ id: undo.previous_default_id, is_default: true })
    }
  }
)
