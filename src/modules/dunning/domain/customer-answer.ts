import { dayToIsoDate } from "./calendar"
import { decimalAdd, decimalCompare } from "./decimal"

/**
 * What a customer may answer a notice with, on the collection page or the storefront, and what the answer
 * becomes in the history. The rules, as a collections team says them:
 * - a customer answers only about their own open invoices; any other invoice is "not found", whether it
 *   exists or not;
 * - a promise to pay names a day from today to `promiseMaxDays` ahead (UTC calendar days), and covers the
 *   invoices it names, else every open one; a promised amount is in a currency the customer owes in, and
 *   no more than they owe in it;
 * - a dispute names at least one invoice and says why, in at most 1,000 characters;
 * - an answer is recorded as the customer's, with an open follow-up for the account rep: a dispute at
 *   once, a promise on the day it would be broken (the end of the day after the promised date, when its
 *   hold ends).
 */
export const DISPUTE_REASON_MAX = 1000
export const ANSWER_NOTE_MAX = 1000

export type AnswerSource = "collection_page" | "storefront"

export type PromiseAnswer = {
  kind: "promise"
  promised_date: Date
  promised_amount?: string | null
  promised_currency_code?: string | null
  receivable_ids?: string[] | null
  note?: string | null
}

export type DisputeAnswer = { kind: "dispute"; receivable_ids: string[]; reason: string }

export type CustomerAnswer = PromiseAnswer | DisputeAnswer

export type OpenInvoice = { id: string; currency_code: string; outstanding: string }

export type AnswerProblem = { kind: "invalid" | "not_found"; field: string; message: string }

const DAY = 86_400_000
const utcDay = (at: Date) => Math.floor(at.getTime() / DAY)

/** The days a promise may name, from today to `maxDays` ahead, as UTC day numbers. */
export function promiseWindow(now: Date, maxDays: number): { first: number; last: number; first_date: string; last_date: string } {
  const first = utcDay(now)
  return { first, last: first + maxDays, first_date: dayToIsoDate(first), last_date: dayToIsoDate(first + maxDays) }
}

/** The first thing wrong with an answer, checked against the customer's open invoices; null when it may be recorded. */
export function answerProblem(answer: CustomerAnswer, open: OpenInvoice[], now: Date, promiseMaxDays: number): AnswerProblem | null {
  const openIds = new Set(open.map((r) => r.id))
  const unknown = (answer.receivable_ids ?? []).find((id) => !openIds.has(id))
  if (unknown !== undefined) {
    return { kind: "not_found", field: "receivable_ids", message: `'${unknown.slice(0, 100)}' is not an open invoice of yours` }
  }
  if (answer.kind === "dispute") {
    const reason = answer.reason.trim()
    if (!answer.receivable_ids.length) {
      return { kind: "invalid", field: "receivable_ids", message: "name the invoice you dispute" }
    }
    if (!reason || reason.length > DISPUTE_REASON_MAX) {
      return { kind: "invalid", field: "reason", message: `say why you dispute it, in at most ${DISPUTE_REASON_MAX} characters` }
    }
    return null
  }
  const covered = answer.receivable_ids?.length ? open.filter((r) => answer.receivable_ids!.includes(r.id)) : open
  if (!covered.length) {
    return { kind: "invalid", field: "receivable_ids", message: "nothing is open to promise a payment for" }
  }
  const window = promiseWindow(now, promiseMaxDays)
  const day = utcDay(answer.promised_date)
  if (day < window.first || day > window.last) {
    return { kind: "invalid", field: "promised_date", message: `must be between ${window.first_date} and ${window.last_date}` }
  }
  if ((answer.note ?? "").length > ANSWER_NOTE_MAX) {
    return { kind: "invalid", field: "note", message: `must be at most ${ANSWER_NOTE_MAX} characters` }
  }
  return promisedAmountProblem(answer, covered)
}

function promisedAmountProblem(answer: PromiseAnswer, covered: OpenInvoice[]): AnswerProblem | null {
  if (answer.promised_amount === undefined || answer.promised_amount === null) {
    return null
  }
  const currency = (answer.promised_currency_code ?? "").toLowerCase()
  const inCurrency = covered.filter((r) => r.currency_code.toLowerCase() === currency)
  if (!inCurrency.length) {
    return { kind: "invalid", field: "promised_currency_code", message: `must be a currency you owe in (${[...new Set(covered.map((r) => r.currency_code.toUpperCase()))].join(", ")})` }
  }
  const owed = inCurrency.reduce((sum, r) => decimalAdd(sum, r.outstanding), "0")
  if (decimalCompare(answer.promised_amount, owed) > 0) {
    return { kind: "invalid", field: "promised_amount", message: `must be at most what you owe, ${owed} ${currency.toUpperCase()}` }
  }
  if (decimalCompare(answer.promised_amount, "0") <= 0) {
    return { kind: "invalid", field: "promised_amount", message: "must be more than 0" }
  }
  return null
}

/** The history line an answer becomes, with the rep's follow-up. */
export function answerEvent(
  answer: CustomerAnswer,
  context: { customer_id: string; rep_user_id: string | null; now: Date; source: AnswerSource; idempotency_key: string }
) {
  const common = {
    customer_id: context.customer_id,
    author_type: "customer" as const,
    author_id: context.customer_id,
    occurred_at: context.now,
    follow_up_status: "open" as const,
    assigned_to: context.rep_user_id,
    idempotency_key: context.idempotency_key,
    metadata: { answered_via: context.source },
  }
  if (answer.kind === "dispute") {
    return { ...common, type: "dispute_opened", title: "Dispute opened", note: answer.reason.trim(), receivable_ids: answer.receivable_ids, follow_up_due_at: context.now }
  }
  const day = utcDay(answer.promised_date)
  const hasAmount = answer.promised_amount !== undefined && answer.promised_amount !== null
  return {
    ...common,
    type: "promise_to_pay",
    title: `Promise to pay by ${dayToIsoDate(day)}`,
    note: answer.note?.trim() || null,
    receivable_ids: answer.receivable_ids ?? [],
    promised_date: new Date(day * DAY),
    promised_amount: hasAmount ? answer.promised_amount! : null,
    promised_currency_code: hasAmount ? (answer.promised_currency_code ?? "").toLowerCase() : null,
    // the day after the promised date is the promise's last: broken if the money has not come by then
    follow_up_due_at: new Date((day + 2) * DAY),
  }
}
