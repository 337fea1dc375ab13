import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { receivablePaymentCollectionWorkflow } from "../../../../../../workflows/self-service/workflows/receivable-payment-collection"
import { customerOf } from "../../../presenter"

/**
 * The Medusa payment collection the logged-in customer pays an open invoice of an order through (made
 * when there is none, brought up to what the order owes when there is), for the storefront's own payment
 * UI: `POST /store/payment-collections/:id/payment-sessions` with a provider, as for any Medusa payment.
 * `already_paid`: the customer paid into it already and its capture is awaited. One request at a time
 * per receivable (Medusa's locking module).
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const locking = req.scope.resolve(Modules.LOCKING)
  const { result } = await locking.execute(
    `dunning-pay:${req.params.id}`,
    async () => await receivablePaymentCollectionWorkflow(req.scope).run({ input: { customer_id: customerId, receivable_id: req.params.id } }),
    { timeout: 15 }
  )
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "currency_code", "amount", "status", "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.status"],
    filters: { id: result.payment_collection_id },
  })
  res.json({ payment_collection: data[0], order_id: result.order_id, already_paid: result.already_paid })
}
