import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { randomUUID } from "crypto"
import { answerKey } from "../../../../modules/dunning/domain/collection-link"
import { recordCustomerAnswer } from "../../../../workflows/self-service/workflows/record-customer-answer"
import { customerOf, presentAnswer } from "../presenter"
import type { StoreCreateDisputeType } from "../validators"

/**
 * The logged-in customer disputes open invoices of theirs, saying why (at most 1,000 characters):
 * recorded as the customer's, the invoices held until the dispute is resolved, a follow-up for the rep.
 * 201; 200 with `replayed: true` for a repeated idempotency key.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCreateDisputeType>, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const body = req.validatedBody
  const { event, replayed } = await recordCustomerAnswer(req.scope, {
    customer_id: customerId,
    source: "storefront",
    idempotency_key: answerKey(customerId, "storefront", ["dispute", body.idempotency_key ?? randomUUID()]),
    now: new Date(),
    answer: { kind: "dispute", receivable_ids: body.receivable_ids, reason: body.reason },
  })
  res.status(replayed ? 200 : 201).json({ collection_event: presentAnswer(event), replayed })
}
