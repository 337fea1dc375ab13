import { decimalAdd, decimalSub } from "../domain/decimal"
import { ratio, round } from "./kpi-frame"
import { decodeGroupKey, type LedgerFlowRow, type LedgerGroupRow } from "./ledger-rows"
import { windowDays, type MonthWindow, type Window } from "./periods"
import { num } from "./sql"
import type { CurrencyKpis } from "./types"

/**
 * The measures read from the ledger, per currency: DSO and its trend, collection average, average days
 * late and their trend, recovery time, and how many receivables were issued in the period.
 *
 * The trend's bounds b_0..b_n are the starts of its months and `to`; month j is [b_(j-1), b_j). A
 * receivable's `issue_w` / `end_w` count the bounds at or before its issue / its end (payment that
 * settled it, void, write-off; never for an open one), so it was outstanding at bound k exactly when
 * issue_w <= k < end_w, and month j holds what happened with w = j.
 *
 * The balance at bound k, rebuilt from the ledger without joining every payment to its receivable:
 *   Σ amount of receivables issued before b_k
 *   − payments booked before b_0 on those issued before b_0 (`opening_paid`)
 *   − what receivables voided or written off before b_k still owed then (amount − `paid_before_close`)
 *   − payments booked in [b_0, b_k) (refunds added back).
 * A receivable settled before b_0 owes nothing and has no ledger rows after it, so it is left out.
 */
export type LedgerMeasures = Pick<
  CurrencyKpis,
  | "currency_code"
  | "dso"
  | "dso_trend"
  | "collection_average_days"
  | "average_days_late"
  | "paid_count"
  | "collection_trend"
  | "recovery_time_days"
  | "receivables_issued"
>

/** Receivables paid in a month or in the period: Σ amount, Σ amount × days to pay, Σ amount × days late. */
type PaidSums = { count: number; amount: number; days: number; late: number }

/** One currency's ledger, summed per trend bound (index w) and over the period. */
type CurrencyLedger = {
  issuedBy: string[]
  closedBy: string[]
  paidBy: string[]
  opening: string
  sales: string[]
  periodSales: string
  paid: PaidSums[]
  periodPaid: PaidSums & { lateCount: number; lateDays: number }
  issued: number
}

export function ledgerMeasures(
  groups: LedgerGroupRow[],
  flows: LedgerFlowRow[],
  period: Window,
  months: MonthWindow[]
): LedgerMeasures[] {
  const n = months.length
  const ledgers = new Map<string, CurrencyLedger>()
  const ledgerOf = (code: string) => {
    let ledger = ledgers.get(code)
    if (!ledger) {
      ledger = emptyLedger(n)
      ledgers.set(code, ledger)
    }
    return ledger
  }
  for (const g of groups) {
    addGroup(ledgerOf(g.currency_code), g, n)
  }
  for (const f of flows) {
    const ledger = ledgerOf(f.currency_code)
    const w = Number(f.w)
    if (w >= 1 && w <= n) {
      ledger.paidBy[w] = decimalAdd(ledger.paidBy[w], f.net)
    }
  }
  return [...ledgers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency_code, ledger]) => measuresOf(currency_code, ledger, period, months))
}

function emptyLedger(n: number): CurrencyLedger {
  return {
    issuedBy: Array(n + 2).fill("0"),
    closedBy: Array(n + 2).fill("0"),
    paidBy: Array(n + 2).fill("0"),
    opening: "0",
    sales: Array(n + 1).fill("0"),
    periodSales: "0",
    paid: Array.from({ length: n + 1 }, () => ({ count: 0, amount: 0, days: 0, late: 0 })),
    periodPaid: { count: 0, amount: 0, days: 0, late: 0, lateCount: 0, lateDays: 0 },
    issued: 0,
  }
}

/** Adds one group of receivables (same status, issue and end bucket, period flags) to its currency's ledger. */
function addGroup(ledger: CurrencyLedger, g: LedgerGroupRow, n: number): void {
  const { status, issue_w: issueW, end_w: endW, issued_in_period, paid_in_period } = decodeGroupKey(Number(g.group_key))
  const isVoid = status === "void"
  const closed = isVoid || status === "written_off"
  ledger.issuedBy[issueW] = decimalAdd(ledger.issuedBy[issueW], g.amount)
  ledger.opening = decimalAdd(ledger.opening, g.opening_paid ?? "0")
  if (closed && endW >= 1 && endW <= n) {
    ledger.closedBy[endW] = decimalAdd(ledger.closedBy[endW], decimalSub(g.amount, g.paid_before_close ?? "0"))
  }
  if (issueW >= 1 && issueW <= n && (!isVoid || endW > issueW)) {
    ledger.sales[issueW] = decimalAdd(ledger.sales[issueW], g.amount)
  }
  if (issued_in_period) {
    ledger.issued += Number(g.count)
    if (!isVoid || endW > n) {
      ledger.periodSales = decimalAdd(ledger.periodSales, g.amount)
    }
  }
  if (status === "paid") {
    if (endW >= 1 && endW <= n) {
      addPaid(ledger.paid[endW], g)
    }
    if (paid_in_period) {
      addPaid(ledger.periodPaid, g)
      ledger.periodPaid.lateCount += Number(g.late_count)
      ledger.periodPaid.lateDays += Number(g.late_days)
    }
  }
}

function addPaid(sums: PaidSums, g: LedgerGroupRow): void {
  sums.count += Number(g.count)
  sums.amount += num(g.amount)
  sums.days += num(g.amount_days_to_pay)
  sums.late += num(g.amount_days_late)
}

/** What was outstanding at each bound b_1..b_n of the trend (index 0 unused). */
function outstandingAtBounds(ledger: CurrencyLedger, n: number): number[] {
  const atBound: number[] = Array(n + 1).fill(0)
  let issued = ledger.issuedBy[0]
  let closed = "0"
  let paid = "0"
  for (let k = 1; k <= n; k++) {
    issued = decimalAdd(issued, ledger.issuedBy[k])
    closed = decimalAdd(closed, ledger.closedBy[k])
    paid = decimalAdd(paid, ledger.paidBy[k])
    atBound[k] = num(decimalSub(decimalSub(decimalSub(issued, ledger.opening), closed), paid))
  }
  return atBound
}

function measuresOf(currency_code: string, ledger: CurrencyLedger, period: Window, months: MonthWindow[]): LedgerMeasures {
  const n = months.length
  const atBound = outstandingAtBounds(ledger, n)
  const periodDays = windowDays(period)
  const periodSales = num(ledger.periodSales)
  const p = ledger.periodPaid
  return {
    currency_code,
    dso: {
      days: periodSales > 0 ? round((atBound[n] / periodSales) * periodDays) : null,
      receivables_outstanding_at_end: atBound[n],
      credit_sales: periodSales,
      period_days: round(periodDays, 4),
    },
    dso_trend: months.map((m, i) => {
      const sales = num(ledger.sales[i + 1])
      return { month: m.month, days: sales > 0 ? round((atBound[i + 1] / sales) * windowDays(m)) : null }
    }),
    collection_average_days: ratio(p.days, p.amount),
    average_days_late: ratio(p.late, p.amount),
    paid_count: p.count,
    collection_trend: months.map((m, i) => {
      const paidIn = ledger.paid[i + 1]
      return {
        month: m.month,
        collection_average_days: ratio(paidIn.days, paidIn.amount),
        average_days_late: ratio(paidIn.late, paidIn.amount),
        paid_count: paidIn.count,
      }
    }),
    recovery_time_days: ratio(p.lateDays, p.lateCount),
    receivables_issued: ledger.issued,
  }
}
