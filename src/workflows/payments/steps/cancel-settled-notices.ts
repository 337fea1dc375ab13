import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const cancelSettledNoticesStepId = "dunning-cancel-settled-notices"

export type CancelSettledNoticesInput = { customer_ids: string[]; now?: Date | string; reason: string }

/**
 * Stops chasing the moment money arrives: scheduled notices of these customers that no longer cover any
 * open balance are cancelled before they go out. Compensation puts them back.
 */
export const cancelSettledNoticesStep = createStep(
  cancelSettledNoticesStepId,
  async (input: CancelSettledNoticesInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const ids = await dunning.cancelSettledNotices({
      customer_ids: [...new Set(input.customer_ids)],
      now: input.now ? new Date(input.now) : new Date(),
      reason: input.reason,
    })
    return new StepResponse(ids, ids)
  },
  async (ids: string[] | undefined, { container }) => {
    if (ids?.length) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).restoreCancelledNotices(ids)
    }
  }
)
