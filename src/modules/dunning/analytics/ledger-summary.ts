import { frameBindings, type Frame } from "./kpi-frame"
import {
  GROUP_SUMS,
  NET,
  receivableRows,
  scanLedgerFlowRows,
  scanLedgerGroupRows,
  type LedgerFlowRow,
  type LedgerGroupRow,
} from "./ledger-rows"
import { utcDate } from "./periods"
import { currencyCondition, runNamed } from "./sql"
import type { KpiInput } from "./types"

const DAY_MS = 86_400_000

/** The UTC day an instant falls on, as its midnight. */
function dayStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS)
}

/**
 * The group rows of the KPIs. Over all customers (a currency or not) they come from the per-day summary
 * the database keeps (`summaryLedgerGroupRows`); for one customer or a customer group, from one pass over
 * their receivables (`scanLedgerGroupRows`). Both give the same rows.
 */
export async function ledgerGroupRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerGroupRow[]> {
  return scope.customer_id || scope.customer_ids
    ? scanLedgerGroupRows(manager, scope, frame)
    : summaryLedgerGroupRows(manager, scope, frame)
}

/**
 * The trend's payments per currency and month. Over all customers they come from the net per day the
 * database keeps (`dunning_kpi_payment_day`) for the days before `to`'s, and from the payments booked on
 * `to`'s day before `to` (through the index on their `paid_at`): every other bound is a midnight. For one
 * customer or a customer group, from their payments.
 */
export async function ledgerFlowRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerFlowRow[]> {
  if (scope.customer_id || scope.customer_ids) {
    return scanLedgerFlowRows(manager, scope, frame)
  }
  const bindings = { ...frameBindings(frame), ...dayBindings(frame) }
  const summaryCurrency = currencyCondition(scope, bindings, "s.currency_code")
  const paymentCurrency = currencyCondition(scope, bindings, "l.currency_code")
  return runNamed<LedgerFlowRow>(
    manager,
    `SELECT currency_code, w, sum(net)::text AS net
       FROM (SELECT s.currency_code, width_bucket((s.pay_day::timestamp AT TIME ZONE 'UTC'), :bounds::timestamptz[]) AS w, s.net
               FROM dunning_kpi_payment_day s
              WHERE s.pay_day >= :first_bound_date::date AND s.pay_day < :to_date::date AND s.net <> 0${summaryCurrency}
             UNION ALL
             SELECT l.currency_code, width_bucket(l.paid_at, :bounds::timestamptz[]), ${NET}
               FROM dunning_receivable_payment l
              WHERE l.deleted_at IS NULL AND l.paid_at >= greatest(:to_day::timestamptz, :first_bound::timestamptz)
                AND l.paid_at < :period_to${paymentCurrency}) x
      GROUP BY currency_code, w`,
    bindings,
    { serial: true }
  )
}

/** The UTC days of `from` and `to`, as instants (midnight and the next) and as dates, and of the trend's first bound. */
function dayBindings(frame: Frame): Record<string, unknown> {
  const fromDay = dayStart(frame.period.start)
  const toDay = dayStart(frame.period.end)
  const first = frame.months[0].start
  return {
    from_day: fromDay,
    from_day_end: new Date(fromDay.getTime() + DAY_MS),
    to_day: toDay,
    to_day_end: new Date(toDay.getTime() + DAY_MS),
    from_date: utcDate(fromDay),
    to_date: utcDate(toDay),
    earliest_date: utcDate(new Date(Math.min(frame.period.start.getTime(), first.getTime()))),
    first_bound_date: utcDate(first),
  }
}

/**
 * The group rows from `dunning_kpi_day` (per currency, kind, issue day and end day: see its migration),
 * whose size depends on the number of days, not of receivables. Every bound of the trend is a midnight
 * (the starts of its months) except `to`, and the period starts at `from`: a day that holds none of these
 * two instants lies wholly inside one bucket and on one side of the period's bounds, so its receivables
 * share their group key, and days to pay (end day − issue day) are the same for all of them. Three
 * sources are summed per currency and group key:
 * - the summary's days, except the days of `from` and `to`;
 * - the receivables issued or settled on the day of `from` or of `to`, read with their exact instants
 *   (through the indexes on their `issued_at`, `paid_at`, `closed_at`);
 * - the ledger's part, as the scan reads it: payments booked before the trend (found through the index on
 *   the payments' `paid_at`), and payments before the close of receivables voided or written off inside the
 *   trend holding money.
 */
export async function summaryLedgerGroupRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerGroupRow[]> {
  const bindings = { ...frameBindings(frame), ...dayBindings(frame) }
  const summaryCurrency = currencyCondition(scope, bindings, "s.currency_code")
  const receivableCurrency = currencyCondition(scope, bindings, "r.currency_code")
  const day = (column: string) => `(${column} >= :from_day AND ${column} < :from_day_end OR ${column} >= :to_day AND ${column} < :to_day_end)`
  // on the day of `from` or `to` (a receivable without a payment or close date ends on its issue day)
  const onBoundDays = `(${day("r.issued_at")} OR r.status = 'paid' AND ${day("r.paid_at")}
                        OR r.status IN ('void', 'written_off') AND ${day("r.closed_at")})${receivableCurrency}`
  // holding payments booked before the trend (so issued before it)
  const paidBeforeTrend = `r.id IN (SELECT l.receivable_id FROM dunning_receivable_payment l
                                     WHERE l.deleted_at IS NULL AND l.paid_at < :first_bound)${receivableCurrency}`
  // voided or written off inside the trend holding money
  const closedInTrend = `r.status IN ('void', 'written_off') AND r.amount_paid <> 0
                         AND (r.closed_at >= :first_bound AND r.closed_at < :period_to
                              OR r.closed_at IS NULL AND r.issued_at >= :first_bound)${receivableCurrency}`
  const asDay = (column: string) => `(${column}::timestamp AT TIME ZONE 'UTC')`
  return runNamed<LedgerGroupRow>(
    manager,
    `SELECT currency_code, group_key, ${GROUP_SUMS}
       FROM (
         SELECT s.currency_code,
                (CASE s.kind WHEN 4 THEN 1 ELSE s.kind END) * 100000
                  + width_bucket(${asDay("s.issue_day")}, :bounds::timestamptz[]) * 1000
                  + width_bucket(${asDay("s.end_day")}, :bounds::timestamptz[]) * 10
                  + CASE WHEN s.issue_day > :from_date::date THEN 2 ELSE 0 END
                  + CASE WHEN s.kind = 1 AND s.end_day > :from_date::date AND s.end_day < :to_date::date THEN 1 ELSE 0 END
                  AS group_key,
                s.receivables, s.amount,
                CASE WHEN s.kind = 1 THEN s.amount * (s.end_day - s.issue_day) END AS amount_days_to_pay,
                CASE WHEN s.kind = 1 THEN s.amount_days_late END AS amount_days_late,
                s.late_count, s.late_days,
                NULL::numeric AS opening_paid, NULL::numeric AS paid_before_close
           FROM dunning_kpi_day s
          WHERE s.issue_day < :to_date::date
            AND s.issue_day <> :from_date::date AND s.issue_day <> :to_date::date
            AND s.end_day <> :from_date::date AND s.end_day <> :to_date::date
            AND (s.issue_day >= :earliest_date::date OR s.end_day >= :first_bound_date::date)
            AND (s.receivables <> 0 OR s.amount <> 0)${summaryCurrency}
         UNION ALL
         (${receivableRows(onBoundDays, { facts: true })})
         UNION ALL
         (${receivableRows(paidBeforeTrend, { opening: true })})
         UNION ALL
         (${receivableRows(closedInTrend, { closing: true })})
       ) y
      GROUP BY currency_code, group_key`,
    bindings,
    { hashGroups: true, serial: true }
  )
}
