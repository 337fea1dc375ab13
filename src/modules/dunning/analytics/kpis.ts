import { decimalAdd, decimalSub } from "../domain/decimal"
import { kpiPeriod, trendMonths, windowDays, type MonthWindow, type Window } from "./periods"
import { promiseOutcomeCtes, promiseState, type PromiseOutcomeRow } from "./promises"
import { currencyCondition, instantArray, num, runNamed, scopeSql } from "./sql"
import type {
  ChannelCounts,
  CurrencyKpis,
  KpiInput,
  Kpis,
  PromiseCounts,
  StageCollectionRate,
} from "./types"

/**
 * Collection KPIs per currency over a period `[from, to)` and a trend of the twelve UTC months ending at
 * `to`. Balances at a moment are rebuilt from the ledger, never read from today's `amount_paid`, so a
 * KPI of last March says what the books said at the end of last March.
 */
export const KPI_FORMULAS: Record<string, string> = {
  period:
    "Periods are half-open, [from, to): a payment booked exactly at `to` belongs to the next period. Months are UTC calendar months; the trend's last month ends at `to`. Days between two instants are whole UTC calendar days between their dates.",
  dso: "DSO = receivables outstanding at `to` ÷ credit sales of the period × days in the period (null without credit sales).",
  receivables_outstanding_at_end:
    "Σ over receivables issued before `to` of (amount − payments and adjustments booked before `to` + refunds booked before `to`). A receivable paid before `to` counts 0; one voided or written off before `to` is left out (written off = no longer expected); one voided or written off later still counts, as the books stood at `to`. Rebuilt from the payments booked per month, as the ledger allows no payment on a receivable before its issue or after it was settled or closed.",
  dso_trend:
    "For each of the twelve UTC months ending at `to`: outstanding at the month's end ÷ the month's credit sales × the month's days (the last month ends at `to`).",
  credit_sales:
    "Σ amount of receivables issued in the period, except those voided before `to` (a cancelled invoice is not a sale). Written-off receivables are sales that were not collected.",
  collection_average:
    "Over receivables paid in the period (`paid_at`, the payment that settled them, in [from, to)): Σ(amount × days from issue to payment) ÷ Σ amount. Written-off and void receivables are not collected and are left out.",
  average_days_late:
    "Over the same receivables: Σ(amount × max(0, days from due date to payment)) ÷ Σ amount.",
  collection_trend: "Collection average and days late of the receivables paid in each month of the trend.",
  recovery_time:
    "Over receivables paid in the period after their due date: the mean number of days from due date to payment (each receivable counts once).",
  collection_rate_by_stage:
    "For each stage, over the notices of that stage sent in the period: receivables = the receivables they listed (a receivable reminded twice at a stage counts twice, once per notice), amount = the outstanding the notices listed; a receivable counts as paid when it was settled within `paid_within_days` days after that notice. count_rate = paid_count ÷ receivables, amount_rate = paid_amount ÷ amount. A notice listing two currencies counts in both.",
  promises:
    "Promises to pay made in the period. A promise covers the receivables it names, else the customer's receivables outstanding when it was made (in the promised currency if one is given). Deadline = promised date + 2 days (the end of the day after the promised date, when the promise's hold ends). Kept when the covered receivables are all paid before the deadline, or, with a promised amount, when payments on them between the promise and the deadline reach it; broken once the deadline has passed without that; open before. kept_rate = kept ÷ (kept + broken).",
  dispute_rate:
    "Receivables issued in the period (void ones included) that are named in a dispute opened up to now ÷ receivables issued in the period.",
  notices_by_channel:
    "Notices scheduled in the period, by channel and by their status now. A notice listing two currencies counts in both.",
}

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

const round = (value: number, digits = 2) => {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

const ratio = (numerator: number, denominator: number, digits = 2): number | null =>
  denominator > 0 ? round(numerator / denominator, digits) : null

/**
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
export function ledgerMeasures(
  groups: LedgerGroupRow[],
  flows: LedgerFlowRow[],
  period: Window,
  months: MonthWindow[]
): LedgerMeasures[] {
  const n = months.length
  type Paid = { count: number; amount: number; days: number; late: number }
  type Acc = {
    issuedBy: string[]
    closedBy: string[]
    paidBy: string[]
    opening: string
    sales: string[]
    periodSales: string
    paid: Paid[]
    periodPaid: Paid & { lateCount: number; lateDays: number }
    issued: number
  }
  const accs = new Map<string, Acc>()
  const accOf = (code: string) => {
    let acc = accs.get(code)
    if (!acc) {
      acc = {
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
      accs.set(code, acc)
    }
    return acc
  }
  for (const g of groups) {
    const acc = accOf(g.currency_code)
    const { status, issue_w: issueW, end_w: endW, issued_in_period, paid_in_period } = decodeGroupKey(Number(g.group_key))
    const isVoid = status === "void"
    const closed = isVoid || status === "written_off"
    acc.issuedBy[issueW] = decimalAdd(acc.issuedBy[issueW], g.amount)
    acc.opening = decimalAdd(acc.opening, g.opening_paid ?? "0")
    if (closed && endW >= 1 && endW <= n) {
      acc.closedBy[endW] = decimalAdd(acc.closedBy[endW], decimalSub(g.amount, g.paid_before_close ?? "0"))
    }
    if (issueW >= 1 && issueW <= n && (!isVoid || endW > issueW)) {
      acc.sales[issueW] = decimalAdd(acc.sales[issueW], g.amount)
    }
    if (issued_in_period) {
      acc.issued += Number(g.count)
      if (!isVoid || endW > n) {
        acc.periodSales = decimalAdd(acc.periodSales, g.amount)
      }
    }
    if (status === "paid") {
      const amountDays = num(g.amount_days_to_pay)
      const amountLate = num(g.amount_days_late)
      if (endW >= 1 && endW <= n) {
        const m = acc.paid[endW]
        m.count += Number(g.count)
        m.amount += num(g.amount)
        m.days += amountDays
        m.late += amountLate
      }
      if (paid_in_period) {
        const p = acc.periodPaid
        p.count += Number(g.count)
        p.amount += num(g.amount)
        p.days += amountDays
        p.late += amountLate
        p.lateCount += Number(g.late_count)
        p.lateDays += Number(g.late_days)
      }
    }
  }
  for (const f of flows) {
    const acc = accOf(f.currency_code)
    const w = Number(f.w)
    if (w >= 1 && w <= n) {
      acc.paidBy[w] = decimalAdd(acc.paidBy[w], f.net)
    }
  }
  const periodDays = windowDays(period)
  return [...accs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency_code, acc]) => {
      const atBound: number[] = Array(n + 1).fill(0)
      let issued = acc.issuedBy[0]
      let closed = "0"
      let paid = "0"
      for (let k = 1; k <= n; k++) {
        issued = decimalAdd(issued, acc.issuedBy[k])
        closed = decimalAdd(closed, acc.closedBy[k])
        paid = decimalAdd(paid, acc.paidBy[k])
        atBound[k] = num(decimalSub(decimalSub(decimalSub(issued, acc.opening), closed), paid))
      }
      const periodSales = num(acc.periodSales)
      const p = acc.periodPaid
      return {
        currency_code,
        dso: {
          days: periodSales > 0 ? round((atBound[n] / periodSales) * periodDays) : null,
          receivables_outstanding_at_end: atBound[n],
          credit_sales: periodSales,
          period_days: round(periodDays, 4),
        },
        dso_trend: months.map((m, i) => {
          const sales = num(acc.sales[i + 1])
          return { month: m.month, days: sales > 0 ? round((atBound[i + 1] / sales) * windowDays(m)) : null }
        }),
        collection_average_days: ratio(p.days, p.amount),
        average_days_late: ratio(p.late, p.amount),
        paid_count: p.count,
        collection_trend: months.map((m, i) => {
          const paidIn = acc.paid[i + 1]
          return {
            month: m.month,
            collection_average_days: ratio(paidIn.days, paidIn.amount),
            average_days_late: ratio(paidIn.late, paidIn.amount),
            paid_count: paidIn.count,
          }
        }),
        recovery_time_days: ratio(p.lateDays, p.lateCount),
        receivables_issued: acc.issued,
      }
    })
}

type Frame = { period: Window; months: MonthWindow[]; now: Date; paidWithinDays: number }

function frameBindings(frame: Frame): Record<string, unknown> {
  const { period, months } = frame
  return {
    period_from: period.start,
    period_to: period.end,
    bounds: instantArray([months[0].start, ...months.map((m) => m.end)]),
    first_bound: months[0].start,
    earliest: new Date(Math.min(period.start.getTime(), months[0].start.getTime())),
    month_count: months.length,
    as_of: frame.now,
    paid_within: `${frame.paidWithinDays} days`,
  }
}

const NET = "CASE WHEN l.kind = 'refund' THEN -l.amount ELSE l.amount END"

/**
 * One pass over the receivables that matter to the period or the trend (issued in it, or still owed at
 * its first bound), grouped by currency and group key: a few hundred groups, whatever the volume. The
 * ledger is read only for the receivables issued before the trend, and for those closed inside it while
 * holding money (one that holds none had no payment before its close either). (`OFFSET 0` computes each
 * row's dates once; the groups are hashed, as sorting a million rows to find a few hundred groups takes
 * longer than the rest of the statement.)
 */
export async function ledgerGroupRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerGroupRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("r", scope, bindings)
  return runNamed<LedgerGroupRow>(
    manager,
    `SELECT currency_code, group_key,
            count(*)::int AS count, sum(amount)::text AS amount,
            sum(amount * days_to_pay)::text AS amount_days_to_pay,
            sum(amount * days_late)::text AS amount_days_late,
            count(*) FILTER (WHERE days_late > 0)::int AS late_count,
            coalesce(sum(days_late) FILTER (WHERE days_late > 0), 0)::int AS late_days,
            sum(opening_paid)::text AS opening_paid, sum(paid_before_close)::text AS paid_before_close
       FROM (
         SELECT x.currency_code, x.amount, x.days_to_pay, x.days_late,
                x.status_digit * 100000 + x.issue_w * 1000 + x.end_w * 10 + x.period_flags AS group_key,
                CASE WHEN x.issue_w = 0 THEN
                  (SELECT sum(${NET}) FROM dunning_receivable_payment l
                    WHERE l.receivable_id = x.id AND l.deleted_at IS NULL AND l.paid_at < :first_bound) END AS opening_paid,
                CASE WHEN x.status_digit >= 2 AND x.end_w BETWEEN 1 AND :month_count AND x.amount_paid <> 0 THEN
                  (SELECT sum(${NET}) FROM dunning_receivable_payment l
                    WHERE l.receivable_id = x.id AND l.deleted_at IS NULL AND l.paid_at < x.end_at) END AS paid_before_close
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
              WHERE r.deleted_at IS NULL AND r.issued_at < :period_to${where}
                AND (r.issued_at >= :earliest OR e.end_at >= :first_bound)
             OFFSET 0
           ) x
         OFFSET 0
       ) y
      GROUP BY currency_code, group_key`,
    bindings,
    { hashGroups: true, serial: true }
  )
}

/** Payments and refunds booked inside the trend, per currency and month. */
export async function ledgerFlowRows(manager: any, scope: KpiInput, frame: Frame): Promise<LedgerFlowRow[]> {
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

export type NoticeLineRow = {
  currency_code: string
  stage_key: string
  /** The stage's name now when it still exists, else the name the notices carried. */
  stage_name: string
  stage_offset_days: number
  channel: string
  /** Sent notices (of this currency) scheduled in the period, for the channel figures. */
  scheduled: number
  /** Sent notices (of this currency) sent in the period. */
  notices: number
  /** The receivables those notices listed, and the outstanding they listed. */
  receivables: number
  amount: string
  /** Of those, the ones settled within `paid_within_days` after the notice. */
  paid_count: number
  paid_amount: string
}

/**
 * The sent notices, from the rows of `dunning_notice_line` (one per receivable a sent notice listed, kept
 * in step with the notices and with when each receivable was paid by the database), per currency, stage
 * and channel: how many were scheduled in the period (for the channel figures) and, of those sent in the
 * period, the receivables they listed, the outstanding they listed, and what of it was settled within
 * `paid_within_days` after the notice. One row per currency of a notice has `counts_notice` set.
 */
export async function noticeLineRows(manager: any, scope: KpiInput, frame: Frame): Promise<NoticeLineRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("l", scope, bindings)
  return runNamed<NoticeLineRow>(
    manager,
    `SELECT g.currency_code, g.stage_key, coalesce(ds.name, g.stage_name) AS stage_name, g.stage_offset_days, g.channel,
            g.scheduled, g.notices, g.receivables, g.amount, g.paid_count, g.paid_amount
       FROM (
         SELECT currency_code, stage_key, stage_name, stage_offset_days, channel,
                count(*) FILTER (WHERE counts_notice AND scheduled)::int AS scheduled,
                count(*) FILTER (WHERE counts_notice AND sent)::int AS notices,
                count(*) FILTER (WHERE sent)::int AS receivables,
                coalesce(sum(outstanding) FILTER (WHERE sent), 0)::text AS amount,
                count(*) FILTER (WHERE paid)::int AS paid_count,
                coalesce(sum(outstanding) FILTER (WHERE paid), 0)::text AS paid_amount
           FROM (
             SELECT l.currency_code, l.stage_key, l.stage_name, l.stage_offset_days, l.channel, l.counts_notice,
                    l.outstanding,
                    l.scheduled_for >= :period_from AND l.scheduled_for < :period_to AS scheduled,
                    l.sent_at >= :period_from AND l.sent_at < :period_to AS sent,
                    l.sent_at >= :period_from AND l.sent_at < :period_to
                      AND l.receivable_paid_at >= :period_from AND l.receivable_paid_at >= l.sent_at
                      AND l.receivable_paid_at < l.sent_at + :paid_within::interval AND l.receivable_paid_at <= :as_of AS paid
               FROM dunning_notice_line l
              WHERE ((l.sent_at >= :period_from AND l.sent_at < :period_to)
                     OR (l.scheduled_for >= :period_from AND l.scheduled_for < :period_to))${where}
           ) listed
          GROUP BY 1, 2, 3, 4, 5
       ) g
       LEFT JOIN dunning_stage ds ON ds.id = g.stage_key`,
    bindings,
    { hashGroups: true, serial: true }
  )
}

export type UnsentNoticeRow = { currency_code: string; channel: string; status: string; scheduled: number }

/**
 * The notices scheduled in the period that were not sent (scheduled, failed or cancelled: a few percent
 * of them, read through a partial index), per currency of their totals, channel and status. They are
 * first grouped by the list of their currencies, which each of the few groups then splits.
 */
export async function unsentNoticeRows(manager: any, scope: KpiInput, frame: Frame): Promise<UnsentNoticeRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("n", scope, bindings, null)
  const currency = currencyCondition(scope, bindings, "c.currency_code", "WHERE")
  return runNamed<UnsentNoticeRow>(
    manager,
    `SELECT c.currency_code, g.channel, g.status, sum(g.scheduled)::int AS scheduled
       FROM (
         SELECT CASE WHEN jsonb_array_length(n.totals) = 1 THEN n.totals->0->>'currency_code'
                     ELSE (SELECT string_agg(t.value->>'currency_code', ' ') FROM jsonb_array_elements(n.totals) AS t(value))
                END AS currencies,
                n.channel, n.status, count(*) AS scheduled
           FROM dunning_notice n
          WHERE n.status <> 'sent' AND n.deleted_at IS NULL
            AND n.scheduled_for >= :period_from AND n.scheduled_for < :period_to${where}
          GROUP BY 1, 2, 3
       ) g
       CROSS JOIN LATERAL unnest(string_to_array(g.currencies, ' ')) AS c(currency_code)${currency}
      GROUP BY 1, 2, 3`,
    bindings,
    { serial: true }
  )
}

export async function promiseRows(manager: any, scope: KpiInput, frame: Frame) {
  const bindings = frameBindings(frame)
  const where = scopeSql("e", scope, bindings, null)
  const currency = currencyCondition(scope, bindings, "currency_code", "WHERE")
  return runNamed<PromiseOutcomeRow>(
    manager,
    `WITH ${promiseOutcomeCtes(where)}
     SELECT id, currency_code, deadline, kept FROM promise_outcome${currency}`,
    bindings,
    { serial: true }
  )
}

export type DisputeRow = { currency_code: string; disputed: number }

export async function disputeRows(manager: any, scope: KpiInput, frame: Frame): Promise<DisputeRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("r", scope, bindings)
  return runNamed<DisputeRow>(
    manager,
    `SELECT r.currency_code, count(DISTINCT r.id)::int AS disputed
       FROM dunning_collection_event e
       CROSS JOIN LATERAL jsonb_array_elements_text(
         CASE WHEN jsonb_typeof(e.receivable_ids) = 'array' THEN e.receivable_ids ELSE '[]'::jsonb END) AS disputed(id)
       -- one primary-key lookup per disputed receivable, rather than hashing every receivable of the period
       CROSS JOIN LATERAL (SELECT r.id, r.currency_code FROM dunning_receivable r
                            WHERE r.id = disputed.id AND r.deleted_at IS NULL
                              AND r.issued_at >= :period_from AND r.issued_at < :period_to${where} LIMIT 1) r
      WHERE e.type = 'dispute_opened' AND e.deleted_at IS NULL AND e.occurred_at <= :as_of
      GROUP BY 1`,
    bindings,
    { serial: true }
  )
}

export function stageRates(rows: NoticeLineRow[]): Map<string, StageCollectionRate[]> {
  type Stage = { rate: StageCollectionRate; offset: number; amount: string; paid: string }
  const byCurrency = new Map<string, Map<string, Stage>>()
  for (const row of rows) {
    if (!Number(row.receivables)) {
      continue
    }
    const stages = byCurrency.get(row.currency_code) ?? new Map<string, Stage>()
    const stage = stages.get(row.stage_key) ?? {
      offset: Number(row.stage_offset_days),
      amount: "0",
      paid: "0",
      rate: {
        stage_name: row.stage_name,
        // a notice without a stage is keyed by its stage name
        stage_id: row.stage_key === row.stage_name ? null : row.stage_key,
        notices: 0,
        receivables: 0,
        amount: 0,
        paid_count: 0,
        paid_amount: 0,
        count_rate: null,
        amount_rate: null,
      },
    }
    const r = stage.rate
    r.notices += Number(row.notices)
    r.receivables += Number(row.receivables)
    r.paid_count += Number(row.paid_count)
    stage.amount = decimalAdd(stage.amount, row.amount)
    stage.paid = decimalAdd(stage.paid, row.paid_amount)
    stage.offset = Math.min(stage.offset, Number(row.stage_offset_days))
    stages.set(row.stage_key, stage)
    byCurrency.set(row.currency_code, stages)
  }
  return new Map(
    [...byCurrency.entries()].map(([code, stages]) => [
      code,
      [...stages.values()]
        .sort((a, b) => a.offset - b.offset || a.rate.stage_name.localeCompare(b.rate.stage_name))
        .map(({ rate, amount, paid }) => {
          rate.amount = num(amount)
          rate.paid_amount = num(paid)
          rate.count_rate = ratio(rate.paid_count, rate.receivables, 4)
          rate.amount_rate = ratio(rate.paid_amount, rate.amount, 4)
          return rate
        }),
    ])
  )
}

export function promisesByCurrency(rows: PromiseOutcomeRow[], now: Date): Map<string, PromiseCounts> {
  const byCurrency = new Map<string, PromiseCounts>()
  for (const row of rows) {
    if (!row.currency_code) {
      continue
    }
    const counts = byCurrency.get(row.currency_code) ?? { made: 0, kept: 0, broken: 0, open: 0 }
    counts.made += 1
    counts[promiseState(row.kept, row.deadline, now)] += 1
    byCurrency.set(row.currency_code, counts)
  }
  return byCurrency
}

export function channelsByCurrency(rows: UnsentNoticeRow[]): Map<string, ChannelCounts[]> {
  const byCurrency = new Map<string, Map<string, ChannelCounts>>()
  for (const row of rows) {
    if (!Number(row.scheduled)) {
      continue
    }
    const channels = byCurrency.get(row.currency_code) ?? new Map<string, ChannelCounts>()
    const counts = channels.get(row.channel) ?? { channel: row.channel, sent: 0, failed: 0, cancelled: 0, scheduled: 0 }
    const status = row.status as "sent" | "failed" | "cancelled" | "scheduled"
    if (status === "sent" || status === "failed" || status === "cancelled" || status === "scheduled") {
      counts[status] += Number(row.scheduled)
    }
    channels.set(row.channel, counts)
    byCurrency.set(row.currency_code, channels)
  }
  return new Map(
    [...byCurrency.entries()].map(([code, channels]) => [
      code,
      [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    ])
  )
}

export function kpiFrame(input: KpiInput): Frame {
  const period = kpiPeriod(input)
  return { period, months: trendMonths(period.end), now: input.now, paidWithinDays: input.paid_within_days }
}

/** Runs the statements of the KPIs side by side and puts each currency's measures together. */
export async function computeKpis(manager: any, input: KpiInput): Promise<Kpis> {
  const frame = kpiFrame(input)
  const [groups, flows, lines, unsent, promises, disputes] = await Promise.all([
    ledgerGroupRows(manager, input, frame),
    ledgerFlowRows(manager, input, frame),
    noticeLineRows(manager, input, frame),
    unsentNoticeRows(manager, input, frame),
    promiseRows(manager, input, frame),
    disputeRows(manager, input, frame),
  ])
  const ledger = new Map(ledgerMeasures(groups, flows, frame.period, frame.months).map((m) => [m.currency_code, m]))
  const stageMap = stageRates(lines)
  const promiseMap = promisesByCurrency(promises, input.now)
  const disputeMap = new Map(disputes.map((d) => [d.currency_code, Number(d.disputed)]))
  const channelMap = channelsByCurrency([...lines.map((l) => ({ ...l, status: "sent" })), ...unsent])
  const codes = new Set<string>([...ledger.keys(), ...stageMap.keys(), ...promiseMap.keys(), ...channelMap.keys()])
  if (input.currency_code) {
    for (const code of [...codes]) {
      if (code !== input.currency_code.toLowerCase()) {
        codes.delete(code)
      }
    }
  }
  const currencies: CurrencyKpis[] = [...codes].sort().map((code) => {
    const measures =
      ledger.get(code) ?? ledgerMeasures([], [{ currency_code: code, w: 0, net: "0" }], frame.period, frame.months)[0]
    const promisesOf = promiseMap.get(code) ?? { made: 0, kept: 0, broken: 0, open: 0 }
    const disputed = disputeMap.get(code) ?? 0
    return {
      ...measures,
      currency_code: code,
      collection_rate_by_stage: stageMap.get(code) ?? [],
      promises: { ...promisesOf, kept_rate: ratio(promisesOf.kept, promisesOf.kept + promisesOf.broken, 4) },
      dispute_rate: ratio(disputed, measures.receivables_issued, 4),
      receivables_disputed: disputed,
      notices_by_channel: channelMap.get(code) ?? [],
    }
  })
  return {
    from: frame.period.start,
    to: frame.period.end,
    as_of: input.now,
    paid_within_days: input.paid_within_days,
    formulas: KPI_FORMULAS,
    currencies,
  }
}
