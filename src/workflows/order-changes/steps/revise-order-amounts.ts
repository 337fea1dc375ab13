import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type { AmountRevision } from "../../../modules/dunning/domain/order-follow"
import type DunningModuleService from "../../../modules/dunning/service"
import type { OrderAmountChange } from "../../../modules/dunning/service"

export const reviseOrderAmountsStepId = "dunning-revise-order-amounts"

/**
 * Makes each receivable claim what its order now comes to, through the ledger (settled when the payments
 * cover it, void when the order comes to nothing, open again when raised). A receivable whose amount is
 * already that is left alone, so a replay changes nothing. Compensation puts every changed row back.
 */
export const reviseOrderAmountsStep = createStep(
  reviseOrderAmountsStepId,
  async ({ revisions, now }: { revisions: AmountRevision[]; now: Date | string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const changes: OrderAmountChange[] = []
    for (const revision of revisions) {
      const change = await dunning.followOrderAmount({
        id: revision.receivable_id,
        amount: revision.to,
        now: new Date(now),
        void_reason: revision.void_reason,
      })
      if (change) {
        changes.push(change)
      }
    }
    return new StepResponse(changes, changes.map((c) => c.previous))
  },
  async (previous: Record<string, unknown>[] | undefined, { container }) => {
    if (previous?.length) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).putBackReceivables(previous)
    }
  }
)
