import { MathBN } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

/**
 * The balance of a receivable is derived from its ledger of payment rows, never kept as a running total
 * that could drift: `amount_paid` = payments + adjustments − refunds, outstanding = amount − amount_paid.
 */
export type LedgerEntry = {
  kind: "payment" | "refund" | "adjustment"
  amount: BigNumberInput
  paid_at: Date | string
}

export type ReceivableStatus = "open" | "paid" | "void" | "written_off"

export function amountPaidFrom(entries: LedgerEntry[]): BigNumberInput {
  let total = MathBN.convert(0)
  for (const entry of entries) {
    total =
      entry.kind === "refund" ? MathBN.sub(total, entry.amount) : MathBN.add(total, entry.amount)
  }
  return total.toString()
}

export function outstandingOf(amount: BigNumberInput, amountPaid: BigNumberInput): BigNumberInput {
  return MathBN.sub(amount, amountPaid).toString()
}

export type SettlementInput = {
  status: ReceivableStatus
  amount: BigNumberInput
  entries: LedgerEntry[]
}

export type Settlement = {
  amount_paid: string
  status: ReceivableStatus
  paid_at: Date | null
}

/**
 * What the ledger says about a receivable: how much is paid, whether it is settled, and when it was
 * settled (the date of the payment that completed it). Voided invoices stay void whatever is booked on
 * them; a written-off invoice that is paid after all becomes paid (a recovery).
 */
export function settle({ status, amount, entries }: SettlementInput): Settlement {
  const amountPaid = MathBN.convert(amountPaidFrom(entries))
  const fullyPaid = MathBN.gte(amountPaid, amount) && MathBN.gt(amount, 0)
  if (status === "void") {
    return { amount_paid: amountPaid.toString(), status, paid_at: null }
  }
  if (fullyPaid) {
    return { amount_paid: amountPaid.toString(), status: "paid", paid_at: settledAt(amount, entries) }
  }
  if (status === "written_off") {
    return { amount_paid: amountPaid.toString(), status, paid_at: null }
  }
  return { amount_paid: amountPaid.toString(), status: "open", paid_at: null }
}

/** The date of the ledger entry that brought the running balance to zero (entries in date order). */
function settledAt(amount: BigNumberInput, entries: LedgerEntry[]): Date | null {
  const ordered = [...entries].sort(
    (a, b) => new Date(a.paid_at).getTime() - new Date(b.paid_at).getTime()
  )
  let paid = MathBN.convert(0)
  let settled: Date | null = null
  for (const entry of ordered) {
    paid = entry.kind === "refund" ? MathBN.sub(paid, entry.amount) : MathBN.add(paid, entry.amount)
    if (MathBN.gte(paid, amount)) {
      settled ??= new Date(entry.paid_at)
    } else {
      settled = null
    }
  }
  return settled
}
