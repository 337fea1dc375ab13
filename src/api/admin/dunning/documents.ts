import type { MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { decimalSub } from "../../../modules/dunning/domain/decimal"
import type { DocumentParty, StatementInvoice } from "../../../modules/dunning/documents"
import type DunningModuleService from "../../../modules/dunning/service"
import { documentStore } from "../../../workflows/dunning/document-store"
import { decimalOf } from "../../../workflows/dunning/invoice-order"

export { decimalOf, invoiceOrder } from "../../../workflows/dunning/invoice-order"

/**
 * What the PDF downloads are built from: the store's letterhead (name, address, logo), the customer as
 * their documents address them, the customer's language (their collection profile's, else that of their
 * latest notice, else the store's default) and, for an order's invoice, the order's lines and totals read
 * through Medusa's query.
 * Dates are written on the UTC calendar, as on the customer's collection page.
 */

export const DOCUMENT_TIME_ZONE = "UTC"
const PAGE = 500

type Query = { graph: (input: Record<string, unknown>) => Promise<{ data: any[] }> }
const queryOf = (scope: MedusaContainer) => scope.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
const dunningOf = (scope: MedusaContainer) => scope.resolve<DunningModuleService>(DUNNING_MODULE)

/** The customer as a document's addressee; null when there is no such customer. */
export async function documentCustomer(scope: MedusaContainer, customerId: string): Promise<DocumentParty | null> {
  const { data } = await queryOf(scope).graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name", "company_name", "email"],
    filters: { id: customerId },
  })
  const c = data[0]
  if (!c) {
    return null
  }
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ") || c.company_name || c.email || c.id
  return { name, company: c.company_name ?? null, email: c.email ?? null }
}

/** The language, store and maximum size every document of this customer is written with. */
export async function documentSetting(scope: MedusaContainer, customerId: string) {
  const dunning = dunningOf(scope)
  const options = dunning.getOptions()
  const [facts, store] = await Promise.all([dunning.selfServicePageFacts(customerId), documentStore(scope, options)])
  return {
    language: facts.language ?? options.defaultLanguage,
    timeZone: DOCUMENT_TIME_ZONE,
    store,
    maxBytes: options.documents.maxAttachmentBytes,
  }
}

/** Every open invoice of a customer, read a page at a time. */
export async function openInvoices(scope: MedusaContainer, customerId: string): Promise<StatementInvoice[]> {
  const dunning = dunningOf(scope)
  const invoices: StatementInvoice[] = []
  for (let offset = 0; ; offset += PAGE) {
    const { rows, count } = await dunning.listCustomerReceivables({ customer_id: customerId, statuses: ["open"], limit: PAGE, offset })
    invoices.push(...rows.map((row) => ({ ...row, outstanding: decimalSub(decimalOf(row.amount), decimalOf(row.amount_paid)) })))
    if (!rows.length || offset + rows.length >= count) {
      return invoices
    }
  }
}

/** Sends a PDF as a download named `filename` (the name is ASCII, see the documents' file names). */
export function sendPdf(res: MedusaResponse, pdf: Buffer, filename: string): void {
  res.setHeader("Content-Type", "application/pdf")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`)
  res.setHeader("Content-Length", String(pdf.length))
  res.setHeader("Cache-Control", "private, no-store")
  res.status(200).end(pdf)
}
