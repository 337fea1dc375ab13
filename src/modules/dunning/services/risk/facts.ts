import { promiseOutcomeCtes } from "../../analytics/promises"
import { addUtcMonths, utcDate } from "../../analytics/periods"
import { runNamed } from "../../analytics/sql"
import { RISK_RECENT_MONTHS, RISK_WINDOW_MONTHS, type CurrencyFacts, type RiskFacts } from "../../domain/risk"
import { textArray } from "../../sql"

/**
 * The facts the risk score reads, for many customers in one statement: customers by a range of ids (the
 * nightly job's batches, `(after, last]`) or by a list (the customers a payment, a promise, a dispute or a
 * failed delivery concerns). Each table is read once, through its customer index: receivables (settled,
 * invoiced and overdue, per customer and currency), promises (kept or broken, by the KPIs' own rule),
 * disputes and failed notices.
 */
export type RiskScope = { after: string; last: string } | { customer_ids: string[] }

// the window is [now − 12 months, now]: what happens at the very moment scored (the payment that triggers
// the scoring) counts
const SETTLED = "r.status = 'paid' AND r.paid_at >= :period_from AND r.paid_at <= :period_to"
const DUE_DAY = "(r.due_at AT TIME ZONE 'UTC')::date"
const PAID_DAY = "(r.paid_at AT TIME ZONE 'UTC')::date"
// greatest() skips a null: an invoice paid before its terms started (no due date) is 0 days late
const AMOUNT_DAYS_LATE = `r.amount * greatest(0, ${PAID_DAY} - ${DUE_DAY})`
const INVOICED = "r.status <> 'void' AND r.issued_at >= :period_from AND r.issued_at <= :period_to"
const OVERDUE = `r.status = 'open' AND r.amount > r.amount_paid AND ${DUE_DAY} < :today::date`

const settledColumns = (prefix: string, condition: string) => `
       count(*) FILTER (WHERE ${condition})::int AS ${prefix}_count,
       coalesce(sum(r.amount) FILTER (WHERE ${condition}), 0)::text AS ${prefix}_amount,
       coalesce(sum(${AMOUNT_DAYS_LATE}) FILTER (WHERE ${condition}), 0)::text AS ${prefix}_amount_days_late`

/** The condition that keeps a table's rows to the scope (`alias.customer_id`). */
function scopeCondition(alias: string, scope: RiskScope): string {
  return "customer_ids" in scope
    ? `${alias}.customer_id = ANY(:customer_ids::text[])`
    : `${alias}.customer_id > :after AND ${alias}.customer_id <= :last`
}

/** One row per customer and currency: the customer's money facts, and beside them the customer's counts. */
export function riskFactsSql(scope: RiskScope): string {
  return `WITH money AS (
       SELECT r.customer_id, r.currency_code,
              ${settledColumns("settled", SETTLED)},
              count(*) FILTER (WHERE ${SETTLED} AND (r.due_at IS NULL OR ${PAID_DAY} <= ${DUE_DAY}))::int AS on_time,
              ${settledColumns("recent", `${SETTLED} AND r.paid_at >= :recent_from`)},
              ${settledColumns("earlier", `${SETTLED} AND r.paid_at < :recent_from`)},
              coalesce(sum(r.amount) FILTER (WHERE ${INVOICED}), 0)::text AS invoiced_amount,
              min(r.issued_at) FILTER (WHERE ${INVOICED}) AS first_invoiced_at,
              coalesce(sum(r.amount - r.amount_paid) FILTER (WHERE ${OVERDUE}), 0)::text AS overdue_amount
         FROM dunning_receivable r
        WHERE r.deleted_at IS NULL AND ${scopeCondition("r", scope)}
        GROUP BY r.customer_id, r.currency_code
     ),
     ${promiseOutcomeCtes(` AND ${scopeCondition("e", scope)}`)},
     broken AS (
       SELECT customer_id, count(DISTINCT id)::int AS n FROM promise_outcome
        WHERE NOT kept AND deadline <= :as_of GROUP BY customer_id
     ),
     disputes AS (
       SELECT e.customer_id, count(*)::int AS n FROM dunning_collection_event e
        WHERE e.type = 'dispute_opened' AND e.deleted_at IS NULL AND ${scopeCondition("e", scope)}
          AND e.occurred_at >= :period_from AND e.occurred_at <= :period_to
        GROUP BY e.customer_id
     ),
     bounced AS (
       SELECT n.customer_id, count(*)::int AS n FROM dunning_notice n
        WHERE n.status = 'failed' AND n.deleted_at IS NULL AND ${scopeCondition("n", scope)}
          AND n.failed_at >= :period_from AND n.failed_at <= :period_to
        GROUP BY n.customer_id
     )
     SELECT m.*, coalesce(b.n, 0) AS broken_promises, coalesce(d.n, 0) AS disputes, coalesce(f.n, 0) AS bounced_contacts
       FROM money m
       LEFT JOIN broken b ON b.customer_id = m.customer_id
       LEFT JOIN disputes d ON d.customer_id = m.customer_id
       LEFT JOIN bounced f ON f.customer_id = m.customer_id
      ORDER BY m.customer_id, m.currency_code`
}

/** The named bindings of `riskFactsSql` at `now`. */
export function riskFactsBindings(scope: RiskScope, now: Date): Record<string, unknown> {
  const bindings: Record<string, unknown> = {
    period_from: addUtcMonths(now, -RISK_WINDOW_MONTHS),
    period_to: now,
    recent_from: addUtcMonths(now, -RISK_RECENT_MONTHS),
    as_of: now,
    today: utcDate(now),
  }
  if ("customer_ids" in scope) {
    bindings.customer_ids = textArray(scope.customer_ids)
  } else {
    bindings.after = scope.after
    bindings.last = scope.last
  }
  return bindings
}

export type RiskFactsRow = {
  customer_id: string
  currency_code: string
  settled_count: number
  settled_amount: string
  settled_amount_days_late: string
  on_time: number
  recent_count: number
  recent_amount: string
  recent_amount_days_late: string
  earlier_count: number
  earlier_amount: string
  earlier_amount_days_late: string
  invoiced_amount: string
  first_invoiced_at: Date | string | null
  overdue_amount: string
  broken_promises: number
  disputes: number
  bounced_contacts: number
}

function currencyFacts(row: RiskFactsRow): CurrencyFacts {
  return {
    currency_code: row.currency_code,
    settled: { count: Number(row.settled_count), amount: row.settled_amount, amount_days_late: row.settled_amount_days_late, on_time: Number(row.on_time) },
    recent: { count: Number(row.recent_count), amount: row.recent_amount, amount_days_late: row.recent_amount_days_late },
    earlier: { count: Number(row.earlier_count), amount: row.earlier_amount, amount_days_late: row.earlier_amount_days_late },
    invoiced_amount: row.invoiced_amount,
    first_invoiced_at: row.first_invoiced_at ? new Date(row.first_invoiced_at) : null,
    overdue_amount: row.overdue_amount,
  }
}

/** Rows in customer order folded into each customer's facts. */
export function factsOfRows(rows: RiskFactsRow[]): RiskFacts[] {
  const customers: RiskFacts[] = []
  let current: RiskFacts | null = null
  for (const row of rows) {
    if (!current || current.customer_id !== row.customer_id) {
      current = {
        customer_id: row.customer_id,
        currencies: [],
        broken_promises: Number(row.broken_promises),
        disputes: Number(row.disputes),
        bounced_contacts: Number(row.bounced_contacts),
      }
      customers.push(current)
    }
    current.currencies.push(currencyFacts(row))
  }
  return customers
}

/** The facts of the customers in `scope` at `now`, on the caller's connection (or in a read-only transaction of their own). */
export async function readRiskFacts(manager: any, scope: RiskScope, now: Date): Promise<RiskFacts[]> {
  if ("customer_ids" in scope && !scope.customer_ids.length) {
    return []
  }
  return factsOfRows(await runNamed<RiskFactsRow>(manager, riskFactsSql(scope), riskFactsBindings(scope, now)))
}
