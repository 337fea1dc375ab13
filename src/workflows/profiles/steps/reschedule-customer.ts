import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const rescheduleCustomerStepId = "dunning-reschedule-customer"

/**
 * Hands a customer's open receivables back to the next run after something that shapes their dunning
 * changed (billing e-mails, do-not-dun, pinned policy, terms). Re-planning is idempotent, so there is
 * nothing to undo.
 */
export const rescheduleCustomerStep = createStep(
  rescheduleCustomerStepId,
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const touched = await container
      .resolve<DunningModuleService>(DUNNING_MODULE)
      .rescheduleOpenReceivables({ customer_ids: [customer_id] })
    return new StepResponse(touched)
  }
)
