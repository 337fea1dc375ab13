import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderPaymentsWorkflow } from "../workflows/payments/workflows/sync-order-payments"

/**
 * A capture or refund on an order's payment is mirrored on the order's receivable: captured money is
 * booked as paid (and stops the chasing), refunded money re-opens the balance.
 */
export default async function dunningPaymentChangedHandler({
  event: { name, data },
  container,
}: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve("logger")
  if (!data?.id) {
    logger.warn(`dunning: ${name} event without a payment id; nothing to do`)
    return
  }
  const { result } = await syncOrderPaymentsWorkflow(container).run({ input: { payment_id: data.id } })
  if (result.receivable_id) {
    logger.info(`dunning: ${name} for payment ${data.id} applied to receivable ${result.receivable_id}`)
  }
}

export const config: SubscriberConfig = {
  event: ["payment.captured", "payment.refunded"],
  context: { subscriberId: "dunning-payment-changed" },
}
