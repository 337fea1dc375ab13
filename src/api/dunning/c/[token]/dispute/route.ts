import { MedusaError } from "@medusajs/framework/utils"
import { answerKey } from "../../../../../modules/dunning/domain/collection-link"
import { recordCustomerAnswer } from "../../../../../workflows/self-service/workflows/record-customer-answer"
import { DisputeForm, InvoiceQuery, parseForm } from "../../../collection-page/forms"
import { checkForm, pageRoute, type PageContext } from "../../../collection-page/guard"
import { sendPage } from "../../../collection-page/html"
import { pageInvoice } from "../../../collection-page/load"
import { disputePage, donePage } from "../../../collection-page/views"

/**
 * "I dispute this invoice": the form for one open invoice of the customer's (GET), and the dispute with
 * its reason (POST), recorded as the customer's with the invoice's hold and a follow-up for the rep. An
 * invoice that is not one of the customer's open ones gets the same page as a refused link.
 */
async function openInvoice(page: PageContext, id: string) {
  const { rows } = await page.dunning.listCustomerReceivables({ customer_id: page.customer_id, statuses: ["open"], ids: [id], limit: 1, offset: 0 })
  if (!rows[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "receivable: not an open invoice of this customer")
  }
  return pageInvoice(rows[0], page.now)
}

export const GET = pageRoute(async (req, res, page) => {
  const { receivable } = parseForm(InvoiceQuery, req.query)
  const invoice = await openInvoice(page, receivable)
  const form = page.dunning.signSelfServiceForm(page.token)
  const { title, body } = disputePage(invoice, page, form.token)
  sendPage(res, 200, page.strings, title, body)
})

export const POST = pageRoute(async (req, res, page) => {
  const nonce = checkForm(req, res, page)
  if (!nonce) {
    return
  }
  const form = parseForm(DisputeForm, req.body)
  const invoice = await openInvoice(page, form.receivable_id)
  await recordCustomerAnswer(req.scope, {
    customer_id: page.customer_id,
    source: "collection_page",
    idempotency_key: answerKey(page.customer_id, "collection_page", [nonce, "dispute", invoice.id]),
    now: page.now,
    answer: { kind: "dispute", receivable_ids: [invoice.id], reason: form.reason },
  })
  const { title, body } = donePage(page.strings.done.dispute(invoice.number), page)
  sendPage(res, 200, page.strings, title, body)
})
