import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementPdf, statementPdfFilename } from "../../../../../modules/dunning/documents"
import { documentCustomer, documentSetting, openInvoices, sendPdf } from "../../../dunning/documents"
import type { AdminGetCollectionSummaryParamsType } from "../../../dunning/kpis/validators"
import { notFound } from "../../../dunning/not-found"
import { requestNow } from "../../../dunning/time-travel"

/**
 * The customer's statement of account as a PDF download, in the customer's language: every open invoice
 * with its dates, days overdue and outstanding amount, the totals per currency and their aging.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetCollectionSummaryParamsType
  const now = requestNow(req, q.now)
  const customer = await documentCustomer(req.scope, req.params.id)
  if (!customer) {
    throw notFound("customer", req.params.id)
  }
  const [setting, invoices] = await Promise.all([documentSetting(req.scope, req.params.id), openInvoices(req.scope, req.params.id)])
  const input = { ...setting, now, customer, invoices }
  sendPdf(res, await statementPdf(input), statementPdfFilename(input))
}
