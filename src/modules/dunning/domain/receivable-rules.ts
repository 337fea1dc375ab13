import { MathBN } from "@medusajs/framework/utils"
import { isKnownCurrency } from "./currency"

/**
 * The rules a receivable must satisfy whatever its source (admin form, ERP import, order), as plain
 * checks that return every problem with the field it concerns, so an import can report all bad rows at once.
 */
export type ReceivableFacts = {
  currency_code?: string
  amount?: string | number
  amount_paid?: string | number
  issued_at?: Date | string
  due_at?: Date | string
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
  if (row.amount !== undefined && MathBN.lt(row.amount, 0)) {
    problems.push({ field: "amount", message: "must not be negative" })
  }
  if (row.amount_paid !== undefined && MathBN.lt(row.amount_paid, 0)) {
    problems.push({ field: "amount_paid", message: "must not be negative" })
  }
  if (
    row.amount_paid !== undefined &&
    row.amount !== undefined &&
    MathBN.gt(row.amount_paid, row.amount)
  ) {
    problems.push({ field: "amount_paid", message: `must not exceed the amount (${row.amount})` })
  }
  if (row.issued_at && row.due_at && new Date(row.due_at).getTime() < new Date(row.issued_at).getTime()) {
    problems.push({ field: "due_at", message: "must not be before issued_at" })
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
}

/** The label an event type is shown under in the customer's history. */
export function collectionEventTitle(type: string): string {
  return EVENT_TITLES[type] ?? type
}
