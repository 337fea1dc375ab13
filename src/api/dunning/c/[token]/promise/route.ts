import { answerKey } from "../../../../../modules/dunning/domain/collection-link"
import { formatDate } from "../../../../../modules/dunning/templates/helpers"
import { recordCustomerAnswer } from "../../../../../workflows/self-service/workflows/record-customer-answer"
import { parseForm, PromiseForm } from "../../../collection-page/forms"
import { checkForm, pageRoute } from "../../../collection-page/guard"
import { sendPage } from "../../../collection-page/html"
import { donePage } from "../../../collection-page/views"

/**
 * "I will pay by …": the customer's promise to pay (a date, optionally an amount) for every open invoice,
 * recorded as the customer's with the hold a promise gives and a follow-up for the rep. The same form
 * sent twice records one promise.
 */
export const POST = pageRoute(async (req, res, page) => {
  const nonce = checkForm(req, res, page)
  if (!nonce) {
    return
  }
  const form = parseForm(PromiseForm, req.body)
  const { event } = await recordCustomerAnswer(req.scope, {
    customer_id: page.customer_id,
    source: "collection_page",
    idempotency_key: answerKey(page.customer_id, "collection_page", [nonce, "promise"]),
    now: page.now,
    answer: {
      kind: "promise",
      promised_date: new Date(`${form.promised_date}T00:00:00.000Z`),
      promised_amount: form.promised_amount ?? null,
      promised_currency_code: form.promised_amount !== undefined ? form.promised_currency_code ?? null : null,
      note: form.note ?? null,
    },
  })
  const promised = formatDate(new Date(event.promised_date).toISOString(), page.strings.lang, "UTC")
  const { title, body } = donePage(page.strings.done.promise(promised), page)
  sendPage(res, 200, page.strings, title, body)
})
