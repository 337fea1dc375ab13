import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { healOrderPayments } from "../../payments/order-ledger"

export const reconcileStepId = "dunning-reconcile"

/**
 * Catches what a lost event would leave wrong: books captures and refunds Medusa has but the ledger does
 * not, for orders about to be chased (in a scheduled notice, or due within a day; in chunks, up to
 * `max_orders`), then cancels scheduled notices that cover nothing open any more. Idempotent, so there is
 * nothing to compensate.
 */
export const reconcileStep = createStep(
  reconcileStepId,
  async (input: { now?: Date | string; max_orders?: number }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const orderIds = await dunning.ordersAboutToBeChased({ now, horizon_ms: 86_400_000, limit: input.max_orders ?? 5000 })
    let healed = 0
    for (let i = 0; i < orderIds.length; i += 200) {
      healed += await healOrderPayments(container, orderIds.slice(i, i + 200))
    }
    const result = await dunning.reconcileNotices({ now })
    return new StepResponse({ orders_checked: orderIds.length, payments_booked: healed, ...result })
  }
)
