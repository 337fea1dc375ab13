import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { createReceivableFromOrderWorkflow } from "../workflows/receivables/workflows/create-receivable-from-order"

/**
 * An order placed on terms becomes an open receivable; any other order (paid at checkout, paid by a
 * provider that is not on terms for a customer without terms) creates nothing, and why is logged at debug.
 */
export default async function dunningOrderPlacedHandler({ event: { data }, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve("logger")
  if (!data?.id) {
    logger.warn("dunning: order.placed event without an order id; nothing to do")
    return
  }
  const { result } = await createReceivableFromOrderWorkflow(container).run({ input: { order_id: data.id } })
  if (result.receivable_id) {
    logger.info(`dunning: order ${data.id} is on terms; receivable ${result.receivable_id} opened`)
  } else {
    logger.debug(`dunning: no receivable for order ${data.id}: ${result.skipped_because}`)
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "dunning-order-placed" },
}
