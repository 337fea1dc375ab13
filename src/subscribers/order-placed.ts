import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { flagOrderOnCreditHoldWorkflow } from "../workflows/credit-holds/workflows/flag-order-on-credit-hold"
import { createReceivableFromOrderWorkflow } from "../workflows/receivables/workflows/create-receivable-from-order"

/**
 * An order placed on terms becomes an open receivable; any other order (paid at checkout, paid by a
 * provider that is not on terms for a customer without terms) creates nothing, and why is logged at debug.
 * An order of a customer on credit hold that got past the checks (another path than the store's checkout)
 * is flagged in the customer's history for the rep and on its receivable, instead of passing unnoticed.
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
  const { result: flagged } = await flagOrderOnCreditHoldWorkflow(container).run({
    input: { order_id: data.id, receivable_id: result.receivable_id },
  })
  if (flagged.kind === "slipped") {
    logger.warn(`dunning: order ${data.id} was placed while its customer is on credit hold; flagged for the rep`)
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "dunning-order-placed" },
}
