import { MedusaError } from "@medusajs/framework/utils"
import { healOrderPayments } from "../../../../../workflows/payments/order-ledger"
import { payReceivableWorkflow } from "../../../../../workflows/self-service/workflows/pay-receivable"
import { InvoiceQuery, parseForm, PayForm } from "../../../collection-page/forms"
import { checkForm, pageRoute, type PageContext } from "../../../collection-page/guard"
import { sendPage } from "../../../collection-page/html"
import { PAGE_ROWS, pageInvoice, type PageInvoice } from "../../../collection-page/load"
import { donePage, payPage } from "../../../collection-page/views"

/**
 * Paying online through Medusa's payment module, with a provider the store lists in
 * `selfService.paymentProviders`: the invoice (or every open invoice of an order, `all`) and the choice of
 * provider (GET), then a payment collection, session and authorisation per invoice (POST). The payment is
 * booked on the receivable when it is captured (`payment.captured`); paying twice pays once.
 */
async function payableInvoices(page: PageContext, target: string): Promise<PageInvoice[]> {
  if (!page.dunning.selfServiceSettings().payment_providers.length) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "receivable: online payment is not offered by this store")
  }
  const { rows } = await page.dunning.listCustomerReceivables({
    customer_id: page.customer_id,
    statuses: ["open"],
    ...(target === "all" ? {} : { ids: [target] }),
    limit: PAGE_ROWS,
    offset: 0,
  })
  if (target !== "all" && !rows.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "receivable: not an open invoice of this customer")
  }
  const payable = rows.filter((row) => row.order_id).map((row) => pageInvoice(row, page.now))
  if (!payable.length) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "receivable: these invoices cannot be paid online here")
  }
  return payable
}

export const GET = pageRoute(async (req, res, page) => {
  const { receivable } = parseForm(InvoiceQuery, req.query)
  const invoices = await payableInvoices(page, receivable)
  const form = page.dunning.signSelfServiceForm(page.token)
  const { title, body } = payPage(invoices, receivable, page.dunning.selfServiceSettings().payment_providers, page, form.token)
  sendPage(res, 200, page.strings, title, body)
})

export const POST = pageRoute(async (req, res, page) => {
  if (!checkForm(req, res, page)) {
    return
  }
  const form = parseForm(PayForm, req.body)
  if (!page.dunning.selfServiceSettings().payment_providers.includes(form.provider_id)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "provider_id: not a payment provider this store offers")
  }
  const invoices = await payableInvoices(page, form.receivable)
  let authorized = true
  for (const invoice of invoices) {
    const { result } = await payReceivableWorkflow(req.scope).run({
      input: { customer_id: page.customer_id, receivable_id: invoice.id, provider_id: form.provider_id },
    })
    authorized &&= result.authorized
  }
  // a provider that captures when it authorises has paid already: booked now, not at the next reconcile
  await healOrderPayments(req.scope, [...new Set(invoices.map((i) => i.order_id!))])
  const { title, body } = donePage(authorized ? page.strings.done.paid : page.strings.done.pending, page)
  sendPage(res, 200, page.strings, title, body)
})
