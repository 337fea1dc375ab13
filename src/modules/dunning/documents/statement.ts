import { decimalAdd, decimalCompare, decimalSub } from "../domain/decimal"
import { overdueDays } from "../templates/helpers"
import { dayToIsoDate, localDay } from "../domain/calendar"
import { documentHeader, documentImages, fileSafe, grid, wordsFor, type DocumentParty, type DocumentSetting, type DocumentWords } from "./common"
import { renderPdf, type PdfContent } from "./pdf"

/** One open invoice on a statement of account. */
export type StatementInvoice = {
  number: string
  currency_code: string
  outstanding: string
  issued_at: Date | string
  /** null while its terms wait for the shipment */
  due_at: Date | string | null
}

/** One payment (or refund) booked against an invoice of the customer during the statement's period. */
export type StatementPayment = {
  invoice_number: string
  currency_code: string
  /** always positive; a refund is taken off the period's payments */
  amount: string
  kind: "payment" | "refund"
  paid_at: Date | string
  reference?: string | null
}

export type StatementInput = DocumentSetting & {
  store: DocumentParty
  customer: DocumentParty
  invoices: StatementInvoice[]
  /** The period the payments are listed for; without one the statement lists open invoices only. */
  period?: { from: Date | string; to: Date | string } | null
  payments?: StatementPayment[]
  maxBytes?: number
}

const BUCKETS = ["aging_current", "aging_1_30", "aging_31_60", "aging_61_90", "aging_over_90"] as const
type Bucket = (typeof BUCKETS)[number]

function bucketOf(days: number | ""): Bucket {
  if (days === "" || days <= 0) {
    return "aging_current"
  }
  return days <= 30 ? "aging_1_30" : days <= 60 ? "aging_31_60" : days <= 90 ? "aging_61_90" : "aging_over_90"
}

type CurrencySums = { total: string; buckets: Record<Bucket, string> }

/** Outstanding per currency, in total and by age (two currencies are never added together). */
function sumsByCurrency(input: StatementInput): Map<string, CurrencySums> {
  const sums = new Map<string, CurrencySums>()
  for (const invoice of input.invoices) {
    const code = invoice.currency_code.toUpperCase()
    const sum = sums.get(code) ?? { total: "0", buckets: Object.fromEntries(BUCKETS.map((b) => [b, "0"])) as Record<Bucket, string> }
    const bucket = bucketOf(invoice.due_at ? overdueDays(invoice.due_at, input.now, input.timeZone) : "")
    sum.total = decimalAdd(sum.total, invoice.outstanding)
    sum.buckets[bucket] = decimalAdd(sum.buckets[bucket], invoice.outstanding)
    sums.set(code, sum)
  }
  return new Map([...sums.entries()].sort(([a], [b]) => a.localeCompare(b)))
}

function invoiceRows(input: StatementInput, f: ReturnType<typeof wordsFor>): string[][] {
  const dueTime = (i: StatementInvoice) => (i.due_at ? new Date(i.due_at).getTime() : Number.MAX_SAFE_INTEGER)
  return [...input.invoices]
    .sort((a, b) => dueTime(a) - dueTime(b) || a.number.localeCompare(b.number))
    .map((i) => {
      const days = i.due_at ? overdueDays(i.due_at, input.now, input.timeZone) : ""
      return [i.number, f.date(i.issued_at), f.date(i.due_at), days === "" || days <= 0 ? "" : String(days), f.money(i.outstanding, i.currency_code)]
    })
}

function agingTable(sums: Map<string, CurrencySums>, words: DocumentWords, f: ReturnType<typeof wordsFor>): PdfContent {
  const rows = [...sums.entries()].map(([code, sum]) => [
    f.fill(words.aging, { currency: code }),
    ...BUCKETS.map((b) => (decimalCompare(sum.buckets[b], "0") === 0 ? "–" : f.money(sum.buckets[b], code))),
  ])
  return grid(["", ...BUCKETS.map((b) => words[b])], rows, ["*", "auto", "auto", "auto", "auto", "auto"])
}

/** The payments of the period, oldest first, with their total per currency (a refund counts against it). */
function paymentsSection(input: StatementInput, f: ReturnType<typeof wordsFor>): PdfContent[] {
  const { words } = f
  const period = input.period!
  const heading = { text: f.fill(words.payments_heading, { from: f.date(period.from), to: f.date(period.to) }), bold: true, margin: [0, 6, 0, 4] }
  const payments = [...(input.payments ?? [])].sort((a, b) => new Date(a.paid_at).getTime() - new Date(b.paid_at).getTime())
  if (!payments.length) {
    return [heading, { text: words.no_payments, margin: [0, 0, 0, 10] }]
  }
  const totals = new Map<string, string>()
  const rows = payments.map((p) => {
    const code = p.currency_code.toUpperCase()
    const signed = p.kind === "refund" ? decimalSub("0", p.amount) : p.amount
    totals.set(code, decimalAdd(totals.get(code) ?? "0", signed))
    return [f.date(p.paid_at), p.invoice_number, p.kind === "refund" ? words.refund : (p.reference ?? ""), f.money(signed, p.currency_code)]
  })
  const table = grid([words.paid_on, words.number, words.reference, words.amount], rows, ["auto", "*", "*", "auto"], 3)
  const body = (table as { table: { body: unknown[][] } }).table.body
  for (const [code, total] of [...totals.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    body.push([f.fill(words.payments_total, { currency: code }), "", "", f.money(total, code)].map((text, i) => ({ text, bold: true, alignment: i === 3 ? "right" : "left" })))
  }
  return [heading, table]
}

/** The statement of account of a customer as a PDF: its open invoices, totals per currency and their aging. */
export async function statementPdf(input: StatementInput): Promise<Buffer> {
  const f = wordsFor(input)
  const { words } = f
  const sums = sumsByCurrency(input)
  const facts: Array<[string, string]> = [[words.date, f.date(input.now)]]
  if (input.period) {
    facts.push([words.period, `${f.date(input.period.from)} – ${f.date(input.period.to)}`])
  }
  const content: PdfContent[] = [...documentHeader(words.statement_title, input.store, input.customer, facts)]
  if (!input.invoices.length) {
    content.push({ text: words.no_open_invoices })
  } else {
    const totals = [...sums.entries()].map(([code, sum]) => [f.fill(words.total, { currency: code }), "", "", "", f.money(sum.total, code)])
    const table = grid([words.number, words.issued, words.due, words.days_overdue, words.outstanding], invoiceRows(input, f), ["*", "auto", "auto", "auto", "auto"])
    const body = (table as { table: { body: unknown[][] } }).table.body
    body.push(...totals.map((r) => r.map((text, i) => ({ text, bold: true, alignment: i ? "right" : "left" }))))
    content.push(table, agingTable(sums, words, f))
  }
  if (input.period) {
    content.push(...paymentsSection(input, f))
  }
  const title = `${words.statement_title} – ${input.customer.name}`
  return renderPdf({ title, language: input.language, content, images: documentImages(input.store) }, input.maxBytes)
}

/** "extracto-acme-2026-03-23.pdf": the statement's file name in the customer's language. */
export function statementPdfFilename(input: DocumentSetting & { customer: DocumentParty }): string {
  const words = wordsFor(input).words
  const day = dayToIsoDate(localDay(new Date(input.now), input.timeZone))
  return `${fileSafe(`${words.statement_filename}-${input.customer.company || input.customer.name}`).toLowerCase()}-${day}.pdf`
}
