import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const markReceivableOnCreditHoldStepId = "dunning-mark-receivable-on-credit-hold"

/** What an order's receivable shows about the credit hold it was placed under (`metadata.credit_hold`). */
export type ReceivableCreditHoldMark = {
  /** "slipped": placed on terms past the checks; "overridden": converted by an admin with an override. */
  kind: "slipped" | "overridden"
  credit_hold_id: string
  hold_reason: string
  event_id: string | null
  overridden_by: string | null
  override_reason: string | null
}

/**
 * Marks an order's receivable as placed while its customer was on credit hold, so that the order's page
 * shows it; the receivable's other metadata stays. Compensation puts the metadata back.
 */
export const markReceivableOnCreditHoldStep = createStep(
  markReceivableOnCreditHoldStepId,
  async (input: { receivable_id: string; mark: ReceivableCreditHoldMark }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const current: any = await dunning.retrieveReceivable(input.receivable_id, { select: ["id", "metadata"] })
    const previous = { id: current.id, metadata: current.metadata ?? null }
    await dunning.updateReceivables({ id: current.id, metadata: { ...(current.metadata ?? {}), credit_hold: input.mark } } as any)
    return new StepResponse(input.mark, previous)
  },
  async (previous: { id: string; metadata: Record<string, unknown> | null } | undefined, { container }) => {
    if (previous) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).updateReceivables(previous as any)
    }
  }
)
