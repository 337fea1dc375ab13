import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createCartWorkflow, createPaymentCollectionForCartWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { TestEventUtils } from "@medusajs/test-utils"
import { PAY_LATER, type TestStore } from "./store"

type Api = { post: (url: string, body: unknown, config?: any) => Promise<{ status: number; data: any }> }

/**
 * A storefront's checkout up to the last step: a cart of the customer's with a payment session of the
 * chosen provider, ready for `POST /store/carts/:id/complete`.
 */
export async function cartReadyToComplete(
  container: MedusaContainer,
  store: TestStore,
  input: { customerId: string; email: string; quantity?: number; provider?: string; metadata?: Record<string, unknown> }
): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      customer_id: input.customerId,
      email: input.email,
      currency_code: "eur",
      items: [{ variant_id: store.variantId, quantity: input.quantity ?? 1 }],
      metadata: input.metadata,
    },
  })
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
  const { data } = await container.resolve("query").graph({ entity: "cart", fields: ["id", "payment_collection.id"], filters: { id: cart.id } })
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: (data[0] as any).payment_collection.id, provider_id: input.provider ?? PAY_LATER },
  })
  return cart.id
}

/**
 * `POST /store/carts/:id/complete` as the storefront sends it (publishable key, the customer's login), for
 * a checkout expected to place an order: waits until every `order.placed` subscriber has run.
 */
export async function completeCart(container: MedusaContainer, api: Api, cartId: string, headers: Record<string, string>) {
  const placed = TestEventUtils.waitSubscribersExecution("order.placed", container.resolve(Modules.EVENT_BUS))
  const res = await api.post(`/store/carts/${cartId}/complete`, {}, { headers })
  await placed
  return res
}

/** The same request for a checkout expected to be refused: returns the answer, whatever its status. */
export async function tryCompleteCart(api: Api, cartId: string, headers: Record<string, string>) {
  return await api.post(`/store/carts/${cartId}/complete`, {}, { headers, validateStatus: () => true })
}
