import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { ORDER_CHANGE_HOLD_PREFIX } from "../../../modules/dunning/domain/order-follow"
import type DunningModuleService from "../../../modules/dunning/service"
import { followOrdersWorkflow } from "../../order-changes/workflows/follow-orders"

export const followChangedOrdersStepId = "dunning-follow-changed-orders"

const HOUR = 3_600_000
/** Order changes of this long ago are looked at again: the hourly reconcile sees each one about 25 times. */
const CHANGED_WITHIN_MS = 25 * HOUR
const CHUNK = 100

export type FollowChangedOrdersResult = {
  orders_followed: number
  amounts_revised: number
  holds_placed: number
  holds_released: number
}

/**
 * Catches what no event announced — a canceled return, claim or exchange, a declined order edit — and
 * order events that were lost: follows the orders of receivables on an order-change hold, of receivables
 * about to be chased (due within a day, or in a scheduled notice), and of every order changed in the last
 * day (up to `max_orders` in all), in chunks of 100, each chunk one follow-up workflow with its own
 * compensation. Following is idempotent, so this step has nothing to compensate.
 */
export const followChangedOrdersStep = createStep(
  followChangedOrdersStepId,
  async (input: { now?: Date | string; max_orders?: number }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const limit = input.max_orders ?? 5000
    const candidates = [
      ...(await dunning.ordersHeldWithReason({ reason_prefix: ORDER_CHANGE_HOLD_PREFIX, limit })),
      ...(await dunning.ordersAboutToBeChased({ now, horizon_ms: 24 * HOUR, limit })),
      ...(await ordersChangedSince(container, new Date(now.getTime() - CHANGED_WITHIN_MS), limit)),
    ]
    const orderIds = [...new Set(candidates)].slice(0, limit)
    const result: FollowChangedOrdersResult = { orders_followed: 0, amounts_revised: 0, holds_placed: 0, holds_released: 0 }
    for (let i = 0; i < orderIds.length; i += CHUNK) {
      const { result: chunk } = await followOrdersWorkflow(container).run({ input: { order_ids: orderIds.slice(i, i + CHUNK), now } })
      result.orders_followed += chunk.orders_followed
      result.amounts_revised += chunk.amounts_revised.length
      result.holds_placed += chunk.held.length
      result.holds_released += chunk.released.length
    }
    return new StepResponse(result)
  }
)

/** The orders with an order change created or decided since `since` (most recent first, at most `limit`). */
async function ordersChangedSince(container: MedusaContainer, since: Date, limit: number): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_change",
    fields: ["order_id"],
    filters: { updated_at: { $gte: since } },
    pagination: { take: limit, order: { updated_at: "DESC" } },
  })
  return (data as Array<{ order_id: string }>).map((c) => c.order_id)
}
