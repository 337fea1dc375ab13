import { frameBindings, type Frame } from "./kpi-frame"
import { currencyCondition, runNamed, scopeSql } from "./sql"
import type { KpiInput } from "./types"

/**
 * The two statements the ledger measures (DSO and its trend, collection average, days late, recovery
 * time, receivables issued) are computed from: the receivables folded into a few hundred groups, and the
 * payments booked inside the trend per month. Balances at a moment are rebuilt from the ledger, never
 * read from today's `amount_paid`, so a KPI of last March says what the books said at the end of last March.
 */
export type LedgerGroupRow = {
  currency_code: string
  /** Status, issue_w, end_w and period flags packed as decimal digits: see `decodeGroupKey`. */
  group_key: number
  count: number
  amount: string
  amount_days_to_pay: string | null
  amount_days_late: string | null
  late_count: number
  late_days: number
  /** Payments booked before the first bound on receivables issued before it. */
  opening_paid: string | null
  /** Payments booked before the close of receivables voided or written off inside the trend. */
  paid_before_close: string | null
}

const STATUS_DIGITS = ["open", "paid", "void", "written_off"] as const

export type LedgerGroup = {
  status: (typeof STATUS_DIGITS)[number]
  issue_w: number
  end_w: number
  issued_in_period: boolean
  paid_in_period: boolean
}

/**
 * The group key is S·II·EE·F in decimal digits: S the status (0 open, 1 paid, 2 void, 3 written off),
 * II and EE the issue and end bucket, F = 2 × issued in the period + 1 × paid in the period. One opaque
 * integer lets the planner hash a few hundred groups instead of sorting every receivable.
 */
export function groupKey(group: LedgerGroup): number {
  const flags = (group.issued_in_period ? 2 : 0) + (group.paid_in_period ? 1 : 0)
  return STATUS_DIGITS.indexOf(group.status) * 100000 + group.issue_w * 1000 + group.end_w * 10 + flags
}

export function decodeGroupKey(key: number): LedgerGroup {
  const flags = key % 10
  return {
    status: STATUS_DIGITS[Math.floor(key / 100000)],
    issue_w: Math.floor(key / 1000) % 100,
    end_w: Math.floor(key / 10) % 100,
    issued_in_period: flags >= 2,
    paid_in_period: flags % 2 === 1,
  }
}

export type LedgerFlowRow = { currency_code: string; w: number; net: string }

export const NET = "CASE WHEN l.kind = 'refund' THEN -l.amount ELSE l.amount END"

/** The columns each source of group rows gives, summed per currency and group key. */
export const GROUP_SUMS = `
  sum(receivables)::int AS count, sum(amount)::text AS amount,
  sum(amount_days_to_pay)::text AS amount_days_to_pay, sum(amount_days_late)::text AS amount_days_late,
  sum(late_count)::int AS late_count, coalesce(sum(late_days), 0)::int AS late_days,
  sum(opening_paid)::text AS opening_paid, sum(paid_before_close)::text AS paid_before_close`

/**
 * What a receivable gives the KPIs, one row per receivable matching `condition` (on `r`) among those that
 * matter to the period or the trend (issued before `to`, and in it or still owed at its first bound):
 * - `facts`: its group key, count, amount, days to pay and days late;
 * - `opening`: the payments booked before the trend's first bound when it was issued before it (`opening_paid`);
 * - `closing`: the payments booked before its close when it was voided or written off inside the trend
 *   holding money (`paid_before_close`).
 * A part left out gives zeros and nulls, so rows of the same receivable from several sources add up.
 * (`OFFSET 0` computes each row's dates once.)
 */
export type ReceivableParts = { facts?: boolean; opening?: boolean; closing?: boolean }

export function receivableRows(condition: string, { facts = false, opening = false, closing = false }: ReceivableParts): string {
  return `
    SELECT x.currency_code,
           x.status_digit * 100000 + x.issue_w * 1000 + x.end_w * 10 + x.period_flags AS group_key,
           ${facts ? "1" : "0"} AS receivables, ${facts ? "x.amount" : "0"} AS amount,
           ${facts ? "x.amount * x.days_to_pay" : "NULL::numeric"} AS amount_days_to_pay,
           ${facts ? "x.amount * x.days_late" : "NULL::numeric"} AS amount_days_late,
           ${facts ? "CASE WHEN x.days_late > 0 THEN 1 ELSE 0 END" : "0"} AS late_count,
           ${facts ? "CASE WHEN x.days_late > 0 THEN x.days_late END" : "NULL::int"} AS late_days,
           ${
             opening
               ? `CASE WHEN x.issue_w = 0 THEN
                    (SELECT sum(${NET}) FROM dunning_receivable_payment l
                      WHERE l.receivable_id = x.id AND l.deleted_at IS NULL AND l.paid_at < :first_bound) END`
               : "NULL::numeric"
           } AS opening_paid,
           ${
             closing
               ? `CASE WHEN x.status_digit >= 2 AND x.end_w BETWEEN 1 AND :month_count AND x.amount_paid <> 0 THEN
                    (SELECT sum(${NET}) FROM dunning_receivable_payment l
                      WHERE l.receivable_id = x.id AND l.deleted_at IS NULL AND l.paid_at < x.end_at) END`
               : "NULL::numeric"
           } AS paid_before_close
      FROM (
        SELECT r.id, r.currency_code, r.amount, r.amount_paid, e.end_at,
               CASE r.status WHEN 'open' THEN 0 WHEN 'paid' THEN 1 WHEN 'void' THEN 2 ELSE 3 END AS status_digit,
               width_bucket(r.issued_at, :bounds::timestamptz[]) AS issue_w,
               width_bucket(e.end_at, :bounds::timestamptz[]) AS end_w,
               CASE WHEN r.issued_at >= :period_from THEN 2 ELSE 0 END
                 + CASE WHEN r.status = 'paid' AND r.paid_at >= :period_from AND r.paid_at < :period_to THEN 1 ELSE 0 END
                 AS period_flags,
               CASE WHEN r.status = 'paid'
                    THEN (r.paid_at AT TIME ZONE 'UTC')::date - (r.issued_at AT TIME ZONE 'UTC')::date END AS days_to_pay,
               CASE WHEN r.status = 'paid'
                    THEN greatest(0, (r.paid_at AT TIME ZONE 'UTC')::date - (r.due_at AT TIME ZONE 'UTC')::date) END AS days_late
          FROM dunning_receivable r
          CROSS JOIN LATERAL (SELECT CASE r.status WHEN 'open' THEN 'infinity'::timestamptz
                                                   WHEN 'paid' THEN coalesce(r.paid_at, r.issued_at)
                                                   ELSE coalesce(r.closed_at, r.issued_at) END AS end_at) e
         WHERE r.deleted_at IS NULL AND r.issued_at < :period_to
           AND (r.issued_at >= :earliest OR e.end_at >= :first_bound)
           AND (${condition})
        OFFSET 0
      ) x
    OFFSET 0`
}

/**
 * One pass over the receivables in the scope, grouped by currency and group key: a few hundred groups,
 * whatever the volume. The ledger is read only for the receivables issued before the trend, and for those
 * closed inside it while holding money (one that holds none had no payment before its close either). The
 * groups are hashed, as sorting a million rows to find a few hundred groups takes longer than the rest of
 * the statement.
 */
export async function scanLedgerGroupRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerGroupRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("r", scope, bindings)
  return runNamed<LedgerGroupRow>(
    manager,
    `SELECT currency_code, group_key, ${GROUP_SUMS}
       FROM (${receivableRows(`true${where}`, { facts: true, opening: true, closing: true })}) y
      GROUP BY currency_code, group_key`,
    bindings,
    { hashGroups: true, serial: true }
  )
}

/** Payments and refunds booked inside the trend, per currency and month, from the payments themselves. */
export async function scanLedgerFlowRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerFlowRow[]> {
  const bindings = frameBindings(frame)
  let where = currencyCondition(scope, bindings, "l.currency_code")
  if (scope.customer_id || scope.customer_ids) {
    where += ` AND l.receivable_id IN (SELECT r.id FROM dunning_receivable r WHERE r.deleted_at IS NULL${scopeSql("r", { ...scope, currency_code: undefined }, bindings)})`
  }
  return runNamed<LedgerFlowRow>(
    manager,
    `SELECT currency_code, w, sum(net)::text AS net
       FROM (SELECT l.currency_code, width_bucket(l.paid_at, :bounds::timestamptz[]) AS w, ${NET} AS net
               FROM dunning_receivable_payment l
              WHERE l.deleted_at IS NULL AND l.paid_at >= :first_bound AND l.paid_at < :period_to${where}
             OFFSET 0) x
      GROUP BY currency_code, w`,
    bindings,
    { serial: true }
  )
}
