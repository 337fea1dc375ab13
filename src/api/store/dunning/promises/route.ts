import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { randomUUID } from "crypto"
import { answerKey } from "../../../../modules/dunning/domain/collection-link"
import { recordCustomerAnswer } from "../../../../workflows/self-service/workflows/record-customer-answer"
import { customerOf, presentAnswer } from "../presenter"
import type { StoreCreatePromiseType } from "../validators"

/**
 * The logged-in customer promises to pay by a date (at most `selfService.promiseMaxDays` ahead), for the
 * invoices named or every open one, optionally an amount: recorded as the customer's, with the hold a
 * promise gives and a follow-up for the rep. 201; 200 with `replayed: true` for a repeated idempotency key.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCreatePromiseType>, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const body = req.validatedBody
  const { event, replayed } = await recordCustomerAnswer(req.scope, {
    customer_id: customerId,
    source: "storefront",
    idempotency_key: answerKey(customerId, "storefront", ["promise", body.idempotency_key ?? randomUUID()]),
    now: new Date(),
    answer: {
      kind: "promise",
      promised_date: body.promised_date,
      promised_amount: body.promised_amount === undefined ? null : String(body.promised_amount),
      promised_currency_code: body.promised_currency_code ?? null,
      receivable_ids: body.receivable_ids ?? null,
      note: body.note ?? null,
    },
  })
  res.status(replayed ? 200 : 201).json({ collection_event: presentAnswer(event), replayed })
}
