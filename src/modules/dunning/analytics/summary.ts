import { addUtcMonths, TREND_MONTHS, utcDate } from "./periods"
import { countPromises, promiseOutcomeCtes, type PromiseOutcomeRow } from "./promises"
import { num, runNamed } from "./sql"
import type { CollectionSummary, SummaryInput } from "./types"

/**
 * How one customer pays, for the account rep: what is open and overdue per currency, how quickly the
 * receivables paid in the last twelve months were paid, the notices sent and failed in that window, the
 * promises made in it, and when the last payment, the last notice and the next dunning action were.
 * The customer-level averages count each receivable once (never weighting one currency by another);
 * each currency also has its amount-weighted averages.
 */
export const SUMMARY_FORMULAS = {
  window: "[now − 12 months, now): receivables paid (settled) in the window, reminders sent or failed in it (not the invoice e-mails), promises made in it.",
  collection_average_days: "Mean of the whole UTC calendar days from issue to payment over receivables paid in the window.",
  average_days_late: "Mean of max(0, days from due date to payment) over the same receivables.",
  on_time_rate: "Share of those receivables paid on or before their due date.",
  overdue: "Open receivables whose due date (UTC) is before today (UTC).",
  next_action_at: "Earliest next dunning action of the open receivables; one already due is due now.",
  last_payment_at: "Latest payment or adjustment booked up to now on a receivable that still holds it (a payment refunded in full since does not count).",
}

type CurrencyRow = {
  currency_code: string
  receivables: number
  outstanding: string
  overdue: string
  open_count: number
  overdue_count: number
  oldest: number | null
  paid_count: number
  paid_amount: string | null
  days_to_pay: number | null
  days_late: number | null
  on_time: number
  amount_days_to_pay: string | null
  amount_days_late: string | null
  next_action_at: string | null
  last_settled_at: string | null
}

export type SummaryRow = {
  currencies: CurrencyRow[] | null
  promises: PromiseOutcomeRow[] | null
  last_partial_payment_at: Date | string | null
  notices_sent: number
  notices_failed: number
  last_notice_at: Date | string | null
}

const round2 = (value: number) => Math.round(value * 100) / 100

const OPEN = "r.status = 'open' AND r.amount > r.amount_paid"
const DUE_DAY = "(r.due_at AT TIME ZONE 'UTC')::date"
const PAID_DAY = "(r.paid_at AT TIME ZONE 'UTC')::date"
const PAID_IN_WINDOW = "r.status = 'paid' AND r.paid_at >= :period_from AND r.paid_at < :period_to"
const DAYS_TO_PAY = `(${PAID_DAY} - (r.issued_at AT TIME ZONE 'UTC')::date)`
const DAYS_LATE = `greatest(0, ${PAID_DAY} - ${DUE_DAY})`

/**
 * One statement. The customer's receivables are read once, through the customer index, and aggregated per
 * currency in one pass, without an intermediate row set; the ledger is read only for receivables that hold
 * money without being settled by now; the reminders (not the invoice e-mails, which dun nobody) are counted
 * from the partial index of reminders by customer and status.
 */
export async function summaryRows(manager: any, input: SummaryInput): Promise<SummaryRow[]> {
  const from = addUtcMonths(input.now, -TREND_MONTHS)
  const bindings = {
    customer: input.customer_id,
    today: utcDate(input.now),
    period_from: from,
    period_to: input.now,
    as_of: input.now,
  }
  return runNamed<SummaryRow>(
    manager,
    `WITH by_currency AS (
       SELECT r.currency_code, count(*)::int AS receivables,
              coalesce(sum(r.amount - r.amount_paid) FILTER (WHERE ${OPEN}), 0)::text AS outstanding,
              coalesce(sum(r.amount - r.amount_paid) FILTER (WHERE ${OPEN} AND ${DUE_DAY} < :today::date), 0)::text AS overdue,
              count(*) FILTER (WHERE ${OPEN})::int AS open_count,
              count(*) FILTER (WHERE ${OPEN} AND ${DUE_DAY} < :today::date)::int AS overdue_count,
              max(:today::date - ${DUE_DAY}) FILTER (WHERE ${OPEN} AND ${DUE_DAY} < :today::date) AS oldest,
              count(*) FILTER (WHERE ${PAID_IN_WINDOW})::int AS paid_count,
              sum(r.amount) FILTER (WHERE ${PAID_IN_WINDOW})::text AS paid_amount,
              sum(${DAYS_TO_PAY}) FILTER (WHERE ${PAID_IN_WINDOW})::int AS days_to_pay,
              sum(${DAYS_LATE}) FILTER (WHERE ${PAID_IN_WINDOW})::int AS days_late,
              -- paid before its terms even started (no due date): on time
              count(*) FILTER (WHERE ${PAID_IN_WINDOW} AND (r.due_at IS NULL OR ${PAID_DAY} <= ${DUE_DAY}))::int AS on_time,
              sum(r.amount * ${DAYS_TO_PAY}) FILTER (WHERE ${PAID_IN_WINDOW})::text AS amount_days_to_pay,
              sum(r.amount * ${DAYS_LATE}) FILTER (WHERE ${PAID_IN_WINDOW})::text AS amount_days_late,
              min(CASE WHEN r.next_action_at <= :as_of THEN :as_of::timestamptz ELSE r.next_action_at END)
                FILTER (WHERE ${OPEN}) AS next_action_at,
              max(r.paid_at) FILTER (WHERE r.status = 'paid' AND r.paid_at <= :as_of) AS last_settled_at,
              -- the ledger is read only for receivables that hold money without being settled by now (the
              -- FILTER is evaluated before the sub-select); the last payment of a settled one settled it
              max((SELECT max(l.paid_at) FROM dunning_receivable_payment l
                    WHERE l.receivable_id = r.id AND l.deleted_at IS NULL AND l.kind <> 'refund'
                      AND l.amount > 0 AND l.paid_at <= :as_of))
                FILTER (WHERE r.amount_paid <> 0 AND (r.status <> 'paid' OR r.paid_at > :as_of)) AS last_partial_payment_at
         FROM dunning_receivable r
        WHERE r.customer_id = :customer AND r.deleted_at IS NULL
        GROUP BY r.currency_code
     ),
     ${promiseOutcomeCtes(" AND e.customer_id = :customer")}
     SELECT
       (SELECT json_agg(b ORDER BY b.currency_code) FROM by_currency b) AS currencies,
       (SELECT json_agg(json_build_object('id', id, 'currency_code', currency_code, 'deadline', deadline, 'kept', kept))
          FROM promise_outcome) AS promises,
       (SELECT max(b.last_partial_payment_at) FROM by_currency b) AS last_partial_payment_at,
       notices.sent AS notices_sent, notices.failed AS notices_failed, notices.last_sent_at AS last_notice_at
       FROM (SELECT count(*) FILTER (WHERE status = 'sent' AND sent_at >= :period_from AND sent_at < :period_to)::int AS sent,
                    count(*) FILTER (WHERE status = 'failed' AND failed_at >= :period_from AND failed_at < :period_to)::int AS failed,
                    max(sent_at) FILTER (WHERE status = 'sent' AND sent_at <= :as_of) AS last_sent_at
               FROM dunning_notice
              WHERE customer_id = :customer AND deleted_at IS NULL AND kind = 'reminder' AND status IN ('sent', 'failed')) notices`,
    bindings
  )
}

export async function summaryRow(manager: any, input: SummaryInput): Promise<SummaryRow> {
  const [row] = await summaryRows(manager, input)
  return row
}

const latest = (...values: Array<Date | string | null | undefined>): Date | null => {
  const times = values.filter((v): v is Date | string => !!v).map((v) => new Date(v).getTime())
  return times.length ? new Date(Math.max(...times)) : null
}

export function summaryFromRow(row: SummaryRow, input: SummaryInput): CollectionSummary {
  const from = addUtcMonths(input.now, -TREND_MONTHS)
  const rows = row.currencies ?? []
  const currencies = rows
    .filter((c) => Number(c.open_count) > 0 || Number(c.paid_count) > 0)
    .map((c) => {
      const paidAmount = num(c.paid_amount)
      return {
        currency_code: c.currency_code,
        outstanding: num(c.outstanding),
        overdue: num(c.overdue),
        open_count: Number(c.open_count),
        overdue_count: Number(c.overdue_count),
        paid_count: Number(c.paid_count),
        collection_average_days: paidAmount > 0 ? round2(num(c.amount_days_to_pay) / paidAmount) : null,
        average_days_late: paidAmount > 0 ? round2(num(c.amount_days_late) / paidAmount) : null,
      }
    })
  const all = rows.reduce(
    (acc, c) => ({
      paid: acc.paid + Number(c.paid_count),
      days: acc.days + num(c.days_to_pay),
      late: acc.late + num(c.days_late),
      onTime: acc.onTime + Number(c.on_time),
    }),
    { paid: 0, days: 0, late: 0, onTime: 0 }
  )
  const oldest = rows.map((c) => c.oldest).filter((d): d is number => d !== null).map(Number)
  const nextActions = rows.map((c) => c.next_action_at).filter((d): d is string => !!d).map((d) => new Date(d).getTime())
  return {
    customer_id: input.customer_id,
    has_history: rows.some((c) => Number(c.receivables) > 0),
    window: { from, to: input.now },
    collection_average_days: all.paid ? round2(all.days / all.paid) : null,
    average_days_late: all.paid ? round2(all.late / all.paid) : null,
    on_time_rate: all.paid ? Math.round((all.onTime / all.paid) * 10_000) / 10_000 : null,
    paid_count: all.paid,
    currencies,
    oldest_overdue_days: oldest.length ? Math.max(...oldest) : null,
    notices_sent: Number(row.notices_sent),
    notices_failed: Number(row.notices_failed),
    promises: countPromises(row.promises ?? [], input.now),
    last_payment_at: latest(row.last_partial_payment_at, ...rows.map((c) => c.last_settled_at)),
    last_notice_at: row.last_notice_at ? new Date(row.last_notice_at) : null,
    next_action_at: nextActions.length ? new Date(Math.min(...nextActions)) : null,
  }
}

export async function computeCollectionSummary(manager: any, input: SummaryInput): Promise<CollectionSummary> {
  return summaryFromRow(await summaryRow(manager, input), input)
}
