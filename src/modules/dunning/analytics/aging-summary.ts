import type { AgingInput } from "./types"

/**
 * Aging over the open balances the database keeps per (currency, due day) and per (customer, currency)
 * (`dunning_aging_day`, `dunning_aging_customer`, kept by triggers on the receivables), so that its cost
 * follows the number of due days and of top customers, not of open invoices.
 *
 * Buckets: each due day's balance lands in its bucket from `today` at query time, so as days pass a day's
 * rows move bucket by themselves and nothing needs refreshing overnight.
 *
 * Top customers, exact at any moment: a customer's overdue part (open receivables due before today) is
 * never more than its open balance. A sample of the customers with the largest balances that have
 * something overdue (index `IDX_dunning_aging_customer_balance`), their overdue parts summed, gives a
 * floor: the `top`-th largest of those parts. `top` customers owe at least the floor overdue, so a
 * customer whose whole balance is below it cannot be in the list; every customer at or above it (a range
 * of the same index) has its overdue part summed from its own open receivables (the aging index on
 * receivables; the sampled ones keep the sum taken for the sample, the range goes on after the last
 * sampled customer) and is ranked. A customer whose newest open due day is before today owes its whole
 * balance overdue: its receivables are not read at all. An invoice that crosses its due date overnight changes only that sum,
 * which is always taken at `today`. The sample is larger than `top` because the largest balances are not
 * always the largest overdue parts (a large invoice not yet due): a floor from `top` of them alone is
 * lower and lets many more customers through to be summed (docs/benchmarks.md).
 */
const SAMPLE_FACTOR = 4

/**
 * The overdue part of one candidate customer (`candidate` has `currency_code`, `customer_id`, `balance`,
 * `receivables` and `newest_due_day`): its whole balance when its newest open due day is before today,
 * else summed from its open receivables due before today (the condition on the candidate alone is checked
 * once, before any receivable is read).
 */
const overdueOf = (candidate: string) => `
  SELECT CASE WHEN ${candidate}.newest_due_day < :today::date THEN ${candidate}.balance ELSE o.amount END AS amount,
         CASE WHEN ${candidate}.newest_due_day < :today::date THEN ${candidate}.receivables ELSE o.count END AS count
    FROM (SELECT sum(r.amount - r.amount_paid) AS amount, count(*)::int AS count
            FROM dunning_receivable r
           WHERE ${candidate}.newest_due_day >= :today::date
             AND r.currency_code = ${candidate}.currency_code AND r.customer_id = ${candidate}.customer_id
             AND r.status = 'open' AND r.deleted_at IS NULL AND r.amount > r.amount_paid AND r.due_at < :today_start) o`

/** A customer with something overdue: an open receivable due before today. */
const hasOverdue = (customer: string) =>
  `${customer}.receivables > 0 AND ${customer}.oldest_due_day < :today::date`

/**
 * The summary statement: bucket rows and ranked customer rows (the shape of `AgingRow`). `groupPart`, when
 * given, is one more `UNION ALL` branch reading the receivables themselves (group membership is the
 * customer module's and is not summarised).
 */
export function summaryAgingSql(input: AgingInput, bindings: Record<string, unknown>, groupPart = ""): string {
  let currency = ""
  if (input.currency_code) {
    bindings.scope_currency = input.currency_code.toLowerCase()
    currency = " AND d.currency_code = :scope_currency"
  }
  bindings.today_start = `${bindings.today}T00:00:00Z`
  bindings.sample = SAMPLE_FACTOR * input.top
  return `WITH day_balance AS (
       SELECT d.currency_code, d.balance, d.receivables,
              -- 'infinity': no due date yet (terms waiting for shipment or delivery), current
              CASE WHEN d.due_day = 'infinity' THEN 0 ELSE :today::date - d.due_day END AS days_overdue
         FROM dunning_aging_day d
        WHERE d.receivables > 0${currency}
     ),
     currency AS (SELECT DISTINCT currency_code FROM day_balance),
     sample AS (
       SELECT a.currency_code, a.customer_id, a.balance, a.oldest_due_day, o.amount, o.count,
              row_number() OVER (PARTITION BY a.currency_code ORDER BY o.amount DESC) AS n
         FROM currency c
         CROSS JOIN LATERAL (
           SELECT a.currency_code, a.customer_id, a.balance, a.receivables, a.oldest_due_day, a.newest_due_day
             FROM dunning_aging_customer a
            WHERE a.currency_code = c.currency_code AND ${hasOverdue("a")}
            ORDER BY a.balance DESC, a.customer_id
            LIMIT :sample) a
         CROSS JOIN LATERAL (${overdueOf("a")}) o
     ),
     overdue_floor AS (
       SELECT c.currency_code, coalesce(s.amount, 0) AS amount, l.balance AS last_balance, l.customer_id AS last_customer
         FROM currency c
         LEFT JOIN sample s ON s.currency_code = c.currency_code AND s.n = :top
         -- the last customer sampled, in the index's order: the candidates after it are summed below
         LEFT JOIN LATERAL (SELECT x.balance, x.customer_id FROM sample x WHERE x.currency_code = c.currency_code
                             ORDER BY x.balance, x.customer_id DESC LIMIT 1) l ON true
        WHERE :top > 0
     ),
     candidate AS (
       -- the sampled customers at or above the floor keep the overdue part summed for the sample
       SELECT s.currency_code, s.customer_id, s.oldest_due_day, s.amount, s.count
         FROM sample s JOIN overdue_floor f ON f.currency_code = s.currency_code
        WHERE s.balance >= f.amount
       UNION ALL
       SELECT a.currency_code, a.customer_id, a.oldest_due_day, o.amount, o.count
         FROM overdue_floor f
         CROSS JOIN LATERAL (
           SELECT a.currency_code, a.customer_id, a.balance, a.receivables, a.oldest_due_day, a.newest_due_day
             FROM dunning_aging_customer a
            WHERE a.currency_code = f.currency_code AND a.balance >= f.amount AND ${hasOverdue("a")}
              AND (a.balance < f.last_balance OR a.balance = f.last_balance AND a.customer_id > f.last_customer)
            ORDER BY a.balance DESC, a.customer_id) a
         CROSS JOIN LATERAL (${overdueOf("a")}) o
     ),
     ranked AS (
       SELECT currency_code, customer_id, amount, count, :today::date - oldest_due_day AS oldest,
              row_number() OVER (PARTITION BY currency_code ORDER BY amount DESC, customer_id) AS rank
         FROM candidate
     )
     SELECT 'bucket' AS kind, currency_code, width_bucket(days_overdue, :thresholds::int[]) AS bucket, NULL AS customer_id,
            sum(balance)::text AS amount, sum(receivables)::int AS count, NULL::int AS oldest, 0::bigint AS rank
       FROM day_balance
      GROUP BY currency_code, 3
     UNION ALL
     SELECT 'customer', currency_code, NULL, customer_id, amount::text, count, oldest, rank
       FROM ranked
      WHERE rank <= :top${groupPart}
      ORDER BY kind, currency_code, bucket, rank`
}
