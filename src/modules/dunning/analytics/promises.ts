import type { PromiseCounts } from "./types"

/**
 * Whether promises to pay were kept. A promise covers the receivables it names, or else every receivable
 * of the customer that was outstanding when it was made (issued by then, not settled, voided or written
 * off before it); with a promised currency, only receivables in that currency. Its deadline is the end
 * of the day after the promised date (`promised_date` + 2 days, the moment the promise's hold ends).
 * - with a promised amount: kept when the payments booked on the covered receivables between the promise
 *   and the deadline (refunds subtracted) reach the amount;
 * - without one: kept when every covered receivable is paid (or voided) before the deadline;
 * - otherwise broken once the deadline has passed, and open until then.
 * A promise covering receivables in several currencies is judged in each currency on its own.
 */
export const PROMISE_GRACE = "2 days"

/**
 * The CTEs `promise`, `promise_covered`, `promise_paid` and `promise_outcome` (one row per promise and
 * currency: id, customer_id, currency_code, deadline, kept) for promises made in
 * `[:period_from, :period_to)` that satisfy `eventScope` (conditions on `e`), as of `:as_of`.
 */
export function promiseOutcomeCtes(eventScope: string): string {
  return `promise AS (
       SELECT e.id, e.customer_id, e.occurred_at, e.promised_date + interval '${PROMISE_GRACE}' AS deadline,
              e.promised_amount, e.promised_currency_code,
              CASE WHEN jsonb_typeof(e.receivable_ids) = 'array' AND jsonb_array_length(e.receivable_ids) > 0
                   THEN e.receivable_ids END AS listed
         FROM dunning_collection_event e
        WHERE e.type = 'promise_to_pay' AND e.deleted_at IS NULL AND e.promised_date IS NOT NULL
          AND e.occurred_at >= :period_from AND e.occurred_at < :period_to${eventScope}
     ),
     promise_covered AS (
       SELECT p.id AS promise_id, r.id AS receivable_id, r.currency_code, r.status, r.paid_at
         FROM promise p
         CROSS JOIN LATERAL jsonb_array_elements_text(p.listed) AS listed(id)
         -- one primary-key lookup per named receivable, however many receivables there are
         CROSS JOIN LATERAL (SELECT r.id, r.currency_code, r.status, r.paid_at FROM dunning_receivable r
                              WHERE r.id = listed.id AND r.deleted_at IS NULL LIMIT 1) r
        WHERE p.promised_currency_code IS NULL OR r.currency_code = p.promised_currency_code
       UNION ALL
       SELECT p.id, r.id, r.currency_code, r.status, r.paid_at
         FROM promise p
         JOIN dunning_receivable r ON r.customer_id = p.customer_id AND r.deleted_at IS NULL
        WHERE p.listed IS NULL
          AND (p.promised_currency_code IS NULL OR r.currency_code = p.promised_currency_code)
          AND r.issued_at <= p.occurred_at
          AND NOT (r.status = 'paid' AND r.paid_at <= p.occurred_at)
          AND NOT (r.status IN ('void', 'written_off') AND coalesce(r.closed_at, r.issued_at) <= p.occurred_at)
     ),
     -- computed once: with few promises in scope the planner may otherwise re-run it for every promise
     promise_paid AS MATERIALIZED (
       SELECT c.promise_id, c.currency_code,
              sum(CASE WHEN l.kind = 'refund' THEN -l.amount ELSE l.amount END) AS paid
         FROM promise_covered c
         JOIN promise p ON p.id = c.promise_id
         JOIN dunning_receivable_payment l ON l.receivable_id = c.receivable_id AND l.deleted_at IS NULL
        WHERE l.paid_at >= p.occurred_at AND l.paid_at < p.deadline AND l.paid_at <= :as_of
        GROUP BY c.promise_id, c.currency_code
     ),
     promise_settled AS (
       SELECT p.id, coalesce(c.currency_code, p.promised_currency_code) AS currency_code,
              bool_and(c.receivable_id IS NULL OR c.status = 'void'
                       OR (c.status = 'paid' AND c.paid_at < p.deadline AND c.paid_at <= :as_of)) AS settled
         FROM promise p
         LEFT JOIN promise_covered c ON c.promise_id = p.id
        GROUP BY p.id, 2
     ),
     promise_outcome AS (
       SELECT p.id, p.customer_id, s.currency_code, p.deadline,
              CASE WHEN p.promised_amount IS NOT NULL THEN coalesce(pp.paid, 0) >= p.promised_amount
                   ELSE s.settled END AS kept
         FROM promise_settled s
         JOIN promise p ON p.id = s.id
         LEFT JOIN promise_paid pp ON pp.promise_id = s.id AND pp.currency_code IS NOT DISTINCT FROM s.currency_code
     )`
}

export type PromiseOutcomeRow = { id: string; currency_code: string | null; deadline: Date | string; kept: boolean }

export type PromiseState = "kept" | "broken" | "open"

export function promiseState(kept: boolean, deadline: Date | string, now: Date): PromiseState {
  if (kept) {
    return "kept"
  }
  return new Date(deadline).getTime() <= now.getTime() ? "broken" : "open"
}

export function emptyPromiseCounts(): PromiseCounts {
  return { made: 0, kept: 0, broken: 0, open: 0 }
}

/** Counts per promise: kept only if kept in every currency it covers, broken if broken in any. */
export function countPromises(rows: PromiseOutcomeRow[], now: Date): PromiseCounts {
  const byPromise = new Map<string, PromiseState[]>()
  for (const row of rows) {
    const states = byPromise.get(row.id) ?? []
    states.push(promiseState(row.kept, row.deadline, now))
    byPromise.set(row.id, states)
  }
  const counts = emptyPromiseCounts()
  for (const states of byPromise.values()) {
    counts.made += 1
    if (states.every((s) => s === "kept")) {
      counts.kept += 1
    } else if (states.includes("broken")) {
      counts.broken += 1
    } else {
      counts.open += 1
    }
  }
  return counts
}
