/**
 * The statements of the risk score's writes (the facts it reads are in `facts.ts`).
 */

/** The last customer id of the next batch: up to `?` customers with receivables after `?` in id order; null at the end. */
export const NEXT_BATCH = `
  SELECT max(customer_id) AS last FROM (
    SELECT DISTINCT customer_id FROM dunning_receivable
     WHERE deleted_at IS NULL AND customer_id > ?
     ORDER BY customer_id LIMIT ?) batch`

/** Settings for the facts statement: JIT compiling would cost more than it runs; the aggregates need memory. */
export const RISK_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"

/**
 * Locks, in customer order, the stored scores of the customers about to be written (`[{customer_id, band}]`
 * as jsonb), so that two computations of one customer record a change of band once; returns those whose band
 * changes, with what was stored.
 */
export const LOCK_STORED_SCORES = `
  WITH stored AS MATERIALIZED (
    SELECT k.customer_id, k.band, k.score, k.factors, i.band AS next_band
      FROM dunning_customer_risk k
      JOIN jsonb_to_recordset(?::jsonb) AS i(customer_id text, band text) ON i.customer_id = k.customer_id
     WHERE k.deleted_at IS NULL
     ORDER BY k.customer_id
       FOR UPDATE OF k)
  SELECT customer_id, band, score, factors FROM stored WHERE band <> next_band`

/**
 * Writes the new scores (jsonb rows: id, customer_id, score, band, factors, settled_invoices) computed at `?`,
 * keeping `band_since` while the band stays, and the changes of band (jsonb rows) at that moment; returns how
 * many of each were written.
 */
export const WRITE_SCORES = `
  WITH written AS (
    INSERT INTO dunning_customer_risk (id, customer_id, score, band, factors, settled_invoices, band_since, computed_at)
    SELECT x.id, x.customer_id, x.score, x.band, x.factors, x.settled_invoices, ?::timestamptz, ?::timestamptz
      FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, score int, band text, factors jsonb, settled_invoices int)
     ORDER BY x.customer_id
    ON CONFLICT (customer_id) WHERE deleted_at IS NULL DO UPDATE
       SET score = EXCLUDED.score, band = EXCLUDED.band, factors = EXCLUDED.factors, settled_invoices = EXCLUDED.settled_invoices,
           band_since = CASE WHEN dunning_customer_risk.band = EXCLUDED.band THEN dunning_customer_risk.band_since ELSE EXCLUDED.band_since END,
           computed_at = EXCLUDED.computed_at, updated_at = now()
    RETURNING 1
  ),
  recorded AS (
    INSERT INTO dunning_customer_risk_change (id, customer_id, from_band, to_band, from_score, to_score, factor, reason, factors, changed_at)
    SELECT c.id, c.customer_id, c.from_band, c.to_band, c.from_score, c.to_score, c.factor, c.reason, c.factors, ?::timestamptz
      FROM jsonb_to_recordset(?::jsonb)
        AS c(id text, customer_id text, from_band text, to_band text, from_score int, to_score int, factor text, reason text, factors jsonb)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM recorded)::int AS recorded`
