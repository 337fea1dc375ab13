import { statementDocument } from "../../../../admin/dunning/document-builders"
import { sendPdf } from "../../../../admin/dunning/documents"
import { pageRoute } from "../../../collection-page/guard"

/**
 * The customer's statement of account as a PDF, from the collection page: the same document the admin
 * downloads (open invoices, aging, the payments of the last 90 days), behind the same link checks as the
 * page; a refused link gets the page's refusal.
 */
export const GET = pageRoute(async (req, res, page) => {
  const document = await statementDocument(req.scope, page.customer_id, { now: page.now })
  if (!document) {
    throw new Error("the customer of a valid link has no statement")
  }
  sendPdf(res, document.pdf, document.filename)
})
