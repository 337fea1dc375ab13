import { promiseOutcomeCtes } from "../../analytics/promises"
import { runNamed } from "../../analytics/sql"
import { PATTERN_RULES, type CustomerPattern } from "../../domain/call-suggestion"
import { readRiskFacts, riskFactsBindings } from "./facts"

/**
 * The customer's pattern the suggestions read (`domain/call-suggestion.ts`), for a page of customers in
 * two statements: the risk score's facts (undelivered notices, disputes, over 12 months), and one more
 * that reads what the score does not: invoices issued, promises broken in the last 90 days, after which
 * notice and how many days later the invoices paid after a notice were paid (medians), and where the
 * overdue invoices stand now.
 */
const NOTICED_AND_PAID = `r.status = 'paid' AND r.paid_at >= :period_from AND r.paid_at <= :period_to
  AND r.notices_sent > 0 AND r.last_notice_at IS NOT NULL`
const DAYS_AFTER_NOTICE = "(r.paid_at AT TIME ZONE 'UTC')::date - (r.last_notice_at AT TIME ZONE 'UTC')::date"
const OVERDUE = "r.status = 'open' AND r.amount > r.amount_paid AND (r.due_at AT TIME ZONE 'UTC')::date < :today::date"

const PATTERN_SQL = `WITH history AS (
       SELECT r.customer_id,
              count(*) FILTER (WHERE r.status <> 'void' AND r.issued_at >= :period_from AND r.issued_at <= :period_to)::int AS invoices,
              count(*) FILTER (WHERE ${NOTICED_AND_PAID})::int AS paid_after_notice,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY r.notices_sent) FILTER (WHERE ${NOTICED_AND_PAID}) AS usual_notice,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY ${DAYS_AFTER_NOTICE}) FILTER (WHERE ${NOTICED_AND_PAID}) AS usual_days,
              coalesce(max(r.notices_sent) FILTER (WHERE ${OVERDUE}), 0)::int AS current_notices,
              :today::date - (max(r.last_notice_at) FILTER (WHERE ${OVERDUE}) AT TIME ZONE 'UTC')::date AS days_since_last_notice
         FROM dunning_receivable r
        WHERE r.deleted_at IS NULL AND r.customer_id = ANY(:customer_ids::text[])
        GROUP BY r.customer_id
     ),
     ${promiseOutcomeCtes(" AND e.customer_id = ANY(:customer_ids::text[])")},
     broken AS (
       SELECT customer_id, count(DISTINCT id)::int AS n FROM promise_outcome
        WHERE NOT kept AND deadline <= :as_of AND deadline > :broken_from GROUP BY customer_id
     )
     SELECT h.*, coalesce(b.n, 0) AS broken_recent FROM history h LEFT JOIN broken b ON b.customer_id = h.customer_id`

/** Each customer's pattern at `now` (a customer without receivables has none). */
export async function readCustomerPatterns(manager: any, customerIds: string[], now: Date): Promise<Map<string, CustomerPattern>> {
  const patterns = new Map<string, CustomerPattern>()
  const ids = [...new Set(customerIds)]
  if (!ids.length) {
    return patterns
  }
  const scope = { customer_ids: ids }
  const bindings = { ...riskFactsBindings(scope, now), broken_from: new Date(now.getTime() - PATTERN_RULES.brokenPromisesDays * 86_400_000) }
  // one after the other: inside a batch both run on the batch's one connection
  const facts = await readRiskFacts(manager, scope, now)
  const rows = await runNamed<any>(manager, PATTERN_SQL, bindings)
  const factsOf = new Map(facts.map((f) => [f.customer_id, f]))
  for (const row of rows) {
    const f = factsOf.get(row.customer_id)
    patterns.set(row.customer_id, {
      bounced_notices: f?.bounced_contacts ?? 0,
      broken_promises_90_days: Number(row.broken_recent),
      disputes: f?.disputes ?? 0,
      invoices: Number(row.invoices),
      paid_after_notice: Number(row.paid_after_notice),
      usual_notice: row.usual_notice === null ? null : Number(row.usual_notice),
      usual_days_after_notice: row.usual_days === null ? null : Number(row.usual_days),
      current_notices: Number(row.current_notices),
      days_since_last_notice: row.days_since_last_notice === null ? null : Number(row.days_since_last_notice),
    })
  }
  return patterns
}
