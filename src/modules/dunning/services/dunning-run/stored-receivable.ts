import type { CustomerReceivable } from "../../domain/customer-decision"
import { DecimalError, decimalText } from "../../domain/decimal"
import type { LineSource } from "../../domain/notice-lines"

/**
 * Reading the receivables a batch loaded (`LOCK_CUSTOMER_RECEIVABLES`) into what the decision and the
 * notice lines take. A stored value nothing can read (an amount that is no decimal, a date out of
 * range) is refused here with an error naming the receivable and the field, so that the run can leave
 * that one customer out instead of failing, or deciding on garbage for, the whole batch.
 */
export type StoredReceivable = {
  id: string
  customer_id: string
  number: string
  currency_code: string
  /** numeric columns, as PostgreSQL prints them */
  amount: unknown
  amount_paid: unknown
  /** instants as epoch milliseconds (null where the column is null) */
  issued_at: number
  due_at: number
  last_notice_at: number | null
  hold_until: number | null
  escalated_at: number | null
  stage: string | null
  notices_sent: number
  hold_reason: string | null
}

export type ReadReceivable = { decision: CustomerReceivable; line: LineSource }

/** A stored value of a receivable that cannot be read. */
export class UnreadableReceivableError extends Error {
  constructor(
    readonly receivable: { id: string; number: string },
    readonly field: string,
    readonly problem: string
  ) {
    super(`receivable ${receivable.number} (${receivable.id}): ${field}: ${problem}`)
    this.name = "UnreadableReceivableError"
  }
}

/** Whether an error says that stored data could not be read (rather than that the code is wrong). */
export function isUnreadableData(e: unknown): e is UnreadableReceivableError | DecimalError {
  return e instanceof UnreadableReceivableError || e instanceof DecimalError
}

/** The row as the decision (`claimed`: the run claimed it, or a reminder on request) and a notice line read it. */
export function readReceivable(row: StoredReceivable, claimed: boolean): ReadReceivable {
  const amount = readAmount(row, "amount")
  const amountPaid = readAmount(row, "amount_paid")
  const issuedAt = readInstant(row, "issued_at")!
  const dueAt = readInstant(row, "due_at")!
  return {
    decision: {
      id: row.id,
      currency_code: row.currency_code,
      amount,
      amount_paid: amountPaid,
      due_at: dueAt,
      stage: row.stage,
      notices_sent: row.notices_sent,
      last_notice_at: readInstant(row, "last_notice_at"),
      hold_until: readInstant(row, "hold_until"),
      hold_reason: row.hold_reason,
      escalated_at: readInstant(row, "escalated_at"),
      claimed,
    },
    line: {
      id: row.id,
      number: row.number,
      currency_code: row.currency_code,
      amount,
      amount_paid: amountPaid,
      issued_at: issuedAt,
      due_at: dueAt,
    },
  }
}

/** The amount as stored (the decision and the lines read it again exactly), once it is known to read. */
function readAmount(row: StoredReceivable, field: "amount" | "amount_paid"): string {
  const text = String(row[field])
  try {
    decimalText(text)
  } catch (e) {
    throw new UnreadableReceivableError(row, field, e instanceof Error ? e.message : String(e))
  }
  return text
}

function readInstant(row: StoredReceivable, field: "issued_at" | "due_at" | "last_notice_at" | "hold_until" | "escalated_at"): Date | null {
  const value = row[field]
  if (value === null && field !== "issued_at" && field !== "due_at") {
    return null
  }
  const instant = new Date(value as number)
  if (value === null || Number.isNaN(instant.getTime())) {
    throw new UnreadableReceivableError(row, field, `not a date: '${String(value)}'`)
  }
  return instant
}
