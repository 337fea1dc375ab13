import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { followOrdersWorkflow } from "../workflows/order-changes/workflows/follow-orders"

/**
 * The receivable follows its order: an order edit, a return, a claim or an exchange put the invoice on
 * hold while they are open, and change what it claims once they are decided. Every event only says
 * "look at this order again": the workflow reads the order as it is now, so a replayed or late event
 * changes nothing, and events for orders without a receivable do nothing.
 */
export default async function dunningOrderChangedHandler({
  event: { name, data },
  container,
}: SubscriberArgs<{ id?: string; order_id?: string }>) {
  const logger = container.resolve("logger")
  const orderId = data?.order_id ?? data?.id
  if (typeof orderId !== "string" || !orderId) {
    logger.warn(`dunning: ${name} event without an order id; nothing to do`)
    return
  }
  const { result } = await followOrdersWorkflow(container).run({ input: { order_ids: [orderId] } })
  for (const revised of result.amounts_revised) {
    logger.info(`dunning: ${name} for order ${orderId}: receivable ${revised.receivable_id} now claims ${revised.to} (was ${revised.from})`)
  }
  if (result.held.length || result.released.length) {
    logger.info(`dunning: ${name} for order ${orderId}: ${result.held.length ? "on hold" : "resumed"}`)
  }
}

export const config: SubscriberConfig = {
  event: [
    "order-edit.requested",
    "order-edit.confirmed",
    "order-edit.canceled",
    "order.return_requested",
    "order.return_received",
    "order.claim_created",
    "order.exchange_created",
    "order.updated",
  ],
  context: { subscriberId: "dunning-order-changed" },
}
