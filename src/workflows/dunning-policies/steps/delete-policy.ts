import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const deletePolicyStepId = "dunning-delete-policy"

/**
 * Deletes a policy (soft, with its stages); customers it applied to fall back to their group's policy or
 * the default. The default policy cannot be deleted. Compensation restores it.
 */
export const deletePolicyStep = createStep(
  deletePolicyStepId,
  async ({ id }: { id: string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [policy] = await dunning.listDunningPolicies({ id }, { take: 1 })
    if (!policy) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Dunning policy with id '${id}' was not found`)
    }
    if (policy.is_default) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "the default policy cannot be deleted; make another policy the default first")
    }
    await dunning.softDeleteDunningPolicies(id)
    return new StepResponse({ id }, id)
  },
  async (id: string | undefined, { container }) => {
    if (id) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).restoreDunningPolicies(id)
    }
  }
)
