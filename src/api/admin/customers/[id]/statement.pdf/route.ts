import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementDocument } from "../../../dunning/document-builders"
import { sendPdf } from "../../../dunning/documents"
import { notFound } from "../../../dunning/not-found"
import { requestNow } from "../../../dunning/time-travel"
import type { AdminGetStatementParamsType } from "./validators"

/**
 * The customer's statement of account as a PDF download, in the customer's language: every open invoice
 * with its dates, days overdue and outstanding amount, the totals per currency and their aging, and the
 * payments received in the period (`from`/`to`, by default the last 90 days).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetStatementParamsType
  const document = await statementDocument(req.scope, req.params.id, { now: requestNow(req, q.now), from: q.from, to: q.to })
  if (!document) {
    throw notFound("customer", req.params.id)
  }
  sendPdf(res, document.pdf, document.filename)
}
