import { MedusaError } from "@medusajs/framework/utils"
import { invoiceDocument } from "../../../../admin/dunning/document-builders"
import { sendPdf } from "../../../../admin/dunning/documents"
import { InvoiceQuery, parseForm } from "../../../collection-page/forms"
import { pageRoute } from "../../../collection-page/guard"

/**
 * One invoice of the customer's as a PDF (`?receivable=<id>`), from the collection page, behind the page's
 * link checks. Another customer's invoice, or one that does not exist, gets the same page as a refused link.
 */
export const GET = pageRoute(async (req, res, page) => {
  const { receivable } = parseForm(InvoiceQuery, req.query)
  // an ERP document that cannot be read is the store's problem: the customer sees the page's plain error
  // (the log has the reason), never the ERP's address
  const document = await invoiceDocument(req.scope, receivable, { now: page.now, customerId: page.customer_id }).catch((error: Error) => {
    throw new Error(`invoice ${receivable}: ${error.message}`)
  })
  if (!document) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "receivable: not an invoice of this customer")
  }
  sendPdf(res, document.pdf, document.filename)
})
