import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const prepareCustomerPaymentStepId = "dunning-prepare-customer-payment"

/** The metadata key that marks a payment collection the plugin created for a receivable. */
export const RECEIVABLE_METADATA_KEY = "dunning_receivable_id"

/** A collection in one of these states already holds the customer's payment, waiting for its capture. */
const PAID_AWAITING_CAPTURE = new Set(["authorized", "partially_authorized", "partially_captured"])

export type CustomerPaymentTarget = {
  receivable_id: string
  order_id: string
  /** The collection the customer already paid into (authorised, not yet captured), if any: nothing new is made. */
  paid_collection_id: string | null
}

/**
 * Checks that a receivable can be paid through Medusa's payment module by this customer: it is the
 * customer's, open, and the invoice of a Medusa order (an invoice from an ERP has no order to pay). Finds
 * a payment collection the customer already paid into for it, so that paying twice makes nothing twice.
 * Any other receivable is "not found", whether it exists or not. Reads only: nothing to undo.
 */
export const prepareCustomerPaymentStep = createStep(
  prepareCustomerPaymentStepId,
  async (input: { customer_id: string; receivable_id: string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const { rows } = await dunning.listCustomerReceivables({
      customer_id: input.customer_id,
      statuses: ["open"],
      ids: [input.receivable_id],
      limit: 1,
      offset: 0,
    })
    const receivable = rows[0]
    if (!receivable) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `receivable_id: '${input.receivable_id.slice(0, 100)}' is not an open invoice of yours`)
    }
    if (!receivable.order_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `receivable_id: invoice ${receivable.number} is not an order of this store and cannot be paid online here`)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "payment_collections.id", "payment_collections.status", "payment_collections.metadata"],
      filters: { id: receivable.order_id },
    })
    const collections: any[] = (data[0] as any)?.payment_collections ?? []
    const paid = collections.find((c) => c?.metadata?.[RECEIVABLE_METADATA_KEY] === receivable.id && PAID_AWAITING_CAPTURE.has(c.status))
    const target: CustomerPaymentTarget = { receivable_id: receivable.id, order_id: receivable.order_id, paid_collection_id: paid?.id ?? null }
    return new StepResponse(target)
  }
)
