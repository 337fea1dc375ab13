import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { invoicePdf, invoicePdfFilename, statementPdf, statementPdfFilename, type StatementPayment } from "../../../modules/dunning/documents"
import type DunningModuleService from "../../../modules/dunning/service"
import { erpDocument, erpDocumentRef } from "../../../workflows/dunning/erp-document"
import { decimalOf, documentCustomer, documentSetting, invoiceOrder, openInvoices } from "./documents"

/**
 * The two documents a customer or an admin downloads, built from what the plugin and Medusa know: the
 * statement of account (open invoices, aging, and the payments of a period: by default the last
 * STATEMENT_DAYS days) and the invoice of a receivable (the order's lines and totals; for an imported
 * invoice the ERP's own PDF when the import named one, else its header and amount).
 */
export const STATEMENT_DAYS = 90
/** The longest period a statement lists payments for, in days. */
export const STATEMENT_MAX_DAYS = 366
/** At most this many payments are listed on one statement (the most recent ones of the period). */
export const STATEMENT_MAX_PAYMENTS = 1000

const DAY_MS = 86_400_000

export type DocumentFile = { pdf: Buffer; filename: string }

/** A statement's period as whole UTC days, `to` included: `to` defaults to today, `from` to STATEMENT_DAYS days before. */
export function statementPeriod(now: Date, from?: string, to?: string): { from: Date; to: Date; until: Date } {
  const last = to ? new Date(`${to}T00:00:00.000Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const first = from ? new Date(`${from}T00:00:00.000Z`) : new Date(last.getTime() - (STATEMENT_DAYS - 1) * DAY_MS)
  return { from: first, to: last, until: new Date(last.getTime() + DAY_MS) }
}

/** The payments and refunds booked on the customer's invoices in the period. */
async function periodPayments(scope: MedusaContainer, customerId: string, period: { from: Date; until: Date }): Promise<StatementPayment[]> {
  const dunning = scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const rows = await dunning.listReceivablePayments(
    { paid_at: { $gte: period.from, $lt: period.until }, kind: ["payment", "refund"], receivable: { customer_id: customerId } } as any,
    { relations: ["receivable"], take: STATEMENT_MAX_PAYMENTS, order: { paid_at: "DESC" } }
  )
  return rows.map((row: any) => ({
    invoice_number: row.receivable?.number ?? "",
    currency_code: row.currency_code,
    amount: decimalOf(row.raw_amount ?? row.amount),
    kind: row.kind,
    paid_at: row.paid_at,
    reference: row.external_ref,
  }))
}

/** The customer's statement of account at `now`, with the payments of `period`; null when there is no such customer. */
export async function statementDocument(
  scope: MedusaContainer,
  customerId: string,
  input: { now: Date; from?: string; to?: string }
): Promise<DocumentFile | null> {
  const customer = await documentCustomer(scope, customerId)
  if (!customer) {
    return null
  }
  const period = statementPeriod(input.now, input.from, input.to)
  const [setting, invoices, payments] = await Promise.all([
    documentSetting(scope, customerId),
    openInvoices(scope, customerId),
    periodPayments(scope, customerId, period),
  ])
  const document = { ...setting, now: input.now, customer, invoices, payments, period: { from: period.from, to: period.to } }
  return { pdf: await statementPdf(document), filename: statementPdfFilename(document) }
}

const RECEIVABLE_FIELDS = ["id", "customer_id", "order_id", "number", "currency_code", "amount", "raw_amount", "amount_paid", "raw_amount_paid", "issued_at", "due_at", "metadata"]

/**
 * The invoice of a receivable; null when there is none, or (with `customerId`) when it is another
 * customer's, so that a customer can never tell someone else's invoice from one that does not exist.
 */
export async function invoiceDocument(scope: MedusaContainer, receivableId: string, input: { now: Date; customerId?: string }): Promise<DocumentFile | null> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "receivable", fields: RECEIVABLE_FIELDS, filters: { id: receivableId } })
  const row = data[0] as any
  if (!row || (input.customerId && row.customer_id !== input.customerId)) {
    return null
  }
  const setting = await documentSetting(scope, row.customer_id)
  const filename = invoicePdfFilename({ language: setting.language, number: row.number })
  const ref = row.order_id ? null : erpDocumentRef(row.metadata)
  if (ref) {
    return { pdf: await erpDocument(scope, ref, { number: row.number, maxBytes: setting.maxBytes }), filename }
  }
  const [customer, order] = await Promise.all([
    documentCustomer(scope, row.customer_id),
    row.order_id ? invoiceOrder(scope, row.order_id) : Promise.resolve(null),
  ])
  const receivable = {
    number: row.number,
    currency_code: row.currency_code,
    amount: decimalOf(row.raw_amount ?? row.amount),
    amount_paid: decimalOf(row.raw_amount_paid ?? row.amount_paid),
    issued_at: row.issued_at,
    due_at: row.due_at,
  }
  const pdf = await invoicePdf({ ...setting, now: input.now, customer: customer ?? { name: row.customer_id }, receivable, order })
  return { pdf, filename }
}
