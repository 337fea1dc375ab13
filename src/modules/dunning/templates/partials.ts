import Handlebars from "handlebars"
import type { NoticeTemplateContext } from "./context"
import { formatDate, formatMoney } from "./helpers"
import { countedText, fillText, formatCount, shippedText } from "./shipped-text"

/**
 * The ready-made `{{> invoiceTable}}` partial: the invoices the notice lists, a line saying how many more
 * it leaves out (a notice lists a bounded number, see CONTEXT_LIMITS) and the total per currency, as an
 * HTML table in the HTML body and as an aligned plain-text table in the text body. Written in
 * TypeScript rather than as a template so the text columns can be aligned, but it escapes every value
 * all the same: invoice numbers and links are data, not markup.
 */

/** The name admins write after `{{>`; the only partial there is. */
export const INVOICE_TABLE_PARTIAL = "invoiceTable"

type Labels = {
  invoice: string
  issued: string
  due: string
  overdue: string
  outstanding: string
  pay: string
  /** "Total EUR" for a currency code. */
  total: (currency: string) => string
  /** The line under the listed invoices when the notice leaves `n` out. */
  more: (n: number) => string
}

// the table speaks the notice's language (the base of its locale) where the plugin ships it, English otherwise
function labelsFor(locale: string): Labels {
  const table = shippedText(locale).invoice_table
  return {
    invoice: table.invoice,
    issued: table.issued,
    due: table.due,
    overdue: table.days_overdue,
    outstanding: table.outstanding,
    pay: table.pay,
    total: (currency) => fillText(table.total, { currency }),
    more: (n) => countedText(table.more, n, locale),
  }
}

type PartialOptions = { data?: { root?: unknown } }

type Row = { number: string; issued: string; due: string; overdue: string; outstanding: string; payUrl: string | null }

type TableData = { labels: Labels; rows: Row[]; more: string | null; totals: Array<{ label: string; amount: string }> }

function tableData(options: PartialOptions): TableData {
  // the root is the prepared context (see prepareContext), so every key is there with its type
  const root = options?.data?.root as NoticeTemplateContext | undefined
  if (!root || !Array.isArray(root.receivables) || !Array.isArray(root.totals)) {
    return { labels: labelsFor("en"), rows: [], more: null, totals: [] }
  }
  const labels = labelsFor(root.locale)
  const rows = root.receivables.map((r) => ({
    number: String(r.number),
    issued: formatDate(r.issued_at, root.locale, root.timezone),
    due: formatDate(r.due_at, root.locale, root.timezone),
    overdue: typeof r.days_overdue === "number" ? formatCount(r.days_overdue, root.locale) : String(r.days_overdue),
    outstanding: formatMoney(r.outstanding, r.currency_code, root.locale),
    payUrl: r.pay_url,
  }))
  const totals = root.totals.map((t) => ({
    label: labels.total(String(t.currency_code).toUpperCase()),
    amount: formatMoney(t.outstanding, t.currency_code, root.locale),
  }))
  const notListed = Number(root.receivables_not_listed ?? 0)
  const more = notListed > 0 ? labels.more(notListed) : null
  return { labels, rows, more, totals }
}

const esc = (value: string) => Handlebars.escapeExpression(value)

/** Thrown when one table alone is longer than the whole notice may be. */
export class TableTooLarge extends Error {}

// a table is built in one go, so its size is checked right away rather than after the render
function limitedTo(maxLength: number) {
  return (out: string): string => {
    if (out.length > maxLength) {
      throw new TableTooLarge("invoice table too large")
    }
    return out
  }
}

/** The HTML table; `beforeCall` lets the render enforce its time budget. */
export function invoiceTableHtml(beforeCall: () => void, maxLength: number) {
  const checked = limitedTo(maxLength)
  return (_context: unknown, options: PartialOptions): string => {
    beforeCall()
    const { labels, rows, more, totals } = tableData(options)
    const withLinks = rows.some((r) => r.payUrl)
    const cell = `style="padding:6px 8px;border-bottom:1px solid #e5e5e5"`
    const head = `style="padding:6px 8px;border-bottom:2px solid #999"`
    const out: string[] = []
    out.push(`<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;max-width:720px;font-size:14px">`)
    out.push(
      `<thead><tr><th align="left" ${head}>${esc(labels.invoice)}</th><th align="left" ${head}>${esc(labels.issued)}</th>` +
        `<th align="left" ${head}>${esc(labels.due)}</th><th align="right" ${head}>${esc(labels.overdue)}</th>` +
        `<th align="right" ${head}>${esc(labels.outstanding)}</th>${withLinks ? `<th ${head}></th>` : ""}</tr></thead>`
    )
    out.push("<tbody>")
    for (const r of rows) {
      const link = r.payUrl ? `<a href="${esc(r.payUrl)}">${esc(labels.pay)}</a>` : ""
      out.push(
        `<tr><td ${cell}>${esc(r.number)}</td><td ${cell}>${esc(r.issued)}</td><td ${cell}>${esc(r.due)}</td>` +
          `<td align="right" ${cell}>${esc(r.overdue)}</td><td align="right" ${cell}>${esc(r.outstanding)}</td>` +
          `${withLinks ? `<td ${cell}>${link}</td>` : ""}</tr>`
      )
    }
    if (more) {
      out.push(`<tr><td colspan="${withLinks ? 6 : 5}" ${cell}><em>${esc(more)}</em></td></tr>`)
    }
    out.push("</tbody>")
    if (totals.length) {
      out.push("<tfoot>")
      for (const t of totals) {
        out.push(
          `<tr><td colspan="4" style="padding:6px 8px"><strong>${esc(t.label)}</strong></td>` +
            `<td align="right" style="padding:6px 8px"><strong>${esc(t.amount)}</strong></td>${withLinks ? "<td></td>" : ""}</tr>`
        )
      }
      out.push("</tfoot>")
    }
    out.push("</table>")
    return checked(`${out.join("\n")}\n`)
  }
}

/** The plain-text table, columns padded so it reads well in a fixed-width mail client. */
export function invoiceTableText(beforeCall: () => void, maxLength: number) {
  const checked = limitedTo(maxLength)
  return (_context: unknown, options: PartialOptions): string => {
    beforeCall()
    const { labels, rows, more, totals } = tableData(options)
    const header = [labels.invoice, labels.issued, labels.due, labels.overdue, labels.outstanding]
    const body = rows.map((r) => [r.number, r.issued, r.due, r.overdue, r.outstanding])
    const rightAligned = [false, false, false, true, true]
    const widths = header.map((h, i) => Math.max(length(h), ...body.map((cells) => length(cells[i]))))
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (rightAligned[i] ? padStart(c, widths[i]) : padEnd(c, widths[i])))
        .join("  ")
        .trimEnd()
    const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")]
    rows.forEach((r, i) => {
      out.push(line(body[i]))
      if (r.payUrl) {
        out.push(`  ${labels.pay}: ${r.payUrl}`)
      }
    })
    if (more) {
      out.push(more)
    }
    if (totals.length) {
      out.push("")
      for (const t of totals) {
        out.push(`${t.label}: ${t.amount}`)
      }
    }
    return checked(`${out.join("\n")}\n`)
  }
}

// width in characters a reader sees, so "Fällig am" and "€" count once
const length = (value: string) => Array.from(value).length
const padEnd = (value: string, width: number) => value + " ".repeat(Math.max(0, width - length(value)))
const padStart = (value: string, width: number) => " ".repeat(Math.max(0, width - length(value))) + value
