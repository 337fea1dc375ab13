import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { RECEIVABLE_METADATA_KEY } from "./prepare-customer-payment"

export const tagPaymentCollectionStepId = "dunning-tag-payment-collection"

/** The collections of an order that wait for the customer's payment. */
const AWAITING_PAYMENT = new Set(["not_paid", "awaiting"])

/**
 * Finds the payment collection Medusa keeps open for what an order still owes (the newest one not yet
 * paid into) and marks it as the receivable's (in its metadata), so a second payment finds it instead of
 * making another; refuses when the order has nothing left to pay. The compensation puts the collection's
 * metadata back.
 */
export const tagPaymentCollectionStep = createStep(
  tagPaymentCollectionStepId,
  async (input: { order_id: string; receivable_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "payment_collections.id", "payment_collections.status", "payment_collections.created_at"],
      filters: { id: input.order_id },
    })
    const open = ((data[0] as any)?.payment_collections ?? [])
      .filter((c: any) => c && AWAITING_PAYMENT.has(c.status))
      .sort((a: any, b: any) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())[0]
    if (!open) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "receivable_id: the order of this invoice has nothing left to pay")
    }
    const payments = container.resolve(Modules.PAYMENT)
    const current = await payments.retrievePaymentCollection(open.id, { select: ["id", "metadata"] })
    await payments.updatePaymentCollections(current.id, { metadata: { ...(current.metadata ?? {}), [RECEIVABLE_METADATA_KEY]: input.receivable_id } })
    return new StepResponse(current.id as string, { id: current.id, metadata: current.metadata ?? null })
  },
  async (previous: { id: string; metadata: Record<string, unknown> | null } | undefined, { container }) => {
    if (previous) {
      await container.resolve(Modules.PAYMENT).updatePaymentCollections(previous.id, { metadata: previous.metadata ?? {} })
    }
  }
)
