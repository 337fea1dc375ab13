import { decimalAdd, decimalSub, decimalText } from "./decimal"
import { daysOverdue } from "./schedule"

/**
 * What a notice lists: one line per receivable with its amounts at the moment of the notice, and the
 * outstanding total per currency (two currencies are never added together).
 */
export type NoticeLine = {
  id: string
  number: string
  currency_code: string
  amount: string
  amount_paid: string
  outstanding: string
  issued_at: string
  due_at: string
  days_overdue: number
}

export type CurrencyTotal = { currency_code: string; outstanding: string; count: number }

export type LineSource = {
  id: string
  number: string
  currency_code: string
  amount: string
  amount_paid: string
  issued_at: Date
  due_at: Date
}

/** A stored receivable as a line's source, with its exact amounts (the `raw_` values) where the row has them. */
export function lineSourceOf(row: {
  id: string
  number: string
  currency_code: string
  amount: unknown
  amount_paid: unknown
  raw_amount?: { value?: unknown } | null
  raw_amount_paid?: { value?: unknown } | null
  issued_at: Date | string
  due_at: Date | string
}): LineSource {
  return {
    id: row.id,
    number: row.number,
    currency_code: row.currency_code,
    amount: String(row.raw_amount?.value ?? row.amount),
    amount_paid: String(row.raw_amount_paid?.value ?? row.amount_paid),
    issued_at: new Date(row.issued_at),
    due_at: new Date(row.due_at),
  }
}

export function noticeLines(receivables: LineSource[], now: Date, timeZone: string): NoticeLine[] {
  return [...receivables]
    .sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || a.number.localeCompare(b.number))
    .map((r) => ({
      id: r.id,
      number: r.number,
      currency_code: r.currency_code,
      amount: decimalText(r.amount),
      amount_paid: decimalText(r.amount_paid),
      outstanding: decimalSub(r.amount, r.amount_paid),
      issued_at: r.issued_at.toISOString(),
      due_at: r.due_at.toISOString(),
      days_overdue: daysOverdue(r.due_at, now, timeZone),
    }))
}

export function currencyTotals(lines: Array<Pick<NoticeLine, "currency_code" | "outstanding">>): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>()
  for (const line of lines) {
    const total = totals.get(line.currency_code) ?? { currency_code: line.currency_code, outstanding: "0", count: 0 }
    total.outstanding = decimalAdd(total.outstanding, line.outstanding)
    total.count += 1
    totals.set(line.currency_code, total)
  }
  return [...totals.values()].sort((a, b) => a.currency_code.localeCompare(b.currency_code))
}

const TWO_DECIMALS = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** "12,400.00 EUR and 300.00 USD" for notes written into the history (rendered notices use the template). */
export function describeTotals(totals: CurrencyTotal[]): string {
  const parts = totals.map((t) => `${TWO_DECIMALS.format(Number(t.outstanding))} ${t.currency_code.toUpperCase()}`)
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0] ?? "nothing"
}

/**
 * The note an escalation carries for the rep: what happened so far and a next step, e.g.
 * "3 notices unanswered, 45 days overdue, 12,400.00 EUR: call the customer; consider a credit hold".
 */
export function escalationSuggestion(input: { notices_sent: number; days_overdue: number; totals: CurrencyTotal[] }): string {
  const notices = `${input.notices_sent} notice${input.notices_sent === 1 ? "" : "s"} unanswered`
  const days = `${input.days_overdue} day${input.days_overdue === 1 ? "" : "s"} overdue`
  const next = input.days_overdue >= 60 ? "call the customer; consider a credit hold or a collection agency" : "call the customer; consider a credit hold"
  return `${notices}, ${days}, ${describeTotals(input.totals)}: ${next}`
}

/** The note of a "Claim for Non-Payment" event: what was claimed, in a line a rep reads on the phone. */
export function claimNote(input: { stage_name: string; lines: NoticeLine[]; totals: CurrencyTotal[]; to: string[] }): string {
  const overdue = input.lines.filter((l) => l.days_overdue > 0).length
  const invoices = `${input.lines.length} invoice${input.lines.length === 1 ? "" : "s"}`
  // without billing e-mails, delivery decides whether the account's own e-mail may be used
  const to = input.to.length ? input.to.join(", ") : "the customer (no billing e-mail on the profile)"
  return `"${input.stage_name}" to ${to} covering ${invoices} (${overdue} overdue), ${describeTotals(input.totals)} outstanding`
}
