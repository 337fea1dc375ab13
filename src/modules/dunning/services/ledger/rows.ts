import { MathBN } from "@medusajs/framework/utils"
import { settle } from "../../domain/balance"
import { receivableProblems, statusChangeProblem } from "../../domain/receivable-rules"
import { NEXT_RUN } from "../../domain/schedule"
import type { ReceivableRevision } from "./types"

/**
 * The ledger's rules for one receivable row, without I/O: what a revision may change and how, the
 * fields to put back on compensation, and the balance, status and next action its ledger settles.
 */
const RESTORABLE_FIELDS = [
  "customer_id",
  "order_id",
  "number",
  "currency_code",
  "amount",
  "amount_paid",
  "issued_at",
  "due_at",
  "terms_days",
  "terms_start",
  "status",
  "status_reason",
  "paid_at",
  "closed_at",
  "next_action_at",
  "metadata",
] as const

/** A receivable's fields as an upsert or a revision may change them, to put back on compensation. */
export function restorableOf(row: any): Record<string, unknown> {
  const restorable: Record<string, unknown> = { id: row.id }
  for (const field of RESTORABLE_FIELDS) {
    restorable[field] = field === "amount" || field === "amount_paid" ? row[`raw_${field}`]?.value ?? row[field] : row[field]
  }
  return restorable
}

/** What is wrong with a revision of `current`, each naming its field (empty: nothing). */
export function revisionProblems(current: any, changes: ReceivableRevision): string[] {
  const problems: string[] = []
  if (changes.status) {
    const problem = statusChangeProblem(current.status, changes.status)
    if (problem) {
      problems.push(`status: ${problem}`)
    }
  }
  const amountPaid = current.raw_amount_paid?.value ?? current.amount_paid
  const merged = {
    amount: changes.amount ?? current.raw_amount?.value ?? current.amount,
    issued_at: changes.issued_at ?? new Date(current.issued_at),
    due_at: changes.due_at ?? (current.due_at ? new Date(current.due_at) : undefined),
  }
  for (const p of receivableProblems(merged)) {
    problems.push(`${p.field}: ${p.message}`)
  }
  if (changes.amount !== undefined && MathBN.lt(changes.amount, amountPaid)) {
    problems.push(`amount: must not be less than what is already paid (${amountPaid})`)
  }
  return problems
}

/** The update a revision makes: the changed details, a status change with its dates, a fresh schedule. */
export function revisionUpdate(current: any, changes: ReceivableRevision, now: Date): Record<string, unknown> {
  const update: Record<string, unknown> = { id: current.id }
  for (const field of ["number", "amount", "issued_at", "due_at", "metadata"] as const) {
    if (changes[field] !== undefined) {
      update[field] = changes[field]
    }
  }
  const targetStatus = changes.status ?? current.status
  if (targetStatus === "void" || targetStatus === "written_off") {
    if (targetStatus !== current.status) {
      Object.assign(update, {
        status: targetStatus,
        status_reason: changes.status_reason ?? null,
        closed_at: now,
        next_action_at: null,
      })
    }
  } else if (targetStatus === "open" && current.status !== "open" && current.status !== "paid") {
    Object.assign(update, { status: "open", status_reason: changes.status_reason ?? null, closed_at: null })
  }
  const scheduleChanged = changes.amount !== undefined || changes.due_at !== undefined || update.status === "open"
  if (scheduleChanged && targetStatus === "open" && (changes.due_at ?? current.due_at)) {
    // the next run works out the stage again from the new facts
    update.next_action_at = NEXT_RUN
  }
  return update
}

/** A receivable's balance, status and next action as its ledger rows settle them. */
export function settledFields(r: any) {
  const settlement = settle({
    status: r.status,
    amount: r.raw_amount?.value ?? r.amount,
    entries: (r.payments ?? []).map((p: any) => ({
      kind: p.kind,
      amount: p.raw_amount?.value ?? p.amount,
      paid_at: p.paid_at,
    })),
  })
  const stillOpen = settlement.status === "open"
  return {
    id: r.id as string,
    customer_id: r.customer_id as string,
    currency_code: r.currency_code as string,
    status: settlement.status,
    amount_paid: settlement.amount_paid,
    paid_at: settlement.paid_at,
    closed_at: stillOpen ? null : r.closed_at ?? settlement.paid_at ?? new Date(),
    // a receivable that is settled is never chased again; one that re-opens (refund) is looked at
    // by the next run, which decides its stage from scratch
    // (one without a due date waits for its terms to start: nothing to plan)
    next_action_at: stillOpen && r.due_at ? r.next_action_at ?? NEXT_RUN : null,
  }
}

/**
 * The update that makes an order's receivable claim what the order now comes to. Unlike a revision by
 * hand it may go below what is paid (the order was lowered after the customer paid: the store refunds the
 * difference in Medusa, and the receivable is settled by what it was paid); an order that comes to
 * nothing voids it.
 */
export function orderAmountUpdate(current: any, amount: string, now: Date, voidReason: string): Record<string, unknown> {
  if (MathBN.lte(amount, 0)) {
    return { id: current.id, amount: "0", status: "void", status_reason: voidReason, closed_at: now, next_action_at: null }
  }
  const update: Record<string, unknown> = { id: current.id, amount }
  if (current.status === "open" && current.due_at) {
    // the next run works out the stage again from the new amount
    update.next_action_at = NEXT_RUN
  }
  return update
}
