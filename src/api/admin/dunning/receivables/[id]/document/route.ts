import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { invoicePdf, invoicePdfFilename } from "../../../../../../modules/dunning/documents"
import { decimalOf, documentCustomer, documentSetting, invoiceOrder, sendPdf } from "../../../documents"
import { notFound } from "../../../not-found"

/**
 * The invoice of a receivable as a PDF download, in its customer's language: the invoice's header and
 * amount and, for a receivable of a Medusa order, the order's lines, shipping, taxes and totals.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "receivable",
    fields: ["id", "customer_id", "order_id", "number", "currency_code", "amount", "raw_amount", "amount_paid", "raw_amount_paid", "issued_at", "due_at"],
    filters: { id: req.params.id },
  })
  const row = data[0] as any
  if (!row) {
    throw notFound("receivable", req.params.id)
  }
  const [setting, customer, order] = await Promise.all([
    documentSetting(req.scope, row.customer_id),
    documentCustomer(req.scope, row.customer_id),
    row.order_id ? invoiceOrder(req.scope, row.order_id) : Promise.resolve(null),
  ])
  const receivable = {
    number: row.number,
    currency_code: row.currency_code,
    amount: decimalOf(row.raw_amount ?? row.amount),
    amount_paid: decimalOf(row.raw_amount_paid ?? row.amount_paid),
    issued_at: row.issued_at,
    due_at: row.due_at,
  }
  const pdf = await invoicePdf({ ...setting, now: new Date(), customer: customer ?? { name: row.customer_id }, receivable, order })
  sendPdf(res, pdf, invoicePdfFilename({ language: setting.language, number: row.number }))
}
