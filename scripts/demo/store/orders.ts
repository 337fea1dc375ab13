import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PRODUCTS } from "../scenario"
import { forEachLimited, PARALLEL } from "./parallel"
import type { SeededCustomer, SeededStore } from "./seed"
import type { WatchedSubscriber } from "./subscribers"

/**
 * Placing orders on terms. Orders are booked through Medusa's order and payment modules (the order, its
 * payment collection and a pay-later payment authorized by the system provider) and announced with
 * `order.placed` as a checkout does, which is several times faster than a cart checkout. The plugin's
 * subscriber turns each order into a receivable, due after the customer's terms.
 */

type Knex = any

export type OrderRequest = {
  customer: SeededCustomer
  currency: "eur" | "usd"
  /** Lines by the index of the product in the scenario. */
  items: Array<{ product: number; quantity: number }>
}

/** An order as the plugin booked it: its receivable and the payment the customer will pay through. */
export type PlacedOrder = {
  receivable_id: string
  order_id: string
  display_id: number
  payment_id: string
  currency: string
  amount: number
  due_at: Date
}

/** Places a day's orders (a customer orders at most once a day); returns them in the order asked. */
export async function placeOrders(
  container: MedusaContainer,
  store: SeededStore,
  orderPlaced: WatchedSubscriber,
  requests: OrderRequest[]
): Promise<PlacedOrder[]> {
  const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const orders = await createOrders(container, store, requests)
  const payments = await authorizePayLater(container, orders)
  // order.placed: the plugin's subscriber opens each receivable
  const ids = orders.map((o) => o.id)
  const handled = orderPlaced.finished + ids.length
  await container.resolve(Modules.EVENT_BUS).emit(ids.map((id) => ({ name: "order.placed", data: { id } })))
  await orderPlaced.until(handled)
  const receivables: any[] = await knex("dunning_receivable").whereIn("order_id", ids)
  return orders.map((order, i) => {
    const receivable = receivables.find((r) => r.order_id === order.id)
    return {
      receivable_id: receivable.id,
      order_id: order.id,
      display_id: order.display_id,
      payment_id: payments[i],
      currency: requests[i].currency,
      amount: Number(receivable.amount),
      due_at: new Date(receivable.due_at),
    }
  })
}

type CreatedOrder = { id: string; display_id: number; total: number; currency_code: string }

/** Creates the orders in the order module; returns them (with their totals) in the order asked. */
async function createOrders(container: MedusaContainer, store: SeededStore, requests: OrderRequest[]): Promise<CreatedOrder[]> {
  const orderModule = container.resolve(Modules.ORDER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const created = await orderModule.createOrders(requests.map((request) => orderInput(store, request)) as any)
  // a customer orders at most once a day: its order is found by customer
  const orderOf = new Map((created as any[]).map((o) => [o.customer_id as string, o.id as string]))
  const ids = requests.map((r) => orderOf.get(r.customer.id)!)
  const { data: orders } = await query.graph({ entity: "order", fields: ["id", "display_id", "total", "currency_code"], filters: { id: ids } })
  orders.sort((a: any, b: any) => ids.indexOf(a.id) - ids.indexOf(b.id))
  return orders as any[]
}

function orderInput(store: SeededStore, { customer, currency, items }: OrderRequest) {
  const spec = customer.spec
  // an order in the customer's other currency goes to its subsidiary abroad
  const country = currency === spec.currency ? spec.country : currency === "usd" ? "us" : "de"
  const address = { company: spec.company, first_name: spec.first_name, last_name: spec.last_name, address_1: "1 Market Street", city: "Springfield", postal_code: "10001", country_code: country }
  return {
    region_id: store.regionOf[currency],
    sales_channel_id: store.salesChannelId,
    customer_id: customer.id,
    email: customer.email,
    currency_code: currency,
    status: "pending",
    shipping_address: address,
    billing_address: address,
    items: items.map((i) => ({
      title: PRODUCTS[i.product].title,
      product_id: store.products[i.product].product_id,
      product_title: PRODUCTS[i.product].title,
      variant_id: store.products[i.product].variant_id,
      variant_sku: PRODUCTS[i.product].sku,
      variant_title: "Case",
      quantity: i.quantity,
      unit_price: PRODUCTS[i.product][currency],
      requires_shipping: false,
    })),
  }
}

/** Gives each order a payment collection and a pay-later payment authorized by the system provider; returns the payments' ids. */
async function authorizePayLater(container: MedusaContainer, orders: CreatedOrder[]): Promise<string[]> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const payments: string[] = []
  await forEachLimited([...orders.keys()], PARALLEL, async (i) => {
    const o = orders[i]
    const [collection] = await paymentModule.createPaymentCollections([{ currency_code: o.currency_code, amount: o.total }])
    await link.create({ [Modules.ORDER]: { order_id: o.id }, [Modules.PAYMENT]: { payment_collection_id: collection.id } })
    const session = await paymentModule.createPaymentSession(collection.id, { provider_id: "pp_system_default", currency_code: o.currency_code, amount: o.total, data: {} })
    const payment = await paymentModule.authorizePaymentSession(session.id, {})
    if (!payment) {
      throw new Error(`the pay-later payment of order ${o.id} was not authorized`)
    }
    payments[i] = payment.id
  })
  return payments
}
