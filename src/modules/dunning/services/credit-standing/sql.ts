/**
 * The SQL of credit holds, each statement named with what it returns.
 */

/**
 * Takes each customer of a text[] with a transaction advisory lock, waiting for it, in id order (so two
 * callers never wait on each other in a circle); returns one row per customer. Its key is not the dunning
 * run's: a run's batch and a hold's re-evaluation do not wait on each other.
 */
export const LOCK_CUSTOMERS = `
  SELECT pg_advisory_xact_lock(hashtextextended('dunning-credit-hold:' || c, 0))
    FROM (SELECT DISTINCT c FROM unnest(?::text[]) AS c ORDER BY c) AS customers`

/**
 * The customers' open receivables that anything is still owed on and that the rules can count (overdue
 * at `?`, or at a stage); returns what the rules read of each.
 */
export const OPEN_INVOICES = `
  SELECT id, customer_id, currency_code, (amount - amount_paid)::text AS outstanding, due_at, stage
    FROM dunning_receivable
   WHERE customer_id = ANY(?::text[]) AND status = 'open' AND deleted_at IS NULL AND amount > amount_paid
     AND (due_at < ?::timestamptz OR stage IS NOT NULL)
   ORDER BY customer_id, due_at NULLS LAST, id`

/**
 * The customers any policy's rules may hold: an unpaid invoice at one of the stages in `?` (text[]), or due
 * before `?` (null: no days rule), or an overdue total in a currency above the lowest limit any policy sets
 * for it (`?`, a jsonb array of { currency_code, amount }, given twice). Loose on purpose: each customer's
 * own policy decides. Returns customer ids.
 */
export const RULE_CANDIDATES = `
  SELECT DISTINCT r.customer_id FROM dunning_receivable r
   WHERE r.status = 'open' AND r.deleted_at IS NULL AND r.amount > r.amount_paid
     AND (r.stage = ANY(?::text[]) OR r.due_at < ?::timestamptz)
  UNION
  SELECT o.customer_id FROM (
      SELECT r.customer_id, r.currency_code, SUM(r.amount - r.amount_paid) AS overdue
        FROM dunning_receivable r
       WHERE r.status = 'open' AND r.deleted_at IS NULL AND r.due_at < ?::timestamptz
         AND r.currency_code IN (SELECT l.currency_code FROM jsonb_to_recordset(?::jsonb) AS l(currency_code text, amount numeric))
       GROUP BY r.customer_id, r.currency_code) o
    JOIN jsonb_to_recordset(?::jsonb) AS l(currency_code text, amount numeric)
      ON l.currency_code = o.currency_code AND o.overdue > l.amount`

/** The customers with an automatic hold in force or a waiver (through their partial index); returns customer ids. */
export const WATCHED_CUSTOMERS = `
  SELECT DISTINCT customer_id FROM dunning_credit_hold
   WHERE deleted_at IS NULL AND ((released_at IS NULL AND source <> 'manual') OR waiver_active = true)`
