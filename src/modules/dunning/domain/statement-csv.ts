import { dayToIsoDate, localDay } from "./calendar"
import type { CurrencyTotal, NoticeLine } from "./notice-lines"
import { fillText, shippedText } from "../templates/shipped-text"

/**
 * The invoices of a notice as a CSV statement attached to the e-mail, for the customer's accounts-payable
 * team to reconcile in a spreadsheet. Cells that a spreadsheet would read as a formula (an invoice number
 * from an ERP starting with "=", "+", "-" or "@") are prefixed with an apostrophe, and every cell is quoted
 * when needed (RFC 4180). The headings and the file's name are in the notice's language (English where the
 * plugin ships none for it); the cells stay machine-readable: ISO dates, plain decimals, currency codes.
 */
function cell(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function statementCsv(lines: NoticeLine[], totals: CurrencyTotal[], timeZone: string, language: string | null = "en"): string {
  const h = shippedText(language).statement
  // an invoice whose terms wait for its shipment has no due date yet
  const date = (iso: string) => (iso ? dayToIsoDate(localDay(new Date(iso), timeZone)) : "")
  const rows: Array<Array<string | number>> = [
    [h.invoice, h.issued, h.due, h.days_overdue, h.currency, h.amount, h.paid, h.outstanding],
    ...lines.map((l) => [l.number, date(l.issued_at), date(l.due_at), l.days_overdue, l.currency_code.toUpperCase(), l.amount, l.amount_paid, l.outstanding]),
    ...totals.map((t) => [fillText(h.total, { currency: t.currency_code.toUpperCase() }), "", "", "", t.currency_code.toUpperCase(), "", "", t.outstanding]),
  ]
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n"
}

/** The statement's file name for a day ("open-invoices-2026-03-23.csv"), in the notice's language. */
export function statementFilename(isoDay: string, language: string | null = "en"): string {
  return `${shippedText(language).statement.filename}-${isoDay}.csv`
}
