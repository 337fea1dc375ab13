import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { capturePaymentWorkflow, markPaymentCollectionAsPaid } from "@medusajs/medusa/core-flows"
import { forEachLimited, PARALLEL } from "./parallel"
import type { Profile } from "./profile"
import type { WatchedSubscriber } from "./subscribers"

/**
 * Customers paying: a payment is Medusa's capture of the order's pay-later payment, so the plugin's
 * `payment.captured` subscriber books the money and cancels notices with nothing left to claim. An order
 * edited or returned since it was placed has a new payment collection for what it now comes to (Medusa
 * cancels the first one): the customer pays that one.
 */

type Knex = any

export type PaymentRequest = {
  receivable_id: string
  payment_id: string
  /** What is still open of the invoice, or half of it. */
  share: "rest" | "half"
}

/**
 * Captures payments: different invoices in parallel, a second payment of one invoice after the first.
 * Returns how many captured money (an invoice settled meanwhile captures nothing).
 */
export async function capturePayments(
  container: MedusaContainer,
  paymentCaptured: WatchedSubscriber,
  profile: Profile,
  payments: PaymentRequest[]
): Promise<number> {
  const first = payments.filter((p, i) => payments.findIndex((q) => q.receivable_id === p.receivable_id) === i)
  let captured = 0
  for (const batch of [first, payments.filter((p) => !first.includes(p))]) {
    let inBatch = 0
    const handled = paymentCaptured.finished
    await forEachLimited(batch, PARALLEL, async (p) => {
      const paid = await profile.timed("capture", () => pay(container, p))
      if (paid > 0) inBatch += 1
    })
    // payment.captured: the plugin's subscriber books each payment before anything else looks at the ledger
    await paymentCaptured.until(handled + inBatch)
    captured += inBatch
  }
  return captured
}

/** Captures what is still open of the invoice, or half of it; returns the amount (0 if nothing is open). */
async function pay(container: MedusaContainer, payment: PaymentRequest): Promise<number> {
  const knex: Knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const receivable: any = await knex("dunning_receivable").where({ id: payment.receivable_id }).first()
  const outstanding = Number(receivable.amount) - Number(receivable.amount_paid)
  if (receivable.status !== "open" || outstanding <= 0) {
    return 0
  }
  const replaced = await collectionReplacing(container, payment.payment_id, receivable.order_id)
  if (replaced !== undefined) {
    if (!replaced) {
      return 0
    }
    await markPaymentCollectionAsPaid(container).run({ input: { payment_collection_id: replaced.id, order_id: receivable.order_id } })
    return Number(replaced.amount)
  }
  const amount = payment.share === "half" ? Math.round((outstanding / 2) * 100) / 100 : outstanding
  await capturePaymentWorkflow(container).run({ input: { payment_id: payment.payment_id, amount } })
  return amount
}

/**
 * When the payment's collection was cancelled by a change of the order, the order's unpaid collection
 * that replaced it (null: none, nothing left to pay); undefined while the payment's own collection stands.
 */
async function collectionReplacing(
  container: MedusaContainer,
  paymentId: string,
  orderId: string
): Promise<{ id: string; amount: number } | null | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({ entity: "payment", fields: ["payment_collection.status"], filters: { id: paymentId } })
  if ((payments[0] as any)?.payment_collection?.status !== "canceled") {
    return undefined
  }
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["payment_collections.id", "payment_collections.status", "payment_collections.amount"],
    filters: { id: orderId },
  })
  const open = ((orders[0] as any)?.payment_collections ?? []).find((c: any) => c?.status === "not_paid")
  return open ? { id: open.id, amount: Number(open.amount) } : null
}
