import { addUtcMonths } from "../analytics/periods"
import { isKnownCurrency, moneyProblem } from "./currency"
import { decimalCompare } from "./decimal"

/**
 * The rules a receivable must satisfy whatever its source (admin form, ERP import, order), as plain
 * checks that return every problem with the field it concerns, so an import can report all bad rows at once.
 */
export type ReceivableFacts = {
  currency_code?: string
  amount?: string | number
  amount_paid?: string | number
  issued_at?: Date | string
  /** null: an order's invoice whose terms have not started yet */
  due_at?: Date | string | null
}

export type FieldProblem = { field: string; message: string }

export function receivableProblems(row: ReceivableFacts): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (row.currency_code !== undefined && !isKnownCurrency(row.currency_code)) {
    problems.push({
      field: "currency_code",
      message: `'${row.currency_code}' is not an ISO 4217 currency code (e.g. 'eur', 'usd')`,
    })
  }
  // amounts Medusa computed (an order total with tax) may carry more decimals than the currency: only
  // the admin API holds input to the currency's minor units (see receivableInputProblems)
  const amountProblem = row.amount !== undefined ? moneyProblem(row.amount, { any_scale: true }) : null
  const paidProblem = row.amount_paid !== undefined ? moneyProblem(row.amount_paid, { any_scale: true }) : null
  if (amountProblem) {
    problems.push({ field: "amount", message: amountProblem })
  }
  if (paidProblem) {
    problems.push({ field: "amount_paid", message: paidProblem })
  }
  if (
    row.amount_paid !== undefined &&
    row.amount !== undefined &&
    !amountProblem &&
    !paidProblem &&
    decimalCompare(row.amount_paid, row.amount) > 0
  ) {
    problems.push({ field: "amount_paid", message: `must not exceed the amount (${row.amount})` })
  }
  if (row.issued_at && row.due_at && new Date(row.due_at).getTime() < new Date(row.issued_at).getTime()) {
    problems.push({ field: "due_at", message: "must not be before issued_at" })
  }
  return problems
}

/** How far an invoice's dates may lie from the moment it is entered, and its due date from its issue date. */
export const RECEIVABLE_DATE_LIMITS = {
  issued_years_before_now: 10,
  issued_years_after_now: 1,
  due_years_after_issue: 10,
} as const

const day = (at: Date) => at.toISOString().slice(0, 10)

/**
 * The bounds on what a person or an ERP may enter for a receivable, at the request's `now`: amounts in
 * the currency's minor units and at most 10^13, an issue date within ten years before now (and at most
 * a year ahead), a due date within ten years of the issue date. Only the facts in `input` are checked;
 * `stored` supplies the currency and the other date of a receivable being changed, so that an old
 * receivable can still be renamed or voided.
 */
export function receivableInputProblems(
  input: ReceivableFacts,
  now: Date,
  stored: ReceivableFacts = {}
): FieldProblem[] {
  const problems: FieldProblem[] = []
  const currency = input.currency_code ?? stored.currency_code ?? null
  const knownCurrency = currency && isKnownCurrency(currency) ? currency : null
  for (const field of ["amount", "amount_paid"] as const) {
    const message = input[field] !== undefined ? moneyProblem(input[field], { currency_code: knownCurrency }) : null
    if (message) {
      problems.push({ field, message })
    }
  }
  const limits = RECEIVABLE_DATE_LIMITS
  if (input.issued_at !== undefined) {
    const issued = new Date(input.issued_at)
    const earliest = addUtcMonths(now, -12 * limits.issued_years_before_now)
    const latest = addUtcMonths(now, 12 * limits.issued_years_after_now)
    if (issued < earliest) {
      problems.push({ field: "issued_at", message: `must not be more than ${limits.issued_years_before_now} years before now (${day(earliest)} or later)` })
    } else if (issued > latest) {
      problems.push({ field: "issued_at", message: `must not be more than ${limits.issued_years_after_now} year after now (${day(latest)} or earlier)` })
    }
  }
  const issuedAt = input.issued_at ?? stored.issued_at
  const dueAt = input.due_at ?? stored.due_at
  const issuedRefused = problems.some((p) => p.field === "issued_at")
  if ((input.issued_at !== undefined || input.due_at !== undefined) && issuedAt && dueAt && !issuedRefused) {
    const latest = addUtcMonths(new Date(issuedAt), 12 * limits.due_years_after_issue)
    if (new Date(dueAt) > latest) {
      problems.push({ field: "due_at", message: `must not be more than ${limits.due_years_after_issue} years after issued_at (${day(latest)} or earlier)` })
    }
  }
  return problems
}

export type ReceivableStatusValue = "open" | "paid" | "void" | "written_off"

/**
 * Whether an admin may move a receivable from one status to another. `paid` is never set by hand: it
 * follows from the ledger. Voiding or writing off a paid invoice would hide money that was received.
 */
export function statusChangeProblem(from: ReceivableStatusValue, to: ReceivableStatusValue): string | null {
  if (from === to) {
    return null
  }
  if (to === "paid") {
    return "a receivable becomes paid when payments cover it; record a payment instead"
  }
  if (from === "paid") {
    return to === "void"
      ? "a paid receivable cannot be voided; record a refund first"
      : "a paid receivable has nothing left to write off"
  }
  return null
}

const EVENT_TITLES: Record<string, string> = {
  claim_for_non_payment: "Claim for Non-Payment",
  payment_received: "Payment received",
  payment_refunded: "Refund issued",
  promise_to_pay: "Promise to pay",
  dispute_opened: "Dispute opened",
  dispute_resolved: "Dispute resolved",
  call_logged: "Call logged",
  note: "Note",
  escalated: "Escalated to account rep",
  delivery_failed: "Notice delivery failed",
  hold_placed: "Dunning on hold",
  hold_released: "Dunning resumed",
  credit_hold_placed: "Credit hold placed",
  credit_hold_released: "Credit hold lifted",
  credit_hold_overridden: "Credit hold overridden",
  order_on_credit_hold: "Order placed on credit hold",
  invoice_sent: "Invoice sent",
}

/** The label an event type is shown under in the customer's history. */
export function collectionEventTitle(type: string): string {
  return EVENT_TITLES[type] ?? type
}
