import { decimalCompare, decimalSub } from "../domain/decimal"
import { documentHeader, documentImages, fileSafe, grid, wordsFor, type DocumentParty, type DocumentSetting } from "./common"
import { renderPdf, type PdfContent } from "./pdf"

/** The lines and totals of the Medusa order a receivable bills, as decimal strings in its currency. */
export type InvoiceOrder = {
  items: Array<{ title: string; quantity: number | string; unit_price: string; total: string }>
  subtotal: string
  tax_total: string
  shipping_total: string
  discount_total?: string | null
  total: string
}

export type InvoiceInput = DocumentSetting & {
  store: DocumentParty
  customer: DocumentParty
  receivable: {
    number: string
    currency_code: string
    amount: string
    amount_paid: string
    issued_at: Date | string
    due_at: Date | string | null
  }
  /** Present for a receivable of a Medusa order; an ERP receivable shows its header and amount only. */
  order?: InvoiceOrder | null
  maxBytes?: number
}

function orderContent(order: InvoiceOrder, input: InvoiceInput, f: ReturnType<typeof wordsFor>): PdfContent[] {
  const { words } = f
  const money = (amount: string) => f.money(amount, input.receivable.currency_code)
  const lines = grid(
    [words.item, words.quantity, words.unit_price, words.line_total],
    order.items.map((item) => [item.title, String(item.quantity), money(item.unit_price), money(item.total)]),
    ["*", "auto", "auto", "auto"]
  )
  const sums: Array<[string, string]> = [[words.subtotal, order.subtotal]]
  if (order.discount_total && decimalCompare(order.discount_total, "0") !== 0) {
    sums.push([words.discount, `-${order.discount_total}`])
  }
  sums.push([words.shipping, order.shipping_total], [words.tax, order.tax_total], [words.grand_total, order.total])
  const totals = {
    table: {
      widths: ["*", "auto"],
      body: sums.map(([label, amount], i) => {
        const bold = i === sums.length - 1
        return [{ text: label, alignment: "right", bold }, { text: money(amount), alignment: "right", bold }]
      }),
    },
    layout: "noBorders",
    margin: [0, 0, 0, 10],
  }
  return [lines, totals]
}

/** The invoice of a receivable as a PDF, in the customer's language. */
export async function invoicePdf(input: InvoiceInput): Promise<Buffer> {
  const f = wordsFor(input)
  const { words } = f
  const r = input.receivable
  const money = (amount: string) => f.money(amount, r.currency_code)
  const header: Array<[string, string]> = [
    [words.number, r.number],
    [words.issued, f.date(r.issued_at)],
  ]
  if (r.due_at) {
    header.push([words.due, f.date(r.due_at)])
  }
  const content: PdfContent[] = [...documentHeader(`${words.invoice_title} ${r.number}`, input.store, input.customer, header)]
  if (input.order) {
    content.push(...orderContent(input.order, input, f))
  }
  const summary: Array<[string, string]> = [[words.amount, money(r.amount)]]
  if (decimalCompare(r.amount_paid, "0") !== 0) {
    summary.push([words.paid, money(r.amount_paid)], [words.outstanding, money(decimalSub(r.amount, r.amount_paid))])
  }
  content.push(grid(summary.map(([label]) => label), [summary.map(([, value]) => value)], summary.map(() => "*"), 0))
  return renderPdf({ title: `${words.invoice_title} ${r.number}`, language: input.language, content, images: documentImages(input.store) }, input.maxBytes)
}

/** "factura-INV-1001.pdf": the invoice's file name in the customer's language. */
export function invoicePdfFilename(input: { language: string; number: string }): string {
  return `${wordsFor({ language: input.language, timeZone: "UTC", now: new Date() }).words.invoice_filename}-${fileSafe(input.number)}.pdf`
}
