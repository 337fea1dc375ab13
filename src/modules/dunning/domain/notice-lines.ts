import { decimalAdd, decimalSub, decimalText } from "./decimal"
import { daysOverdue } from "./schedule"
import { countedText, fillText, formatCount, shippedText } from "../templates/shipped-text"

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

const twoDecimals = new Map<string, Intl.NumberFormat>()

function amountText(amount: string, locale: string): string {
  let format = twoDecimals.get(locale)
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    } catch {
      format = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    }
    // bounded: one entry per store language
    if (twoDecimals.size < 16) {
      twoDecimals.set(locale, format)
    }
  }
  // Intl formats a numeric string as an exact decimal; the typings only know number | bigint
  return (format.format as unknown as (value: string) => string)(amount)
}

/** A list as the language writes it: "a, b and c". */
export function listText(parts: string[], language: string): string {
  const and = shippedText(language).rep_notes.and
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} ${and} ${parts[parts.length - 1]}` : parts[0] ?? ""
}

/**
 * "12,400.00 EUR and 300.00 USD" for notes written into the history (rendered notices use the template),
 * in the store's language.
 */
export function describeTotals(totals: CurrencyTotal[], language = "en"): string {
  const parts = totals.map((t) => `${amountText(t.outstanding, language)} ${t.currency_code.toUpperCase()}`)
  return parts.length ? listText(parts, language) : shippedText(language).rep_notes.nothing
}

/**
 * The note an escalation carries for the rep, in the store's language: what happened so far and a next
 * step, e.g. "3 notices unanswered, 45 days overdue, 12,400.00 EUR: call the customer; consider a credit hold".
 */
export function escalationSuggestion(
  input: { notices_sent: number; days_overdue: number; totals: CurrencyTotal[] },
  language = "en",
  /** The next step from the customer's pattern (domain/call-suggestion); without it, the usual one. */
  next?: string
): string {
  const notes = shippedText(language).rep_notes
  return fillText(notes.escalation, {
    notices: countedText(notes.notices_unanswered, input.notices_sent, language),
    days: countedText(notes.days_overdue, input.days_overdue, language),
    totals: describeTotals(input.totals, language),
    next: next ?? (input.days_overdue >= 60 ? notes.next_step_long_overdue : notes.next_step),
  })
}

/** The note of a "Claim for Non-Payment" event, in the store's language: what was claimed, in a line a rep reads on the phone. */
export function claimNote(input: { stage_name: string; lines: NoticeLine[]; totals: CurrencyTotal[]; to: string[] }, language = "en"): string {
  const notes = shippedText(language).rep_notes
  const overdue = input.lines.filter((l) => l.days_overdue > 0).length
  return fillText(notes.claim, {
    stage: input.stage_name,
    // without billing e-mails, delivery decides whether the account's own e-mail may be used
    to: input.to.length ? input.to.join(", ") : notes.no_billing_email,
    invoices: countedText(notes.invoices, input.lines.length, language),
    overdue: formatCount(overdue, language),
    totals: describeTotals(input.totals, language),
  })
}
