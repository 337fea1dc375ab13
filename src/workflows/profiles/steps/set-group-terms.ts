import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const setGroupTermsStepId = "dunning-set-group-terms"

/** `terms_days: null` removes the group's terms (its customers fall back to the plugin default). */
export type SetGroupTermsInput = { customer_group_id: string; terms_days: number | null }

/** Sets or removes the default terms of a customer group; compensation restores what was there. */
export const setGroupTermsStep = createStep(
  setGroupTermsStepId,
  async (input: SetGroupTermsInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: groups } = await query.graph({
      entity: "customer_group",
      fields: ["id"],
      filters: { id: input.customer_group_id },
    })
    if (!groups.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer group with id '${input.customer_group_id}' was not found`)
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [existing] = await dunning.listGroupTerms({ customer_group_id: input.customer_group_id }, { take: 1 })
    const previous = existing ? { customer_group_id: existing.customer_group_id, terms_days: existing.terms_days } : null
    if (input.terms_days === null) {
      if (existing) {
        await dunning.deleteGroupTerms(existing.id)
      }
      return new StepResponse(null, { input, previous })
    }
    const saved = existing
      ? await dunning.updateGroupTerms({ id: existing.id, terms_days: input.terms_days })
      : await dunning.createGroupTerms({ customer_group_id: input.customer_group_id, terms_days: input.terms_days })
    return new StepResponse(saved, { input, previous })
  },
  async (undo: { input: SetGroupTermsInput; previous: SetGroupTermsInput | null } | undefined, { container }) => {
    if (!undo) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [current] = await dunning.listGroupTerms({ customer_group_id: undo.input.customer_group_id }, { take: 1 })
    if (!undo.previous) {
      if (current) {
        await dunning.deleteGroupTerms(current.id)
      }
    } else if (current) {
      await dunning.updateGroupTerms({ id: current.id, terms_days: undo.previous.terms_days! })
    } else {
      await dunning.createGroupTerms({ customer_group_id: undo.previous.customer_group_id, terms_days: undo.previous.terms_days! })
    }
  }
)
