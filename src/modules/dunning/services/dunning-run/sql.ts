/**
 * The statements of the dunning run, in the order a batch runs them, then the run's bookkeeping.
 * Sets of ids travel as one `text[]` parameter and batches of rows as one `jsonb` parameter (see `../../sql`).
 */

/** Every open receivable of the customers in a text[] ("send the next reminder now"); returns id, customer and next action. */
export const OPEN_RECEIVABLES_OF_CUSTOMERS = `
  SELECT id, customer_id, next_action_at FROM dunning_receivable
   WHERE status = 'open' AND deleted_at IS NULL AND customer_id = ANY(?::text[])
   ORDER BY id`

/**
 * Up to a limit of receivables whose next action has come, oldest first, through the partial index on
 * `next_action_at`, with the optional conditions appended (`extra`); returns id, customer and next action.
 */
export const DUE_RECEIVABLES = (extra: string) => `
  SELECT id, customer_id, next_action_at FROM dunning_receivable
   WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL
     AND next_action_at <= ?${extra}
   ORDER BY next_action_at, id
   LIMIT ?`

/** Condition of `DUE_RECEIVABLES`: none of the customers in a text[] (found busy earlier in the run). */
export const NOT_THESE_CUSTOMERS = " AND customer_id <> ALL(?::text[])"
/** Condition of `DUE_RECEIVABLES`: this lane's share of the customers (lane count, lane index). */
export const IN_LANE = " AND (hashtext(customer_id) & 2147483647) % ? = ?"
/** Condition of `DUE_RECEIVABLES`: after a position in the scan's order (a preview's next page). */
export const AFTER_POSITION = " AND (next_action_at, id) > (?, ?)"

/** Takes each customer of a text[] with a transaction advisory lock, without waiting; returns the customers taken. */
export const TAKE_CUSTOMERS = `
  SELECT c FROM unnest(?::text[]) AS c WHERE pg_try_advisory_xact_lock(hashtextextended('dunning-customer:' || c, 0))`

// instants come back as epoch milliseconds: turning thousands of timestamp strings into dates in
// JavaScript costs more than the query
const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`

const DECISION_COLUMNS = `id, customer_id, number, currency_code, amount, amount_paid, ${epoch("issued_at")}, ${epoch("due_at")},
  stage, notices_sent, ${epoch("last_notice_at")}, ${epoch("hold_until")}, hold_reason, ${epoch("escalated_at")}`

/**
 * The open receivables with something left to pay of the customers in a text[]; with `dueOrOverdue`, only
 * those whose next action has come or that are overdue (two instants follow). A decision involves nothing
 * else: an invoice due next month is neither, so a customer's open balance does not drive the cost; an
 * invoice whose terms have not started (no due date) is never part of one.
 */
const WANTED = (dueOrOverdue: boolean) => `
  SELECT id, customer_id FROM dunning_receivable
   WHERE customer_id = ANY(?::text[]) AND status = 'open' AND deleted_at IS NULL AND amount > amount_paid
         AND due_at IS NOT NULL
         ${dueOrOverdue ? "AND (next_action_at <= ? OR due_at < ?)" : ""}`

/** `WANTED` without locks (a preview); returns the decision columns, by id. */
export const READ_CUSTOMER_RECEIVABLES = (dueOrOverdue: boolean) => `
  SELECT ${DECISION_COLUMNS} FROM dunning_receivable WHERE id IN (SELECT id FROM (${WANTED(dueOrOverdue)}) w) ORDER BY id`

/**
 * `WANTED`, locking what it can without waiting; returns the decision columns of the rows it locked, by id,
 * each with how many rows its customer wanted (fewer locked than wanted: the customer is busy elsewhere).
 */
export const LOCK_CUSTOMER_RECEIVABLES = (dueOrOverdue: boolean) => `
  WITH wanted AS MATERIALIZED (${WANTED(dueOrOverdue)}),
       locked AS (SELECT ${DECISION_COLUMNS} FROM dunning_receivable WHERE id IN (SELECT id FROM wanted) FOR UPDATE SKIP LOCKED),
       per_customer AS (SELECT customer_id, count(*)::int AS wanted FROM wanted GROUP BY customer_id)
  SELECT locked.*, per_customer.wanted FROM locked JOIN per_customer USING (customer_id) ORDER BY locked.id`

/**
 * The reminders (scheduled or sent) of the customers in a text[] since an instant; returns customer and when
 * scheduled. Invoice e-mails are not reminders: the contact cap does not count them.
 */
export const RECENT_CONTACTS = `
  SELECT customer_id, scheduled_for FROM dunning_notice
   WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL AND kind = 'reminder'
     AND status IN ('scheduled', 'sent') AND scheduled_for > ?`

/**
 * Writes a batch in one statement (three jsonb row sets and "tomorrow"): the notices, skipping those whose
 * idempotency key exists; the events that go with a notice really inserted (or with none); the receivables'
 * new states, kept as they were (next action tomorrow) for a notice that turned out to exist already.
 * Returns the ids of the notices inserted.
 */
export const WRITE_BATCH = `
  WITH n AS (
    INSERT INTO dunning_notice (id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel,
        recipients, receivable_ids, due_receivable_ids, lines, totals, language, scheduled_for, next_attempt_at,
        idempotency_key, run_id, on_request, status, attempts)
    SELECT id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel,
           recipients, receivable_ids, due_receivable_ids, lines, totals, language, scheduled_for, next_attempt_at,
           idempotency_key, run_id, on_request, 'scheduled', 0
      FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, policy_id text, stage_id text,
           stage_name text, stage_offset_days integer, tone text, channel text, recipients jsonb,
           receivable_ids jsonb, due_receivable_ids jsonb, lines jsonb, totals jsonb, language text,
           scheduled_for timestamptz, next_attempt_at timestamptz, idempotency_key text, run_id text, on_request jsonb)
    ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id),
  e AS (
    INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, note, author_type,
        occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key)
    SELECT id, customer_id, type, title, receivable_ids, notice_id, note, 'system',
           occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key
      FROM jsonb_to_recordset(?::jsonb) AS x(id text, customer_id text, type text, title text,
           receivable_ids jsonb, notice_id text, note text, occurred_at timestamptz, follow_up_status text,
           assigned_to text, follow_up_due_at timestamptz, idempotency_key text)
     WHERE x.notice_id IS NULL OR x.notice_id IN (SELECT id FROM n)
    ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL DO NOTHING
    RETURNING 1),
  v AS (
    SELECT x.*, (x.notice_id IS NOT NULL AND x.notice_id NOT IN (SELECT id FROM n)) AS duplicate
      FROM jsonb_to_recordset(?::jsonb) AS x(id text, keep boolean, notice_id text, stage text,
           notices_sent integer, last_notice_at timestamptz, next_action_at timestamptz, hold_until timestamptz,
           hold_reason text, escalated_at timestamptz)),
  u AS (
    UPDATE dunning_receivable AS r
       SET stage = CASE WHEN v.keep OR v.duplicate THEN r.stage ELSE v.stage END,
           notices_sent = CASE WHEN v.keep OR v.duplicate THEN r.notices_sent ELSE v.notices_sent END,
           last_notice_at = CASE WHEN v.keep OR v.duplicate THEN r.last_notice_at ELSE v.last_notice_at END,
           next_action_at = CASE WHEN v.duplicate THEN ?::timestamptz ELSE v.next_action_at END,
           hold_until = CASE WHEN v.keep OR v.duplicate THEN r.hold_until ELSE v.hold_until END,
           hold_reason = CASE WHEN v.keep OR v.duplicate THEN r.hold_reason ELSE v.hold_reason END,
           escalated_at = CASE WHEN v.keep OR v.duplicate THEN r.escalated_at ELSE v.escalated_at END,
           updated_at = now()
      FROM v
     WHERE r.id = v.id
    RETURNING 1)
  SELECT id FROM n`

/** Writes a running run's progress counters (and its sign of life); returns nothing. */
export const RECORD_RUN_PROGRESS = `
  UPDATE dunning_run SET batches = ?, customers_seen = ?, receivables_seen = ?, notices_created = ?,
         escalations_created = ?, updated_at = now()
   WHERE id = ? AND status = 'running'`

/** Marks failed the runs still running whose last sign of life is before an instant; returns their ids. */
export const CLOSE_ABANDONED_RUNS = `
  UPDATE dunning_run
     SET status = 'failed', finished_at = now(), updated_at = now(),
         error = 'the run stopped without finishing (its server process ended); the batches it had not recorded stayed due and were left to the next run'
   WHERE status = 'running' AND deleted_at IS NULL AND updated_at < ?
   RETURNING id`

/**
 * Orders of open receivables in a scheduled notice, and of those whose next action comes before an
 * instant (each part up to a limit); returns the order ids.
 */
export const ORDERS_ABOUT_TO_BE_CHASED = `
  (SELECT r.order_id FROM dunning_notice n
     JOIN dunning_receivable r ON r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids))
    WHERE n.status = 'scheduled' AND n.deleted_at IS NULL AND r.status = 'open' AND r.order_id IS NOT NULL
    LIMIT ?)
  UNION
  (SELECT order_id FROM dunning_receivable
    WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL AND next_action_at <= ?
      AND order_id IS NOT NULL
    ORDER BY next_action_at LIMIT ?)`

/** The collection profiles of the customers in a text[]; returns what the run and delivery read of them. */
export const COLLECTION_PROFILES = `
  SELECT customer_id, billing_emails, do_not_dun, rep_user_id, preferred_language, policy_id, email_failed_at, email_failure
    FROM dunning_collection_profile WHERE customer_id = ANY(?::text[]) AND deleted_at IS NULL`
