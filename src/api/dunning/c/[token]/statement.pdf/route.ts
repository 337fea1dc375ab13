import { statementDocument } from "../../../../admin/dunning/document-builders"
import { sendPdf } from "../../../../admin/dunning/documents"
import { parseForm, StatementQuery } from "../../../collection-page/forms"
import { pageRoute } from "../../../collection-page/guard"

/**
 * The customer's statement of account as a PDF, from the collection page: the same document the admin
 * downloads (open invoices, aging, the payments of the period: `from`/`to`, whole days, at most a year, by
 * default the last 90 days), behind the same link checks as the page; a refused link gets the page's
 * refusal, a period that cannot be (one day without the other, `to` before `from`, longer than a year) a page
 * naming the field.
 */
export const GET = pageRoute(async (req, res, page) => {
  const period = parseForm(StatementQuery, req.query)
  const document = await statementDocument(req.scope, page.customer_id, { now: page.now, from: period.from, to: period.to })
  if (!document) {
    throw new Error("the customer of a valid link has no statement")
  }
  sendPdf(res, document.pdf, document.filename)
})
