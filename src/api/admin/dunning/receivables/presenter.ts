import { MathBN } from "@medusajs/framework/utils"
import { NEXT_RUN } from "../../../../modules/dunning/domain/schedule"

type Presented = { outstanding_amount?: number; awaiting?: "shipment" | "delivery" | null; due_for_next_run?: boolean }

/** A void or written-off receivable owes nothing, whatever its amounts say. */
const CLOSED_WITHOUT_PAYMENT = new Set(["void", "written_off"])

/**
 * The fields to read for a requested field list (what the answer derives from is read along): `status`
 * when the outstanding balance is asked for. `presentReceivable` leaves out again what was not asked for.
 */
export function readFields(fields: string[]): string[] {
  const wantsOutstanding = fields.includes("amount") && fields.includes("amount_paid")
  return wantsOutstanding && !fields.includes("status") ? [...fields, "status"] : fields
}

/**
 * Adds what the API derives from the stored fields: the outstanding balance (0 once void or written off,
 * never below 0: what a customer paid beyond a lowered total is theirs to be refunded, not a negative debt),
 * what an open invoice without a due date waits for (`awaiting`: its terms start at the order's first
 * shipment or delivery), and `due_for_next_run` (see presentNextAction). `asked`: the fields the caller
 * asked for, when `readFields` read more.
 */
export function presentReceivable<T extends Record<string, any>>(receivable: T, asked?: string[]): T & Presented {
  const presented: T & Presented = presentNextAction(receivable)
  if (receivable.amount !== undefined && receivable.amount_paid !== undefined) {
    presented.outstanding_amount = CLOSED_WITHOUT_PAYMENT.has(receivable.status)
      ? 0
      : Math.max(0, MathBN.sub(receivable.amount, receivable.amount_paid).toNumber())
  }
  if (receivable.due_at !== undefined && receivable.terms_start !== undefined) {
    presented.awaiting = receivable.due_at === null && receivable.terms_start !== "order" ? receivable.terms_start : null
  }
  if (asked && !asked.includes("status")) {
    delete presented.status
  }
  return presented
}

/**
 * `next_action_at` as answers show it. The run stores "at the next run" as the beginning of time (its
 * due scan needs a moment); answers show that as `next_action_at: null` with `due_for_next_run: true`,
 * never as a date in 1970. `due_for_next_run` comes right after `next_action_at` wherever that is read.
 */
export function presentNextAction<T extends Record<string, any>>(row: T): T & { due_for_next_run?: boolean } {
  if (!("next_action_at" in row)) {
    return { ...row }
  }
  const placeholder = row.next_action_at !== null && new Date(row.next_action_at).getTime() <= NEXT_RUN.getTime()
  const presented: Record<string, any> = {}
  for (const [key, value] of Object.entries(row)) {
    presented[key] = key === "next_action_at" && placeholder ? null : value
    if (key === "next_action_at") {
      presented.due_for_next_run = placeholder
    }
  }
  return presented as T & { due_for_next_run?: boolean }
}

/** A booked ledger row in one shape, whether it was booked now or by an earlier call. */
export function presentPayment(
  payment: { id: string; receivable_id: string; kind: string; amount: unknown; raw_amount?: { value?: string } | null; paid_at: Date | string; [key: string]: any },
  context: { currency_code: string; source: string; external_ref: string }
) {
  return {
    id: payment.id,
    receivable_id: payment.receivable_id,
    kind: payment.kind,
    amount: String(payment.raw_amount?.value ?? payment.amount),
    currency_code: payment.currency_code ?? context.currency_code,
    paid_at: payment.paid_at,
    source: payment.source ?? context.source,
    external_ref: payment.external_ref ?? context.external_ref,
  }
}
