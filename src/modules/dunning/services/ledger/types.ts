import type { LedgerEntry } from "../../domain/balance"

export type NewLedgerEntry = {
  receivable_id: string
  kind: LedgerEntry["kind"]
  amount: string | number
  currency_code: string
  paid_at: Date
  source: string
  external_ref: string
  payment_id?: string | null
  metadata?: Record<string, unknown> | null
}

/** The balance fields of a receivable, as they were before a change, so a compensation can put them back. */
export type ReceivableBalanceSnapshot = {
  id: string
  customer_id: string
  currency_code: string
  status: "open" | "paid" | "void" | "written_off"
  amount_paid: string
  paid_at: Date | null
  next_action_at: Date | null
}

/** One receivable to create, or to update when its `(source, external_ref)` is already known. */
export type ReceivableRow = {
  customer_id: string
  number: string
  currency_code: string
  amount: string | number
  issued_at: Date
  /** null: the terms start at the order's first shipment or delivery, which has not happened yet */
  due_at: Date | null
  /** The terms an order's invoice was given and what they run from (none for invoices entered or imported). */
  terms_days?: number | null
  terms_start?: "order" | "shipment" | "delivery" | null
  source?: string
  external_ref?: string | null
  order_id?: string | null
  /** When given, the ERP's truth: the difference to what is booked becomes an adjustment in the ledger. */
  amount_paid?: string | number
  metadata?: Record<string, unknown> | null
}

export type ReceivableUpsertResult = {
  receivable_ids: string[]
  created_ids: string[]
  /** The rows as they were before they were updated, to put back on compensation. */
  previous: Record<string, unknown>[]
  ledger_entry_ids: string[]
}

export type ReceivableRevision = {
  number?: string
  amount?: string | number
  issued_at?: Date
  due_at?: Date
  metadata?: Record<string, unknown> | null
  status?: "open" | "void" | "written_off"
  status_reason?: string | null
}

export type LedgerChange = {
  /** Ledger rows written by this call (entries already booked under the same source and reference are skipped). */
  created: Array<{ id: string; receivable_id: string; kind: string; amount: string; paid_at: Date }>
  before: ReceivableBalanceSnapshot[]
  after: ReceivableBalanceSnapshot[]
}

/** A receivable whose amount was made to follow its order's total (see `LedgerService.followOrderAmount`). */
export type OrderAmountChange = {
  id: string
  customer_id: string
  currency_code: string
  from: string
  to: string
  status_before: ReceivableBalanceSnapshot["status"]
  after: ReceivableBalanceSnapshot
  /** The row as it was, to put back on compensation. */
  previous: Record<string, unknown>
}
