import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { CreditHoldSnapshot } from "../../../modules/dunning/service"

export const changeCreditHoldByHandStepId = "dunning-change-credit-hold-by-hand"

export type ChangeCreditHoldByHandStepInput = {
  kind: "place" | "release"
  customer_id: string
  reason: string
  user_id: string | null
  now: Date | string
  /** A release: the rules place no new hold before this date (null: until the customer is clear of them). */
  waive_until?: Date | string | null
}

/**
 * Places a credit hold by hand (an automatic hold in force gives way to it), or releases the hold in
 * force, with the reason written into the customer's history. Compensation puts holds and history back.
 */
export const changeCreditHoldByHandStep = createStep(
  changeCreditHoldByHandStepId,
  async (input: ChangeCreditHoldByHandStepInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = new Date(input.now)
    const base = { customer_id: input.customer_id, reason: input.reason, user_id: input.user_id, now }
    const { changes, snapshot } = await dunning.changeCreditHoldByHand(
      input.kind === "place" ? { kind: "place", ...base } : { kind: "release", ...base, waive_until: input.waive_until ? new Date(input.waive_until) : null }
    )
    return new StepResponse(changes, snapshot)
  },
  async (snapshot: CreditHoldSnapshot | undefined, { container }) => {
    if (snapshot) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).undoCreditHoldChanges(snapshot)
    }
  }
)
