import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invoiceDocument } from "../../../document-builders"
import { sendPdf } from "../../../documents"
import { notFound } from "../../../not-found"

/**
 * The invoice of a receivable as a PDF download, in its customer's language: the invoice's header and
 * amount and, for a receivable of a Medusa order, the order's lines, shipping, taxes and totals; for an
 * imported invoice whose import named the ERP's own PDF, that PDF.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const document = await invoiceDocument(req.scope, req.params.id, { now: new Date() })
  if (!document) {
    throw notFound("receivable", req.params.id)
  }
  sendPdf(res, document.pdf, document.filename)
}
