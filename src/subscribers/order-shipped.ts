import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { startReceivableTermsWorkflow } from "../workflows/receivables/workflows/start-receivable-terms"

/**
 * A fulfilment shipped or delivered starts the terms of its order's invoice when they run from the first
 * shipment or delivery; every other invoice is left as it is.
 */
export default async function dunningOrderShippedHandler({ event: { name, data }, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve("logger")
  if (!data?.id) {
    logger.warn(`dunning: ${name} event without a fulfilment id; nothing to do`)
    return
  }
  const { result } = await startReceivableTermsWorkflow(container).run({ input: { fulfillment_id: data.id } })
  if (result.receivable_id) {
    logger.info(`dunning: terms of receivable ${result.receivable_id} started ${new Date(result.started_at!).toISOString()}; due ${new Date(result.due_at!).toISOString()}`)
  } else {
    logger.debug(`dunning: ${name} ${data.id} starts no terms: ${result.skipped_because}`)
  }
}

export const config: SubscriberConfig = {
  event: ["shipment.created", "delivery.created"],
  context: { subscriberId: "dunning-order-shipped" },
}
