import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { orderSlippedThrough } from "../../../modules/dunning/domain/credit-hold"
import type DunningModuleService from "../../../modules/dunning/service"

export const checkOrderOnCreditHoldStepId = "dunning-check-order-on-credit-hold"

/** The key of the line an admin's override of a credit hold for a draft order writes. */
export const overrideEventKey = (orderId: string) => `credit-hold-override:${orderId}`

export type OrderOnCreditHold = {
  /** "slipped": placed on terms past the checks; "overridden": an admin converted it with an override. */
  kind: "slipped" | "overridden"
  order_id: string
  display_id: number | null
  customer_id: string
  receivable_id: string | null
  rep_user_id: string | null
  hold: { id: string; source: string; reason: string; placed_at: string }
  override: { event_id: string; by: string | null; reason: string } | null
}

/**
 * Whether a placed order is one a customer on credit hold should not have been able to place: on terms
 * (it became a receivable, paid with a provider on terms or not paid at all) or any order while the merchant
 * blocks them all, placed by another path than the store's checkout (an app's own workflow, a payment
 * webhook). An order an admin converted from a draft with an override is told apart. Reads only.
 */
export const checkOrderOnCreditHoldStep = createStep(
  checkOrderOnCreditHoldStepId,
  async (input: { order_id: string; receivable_id: string | null }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "display_id", "customer_id", "payment_collections.payments.provider_id", "payment_collections.payment_sessions.provider_id"],
      filters: { id: input.order_id },
    })
    const order = data[0] as any
    const none = new StepResponse<OrderOnCreditHold | null>(null)
    if (!order?.customer_id) {
      return none
    }
    const [hold] = (await dunning.listCreditHolds({ customer_id: order.customer_id, released_at: null }, { take: 1 })) as any[]
    if (!hold) {
      return none
    }
    const [override] = (await dunning.listCollectionEvents(
      { customer_id: order.customer_id, idempotency_key: overrideEventKey(order.id) },
      { take: 1 }
    )) as any[]
    const options = dunning.getOptions()
    const providers = (order.payment_collections ?? []).flatMap((pc: any) => [
      ...(pc?.payments ?? []).map((p: any) => p?.provider_id),
      ...(pc?.payment_sessions ?? []).map((s: any) => s?.provider_id),
    ]).filter(Boolean) as string[]
    const slipped = orderSlippedThrough({
      payment_provider_ids: [...new Set(providers)],
      terms_providers: options.terms.paymentProviders,
      block_all_orders: options.creditHold.blockAllOrders,
      became_receivable: !!input.receivable_id,
    })
    if (!override && !slipped) {
      return none
    }
    const [profile] = await dunning.profilesOf([order.customer_id])
    return new StepResponse<OrderOnCreditHold | null>({
      kind: override ? "overridden" : "slipped",
      order_id: order.id,
      display_id: order.display_id ?? null,
      customer_id: order.customer_id,
      receivable_id: input.receivable_id,
      rep_user_id: profile?.rep_user_id ?? null,
      hold: { id: hold.id, source: hold.source, reason: hold.reason, placed_at: new Date(hold.placed_at).toISOString() },
      override: override ? { event_id: override.id, by: override.author_id ?? null, reason: override.metadata?.reason ?? override.note ?? "" } : null,
    })
  }
)
