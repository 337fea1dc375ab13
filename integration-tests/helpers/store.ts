import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  capturePaymentWorkflow,
  completeCartWorkflow,
  createCartWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  refundPaymentWorkflow,
} from "@medusajs/medusa/core-flows"
import { TestEventUtils } from "@medusajs/test-utils"
import type { CollectionProfileInput } from "../../src/workflows/profiles/steps/upsert-collection-profile"
import { upsertCollectionProfileWorkflow } from "../../src/workflows/profiles/workflows/upsert-collection-profile"

/** Pay later: the system provider authorizes and leaves capture to the merchant (net terms, invoice). */
export const PAY_LATER = "pp_system_default"
/** Paid at checkout: a provider that captures at authorization. */
export const PAY_NOW = "pp_autocapture_autocapture"
/** A card: authorised at checkout, captured by the merchant later. */
export const PAY_BY_CARD = "pp_card_card"

export type TestStore = { regionId: string; salesChannelId: string; variantId: string; unitPrice: number }

/** A wholesale store selling one product at 125.50 EUR, with both payment providers enabled. */
export async function seedStore(container: MedusaContainer): Promise<TestStore> {
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: "Europe", currency_code: "eur", countries: ["de", "fr"], payment_providers: [PAY_LATER, PAY_NOW, PAY_BY_CARD] }],
    },
  })
  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Wholesale" }] },
  })
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Espresso beans 6 kg",
          status: "published",
          options: [{ title: "Size", values: ["6 kg"] }],
          sales_channels: [{ id: channels[0].id }],
          variants: [
            {
              title: "6 kg",
              sku: "BEANS-6KG",
              manage_inventory: false,
              options: { Size: "6 kg" },
              prices: [{ amount: 125.5, currency_code: "eur" }],
            },
          ],
        },
      ],
    },
  })
  return {
    regionId: regions[0].id,
    salesChannelId: channels[0].id,
    variantId: products[0].variants[0].id,
    unitPrice: 125.5,
  }
}

/**
 * A customer of the store, in a customer group when asked, and with a collection profile when `profile`
 * is given (a business customer the merchant set up for collections: terms, billing e-mails).
 */
export async function createBusinessCustomer(
  container: MedusaContainer,
  input: { email: string; company_name: string; group?: { name: string }; profile?: Omit<CollectionProfileInput, "customer_id"> }
) {
  const { result } = await createCustomersWorkflow(container).run({
    input: { customersData: [{ email: input.email, company_name: input.company_name, first_name: "Jo", last_name: "Buyer" }] },
  })
  const customer = result[0]
  let groupId: string | undefined
  if (input.group) {
    const { result: groups } = await createCustomerGroupsWorkflow(container).run({
      input: { customersData: [{ name: input.group.name }] },
    })
    groupId = groups[0].id
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groupId, add: [customer.id] } })
  }
  if (input.profile) {
    await upsertCollectionProfileWorkflow(container).run({ input: { customer_id: customer.id, ...input.profile } })
  }
  return { customer, groupId }
}

/**
 * Places a real order through Medusa's cart and checkout workflows and waits until every subscriber of
 * `order.placed` has run. Returns the order and its payment.
 */
export async function placeOrder(
  container: MedusaContainer,
  store: TestStore,
  input: { customerId: string; email: string; quantity: number; provider?: string }
) {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      customer_id: input.customerId,
      email: input.email,
      currency_code: "eur",
      items: [{ variant_id: store.variantId, quantity: input.quantity }],
    },
  })
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
  const query = container.resolve("query")
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id"],
    filters: { id: cart.id },
  })
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: (carts[0] as any).payment_collection.id, provider_id: input.provider ?? PAY_LATER },
  })
  const placed = TestEventUtils.waitSubscribersExecution("order.placed", container.resolve(Modules.EVENT_BUS))
  const { result } = await completeCartWorkflow(container).run({ input: { id: cart.id } })
  await placed
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "total", "created_at", "payment_collections.payments.id"],
    filters: { id: result.id },
  })
  const order = orders[0] as any
  return { order, paymentId: order.payment_collections[0].payments[0].id as string }
}

/** Captures (part of) a payment through Medusa's workflow and waits for `payment.captured` subscribers. */
export async function capture(container: MedusaContainer, paymentId: string, amount?: number) {
  const done = TestEventUtils.waitSubscribersExecution("payment.captured", container.resolve(Modules.EVENT_BUS))
  await capturePaymentWorkflow(container).run({ input: { payment_id: paymentId, amount } })
  await done
}

/** Refunds (part of) a payment through Medusa's workflow and waits for `payment.refunded` subscribers. */
export async function refund(container: MedusaContainer, paymentId: string, amount: number) {
  const done = TestEventUtils.waitSubscribersExecution("payment.refunded", container.resolve(Modules.EVENT_BUS))
  await refundPaymentWorkflow(container).run({ input: { payment_id: paymentId, amount } })
  await done
}

export async function cancelOrder(container: MedusaContainer, orderId: string) {
  const done = TestEventUtils.waitSubscribersExecution("order.canceled", container.resolve(Modules.EVENT_BUS))
  await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
  await done
}

/** Creates a customer group and puts these customers in it (a customer may be in several groups). */
export async function createCustomerGroupWith(container: MedusaContainer, name: string, customerIds: string[]): Promise<string> {
  const { result: groups } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name }] } })
  if (customerIds.length) {
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groups[0].id, add: customerIds } })
  }
  return groups[0].id
}
