/**
 * Seeds a year of collections history straight into PostgreSQL for the analytics benchmarks, in a few
 * set-based statements (generate_series): receivables issued over the twelve months before `now` in
 * EUR, USD and GBP, their ledger (payments early and late, partial payments, refunds), voids and
 * write-offs, the notices dunning would have sent (due day, +5 days, a repeat at +12) with their
 * "Claim for Non-Payment" events, promises to pay and disputes.
 *
 * Fates by a hash of the row number: 3% void, 2% written off after 150 days, 8% paid in two parts,
 * 2% paid then partly refunded (open again), the rest paid 5 to 75 days after issue; a payment whose date
 * is after `now` has not happened, so the recent months stay open.
 */
import type { Knex } from "knex"

export type SeedBatch = {
  /** Row numbers `first..last` of this batch; ids are `<prefix>_<n>`. */
  prefix: string
  count: number
  /** Every receivable of the batch goes to this customer, or spread over `cus_bench_1..customers`. */
  customer_id?: string
  customers?: number
}

const u = (salt: number) => `((hashint8(g::bigint * 1000003 + ${salt}) & 2147483647) % 1000000) / 1000000.0`

export async function seedReceivables(knex: Knex, now: Date, batch: SeedBatch): Promise<void> {
  const customer = batch.customer_id
    ? `'${batch.customer_id}'`
    : `'cus_bench_' || (1 + (hashint8(g::bigint * 7 + 1) & 2147483647) % ${batch.customers ?? 100_000})`
  await knex.raw(
    `WITH shaped AS (
       SELECT g, '${batch.prefix}_' || lpad(g::text, 8, '0') AS id, ${customer} AS customer_id,
              CASE WHEN ${u(2)} < 0.80 THEN 'eur' WHEN ${u(2)} < 0.95 THEN 'usd' ELSE 'gbp' END AS currency_code,
              round((50 + ${u(3)} * 4950)::numeric, 2) AS amount,
              date_trunc('minute', :now::timestamptz - ${u(4)} * interval '365 days') AS issued_at,
              CASE WHEN ${u(5)} < 0.03 THEN 'void' WHEN ${u(5)} < 0.05 THEN 'write_off' WHEN ${u(5)} < 0.13 THEN 'partial'
                   WHEN ${u(5)} < 0.15 THEN 'refund' ELSE 'full' END AS fate,
              ${u(6)} AS u_pay, ${u(7)} AS u_next
         FROM generate_series(1, :count) g
     ),
     planned AS (
       SELECT s.*, s.issued_at + interval '30 days' AS due_at,
              CASE s.fate WHEN 'partial' THEN s.issued_at + interval '15 days'
                          WHEN 'refund' THEN s.issued_at + interval '25 days'
                          WHEN 'write_off' THEN s.issued_at + interval '40 days'
                          WHEN 'full' THEN s.issued_at + (5 + s.u_pay * 70) * interval '1 day' END AS p1_at,
              CASE s.fate WHEN 'partial' THEN round(s.amount * 0.4, 2) WHEN 'write_off' THEN round(s.amount * 0.2, 2)
                          ELSE s.amount END AS p1_amount,
              CASE s.fate WHEN 'partial' THEN s.issued_at + (30 + s.u_pay * 60) * interval '1 day'
                          WHEN 'refund' THEN s.issued_at + interval '32 days' END AS p2_at,
              CASE s.fate WHEN 'partial' THEN s.amount - round(s.amount * 0.4, 2)
                          WHEN 'refund' THEN round(s.amount * 0.2, 2) END AS p2_amount,
              CASE s.fate WHEN 'refund' THEN 'refund' ELSE 'payment' END AS p2_kind
         FROM shaped s
     ),
     happened AS (
       SELECT p.*, coalesce(p.p1_at <= :now, false) AS p1_done, coalesce(p.p2_at <= :now, false) AS p2_done
         FROM planned p
     ),
     balanced AS (
       SELECT h.*,
              CASE WHEN h.p1_done THEN h.p1_amount ELSE 0 END
                + CASE WHEN h.p2_done THEN CASE WHEN h.p2_kind = 'refund' THEN -h.p2_amount ELSE h.p2_amount END ELSE 0 END
                AS amount_paid
         FROM happened h
     ),
     final AS MATERIALIZED (
       SELECT b.*,
              CASE WHEN b.fate = 'void' THEN 'void'
                   WHEN b.fate = 'write_off' AND b.issued_at + interval '150 days' <= :now THEN 'written_off'
                   WHEN b.amount_paid >= b.amount THEN 'paid' ELSE 'open' END AS status
         FROM balanced b
     ),
     receivables AS (
       INSERT INTO dunning_receivable (id, customer_id, number, source, external_ref, currency_code, amount, raw_amount,
           amount_paid, raw_amount_paid, issued_at, due_at, status, paid_at, closed_at, next_action_at, notices_sent)
       SELECT f.id, f.customer_id, 'B-' || f.id, 'bench', f.id, f.currency_code, f.amount,
              jsonb_build_object('value', f.amount::text, 'precision', 20),
              f.amount_paid, jsonb_build_object('value', f.amount_paid::text, 'precision', 20),
              f.issued_at, f.due_at, f.status,
              CASE WHEN f.status = 'paid' THEN CASE WHEN f.p2_done AND f.p2_kind = 'payment' THEN f.p2_at ELSE f.p1_at END END,
              CASE f.status WHEN 'void' THEN least(f.issued_at + interval '5 days', :now::timestamptz)
                            WHEN 'written_off' THEN f.issued_at + interval '150 days'
                            WHEN 'paid' THEN CASE WHEN f.p2_done AND f.p2_kind = 'payment' THEN f.p2_at ELSE f.p1_at END END,
              CASE WHEN f.status = 'open' THEN :now::timestamptz + f.u_next * interval '7 days' END,
              0
         FROM final f
       RETURNING 1
     ),
     first_payments AS (
       INSERT INTO dunning_receivable_payment (id, receivable_id, kind, amount, raw_amount, currency_code, paid_at, source, external_ref)
       SELECT 'rcvpay_' || f.id || '_1', f.id, 'payment', f.p1_amount, jsonb_build_object('value', f.p1_amount::text, 'precision', 20),
              f.currency_code, f.p1_at, 'bench', f.id || ':1'
         FROM final f WHERE f.p1_done
       RETURNING 1
     ),
     second_payments AS (
       INSERT INTO dunning_receivable_payment (id, receivable_id, kind, amount, raw_amount, currency_code, paid_at, source, external_ref)
       SELECT 'rcvpay_' || f.id || '_2', f.id, f.p2_kind, f.p2_amount, jsonb_build_object('value', f.p2_amount::text, 'precision', 20),
              f.currency_code, f.p2_at, 'bench', f.id || ':2'
         FROM final f WHERE f.p2_done
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM receivables) AS receivables, (SELECT count(*) FROM first_payments) AS first_payments,
            (SELECT count(*) FROM second_payments) AS second_payments`,
    { now, count: batch.count }
  )
}

export type BenchStages = { due: { id: string; name: string }; overdue: { id: string; name: string } }

/**
 * The notices dunning would have sent for receivables whose id starts with `prefix`: on the due day for
 * one in three, at +5 days for every one still unpaid then, and again at +12; 95% sent, 3% failed, 2%
 * cancelled. Each sent notice has its "Claim for Non-Payment" event; 3% of the overdue receivables got a
 * promise to pay (8 days after due, for a week later) and 0.5% a dispute.
 */
export async function seedNoticesAndEvents(knex: Knex, now: Date, prefix: string, stages: BenchStages): Promise<void> {
  await knex.raw(
    `WITH reminded AS MATERIALIZED (
       SELECT r.id, r.customer_id, r.number, r.currency_code, r.amount, r.issued_at, r.due_at, s.stage_id, s.stage_name,
              s.offset_days, r.due_at + s.offset_days * interval '1 day' AS at,
              ((hashint8((hashtext(r.id) & 2147483647)::bigint + s.offset_days) & 2147483647) % 100) AS roll
         FROM dunning_receivable r
         CROSS JOIN (VALUES (:due_id, :due_name, 0), (:overdue_id, :overdue_name, 5), (:overdue_id, :overdue_name, 12))
              AS s(stage_id, stage_name, offset_days)
        WHERE r.id LIKE :prefix AND r.status <> 'void'
          AND r.due_at + s.offset_days * interval '1 day' <= :now
          AND (r.paid_at IS NULL OR r.paid_at > r.due_at + s.offset_days * interval '1 day')
          AND (s.offset_days > 0 OR (hashtext(r.id) & 2147483647) % 3 = 0)
     ),
     notices AS (
       INSERT INTO dunning_notice (id, customer_id, stage_id, stage_name, stage_offset_days, tone, channel, recipients,
           receivable_ids, due_receivable_ids, lines, totals, status, attempts, scheduled_for, next_attempt_at, sent_at,
           failed_at, cancelled_at, idempotency_key)
       SELECT 'dntc_' || m.id || '_' || m.offset_days, m.customer_id, m.stage_id, m.stage_name, m.offset_days, 'neutral',
              CASE WHEN m.roll = 0 THEN 'webhook' ELSE 'email' END,
              '{"to":["ap@bench.test"],"cc":[],"bcc":[],"reply_to":null}'::jsonb,
              jsonb_build_array(m.id), jsonb_build_array(m.id),
              jsonb_build_array(jsonb_build_object('id', m.id, 'number', m.number, 'currency_code', m.currency_code,
                'amount', m.amount::text, 'amount_paid', '0', 'outstanding', m.amount::text,
                'issued_at', m.issued_at, 'due_at', m.due_at, 'days_overdue', m.offset_days)),
              jsonb_build_array(jsonb_build_object('currency_code', m.currency_code, 'outstanding', m.amount::text, 'count', 1)),
              CASE WHEN m.roll < 95 THEN 'sent' WHEN m.roll < 98 THEN 'failed' ELSE 'cancelled' END,
              1, m.at, NULL,
              CASE WHEN m.roll < 95 THEN m.at END, CASE WHEN m.roll BETWEEN 95 AND 97 THEN m.at END,
              CASE WHEN m.roll >= 98 THEN m.at END,
              'bench:' || m.id || ':' || m.offset_days
         FROM reminded m
       RETURNING id, customer_id, receivable_ids, sent_at
     ),
     claims AS (
       INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, author_type, occurred_at,
           follow_up_status)
       SELECT 'cevt_' || n.id, n.customer_id, 'claim_for_non_payment', 'Claim for Non-Payment', n.receivable_ids, n.id,
              'system', n.sent_at, 'done'
         FROM notices n WHERE n.sent_at IS NOT NULL
       RETURNING 1
     ),
     chased AS (
       SELECT DISTINCT id, customer_id, due_at, (hashtext(id || ':promise') & 2147483647) % 1000 AS roll
         FROM reminded WHERE offset_days = 5
     ),
     promises AS (
       INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, author_type, occurred_at,
           promised_date)
       SELECT 'cevt_ptp_' || c.id, c.customer_id, 'promise_to_pay', 'Promise to pay', jsonb_build_array(c.id), 'user',
              c.due_at + interval '8 days', date_trunc('day', c.due_at + interval '15 days')
         FROM chased c WHERE c.roll < 30 AND c.due_at + interval '8 days' <= :now
       RETURNING 1
     ),
     disputes AS (
       INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, note, author_type, occurred_at)
       SELECT 'cevt_dsp_' || c.id, c.customer_id, 'dispute_opened', 'Dispute opened', jsonb_build_array(c.id), 'bench', 'user',
              c.due_at + interval '10 days'
         FROM chased c WHERE c.roll >= 995 AND c.due_at + interval '10 days' <= :now
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM notices) AS notices, (SELECT count(*) FROM claims) AS claims,
            (SELECT count(*) FROM promises) AS promises, (SELECT count(*) FROM disputes) AS disputes`,
    {
      now,
      prefix: `${prefix}\\_%`,
      due_id: stages.due.id,
      due_name: stages.due.name,
      overdue_id: stages.overdue.id,
      overdue_name: stages.overdue.name,
    }
  )
}

export async function seedCustomers(knex: Knex, count: number, extra: string[] = []): Promise<void> {
  await knex.raw(`DELETE FROM customer WHERE id LIKE 'cus\\_bench\\_%'`)
  await knex.raw(
    `INSERT INTO customer (id, email, company_name, first_name, last_name)
     SELECT 'cus_bench_' || g, 'ap' || g || '@bench.test', 'Company ' || g, 'Pat', 'Buyer' FROM generate_series(1, :count) g`,
    { count }
  )
  for (const id of extra) {
    await knex.raw(
      `INSERT INTO customer (id, email, company_name, first_name, last_name) VALUES (:id, :email, 'Big Buyer Ltd', 'Robin', 'Big')`,
      { id, email: `${id}@bench.test` }
    )
  }
}

/**
 * Customer groups of the benchmark's customers, as Medusa's customer module stores them: one customer in
 * `every` for each entry of `groups` (name → every). Returns each group's member ids.
 */
export async function seedGroups(knex: Knex, customers: number, groups: Record<string, number>): Promise<Record<string, string[]>> {
  await knex.raw(`DELETE FROM customer_group WHERE id LIKE 'cusgroup\\_bench\\_%'`)
  const members: Record<string, string[]> = {}
  for (const [name, every] of Object.entries(groups)) {
    const id = `cusgroup_bench_${name}`
    await knex.raw(`INSERT INTO customer_group (id, name) VALUES (:id, :name)`, { id, name: `Bench ${name}` })
    const { rows } = await knex.raw(
      `INSERT INTO customer_group_customer (id, customer_id, customer_group_id)
       SELECT :id || '_' || g, 'cus_bench_' || g, :id FROM generate_series(:every::int, :customers::int, :every::int) g
       RETURNING customer_id`,
      { id, every, customers }
    )
    members[name] = rows.map((r: { customer_id: string }) => r.customer_id)
  }
  return members
}

export async function truncateHistory(knex: Knex): Promise<void> {
  await knex.raw(
    `TRUNCATE dunning_notice, dunning_collection_event, dunning_receivable_payment, dunning_receivable, dunning_run CASCADE`
  )
}

/**
 * A split on the overdue stage since `since`, as a merchant's test of a second wording: the lines of its notices
 * sent since then get variant A or B by a hash of the customer (half each), the others none. Written on the
 * lines directly (the notices' trigger would rewrite every line); returns how many lines changed.
 */
export async function markVariants(knex: Knex, stageId: string, since: Date): Promise<number> {
  const cleared = await knex.raw(
    `UPDATE dunning_notice_line SET template_variant = NULL WHERE stage_key = ? AND sent_at < ? AND template_variant IS NOT NULL`,
    [stageId, since]
  )
  const marked = await knex.raw(
    `UPDATE dunning_notice_line SET template_variant = CASE WHEN hashtext(customer_id) & 1 = 0 THEN 'A' ELSE 'B' END
      WHERE stage_key = ? AND sent_at >= ? AND template_variant IS NULL`,
    [stageId, since]
  )
  const changed = (cleared.rowCount ?? 0) + (marked.rowCount ?? 0)
  if (changed) {
    await knex.raw(`VACUUM ANALYZE dunning_notice_line`)
  }
  return changed
}

export async function stagesOf(knex: Knex): Promise<BenchStages> {
  const { rows } = await knex.raw(
    `SELECT s.id, s.name, s.offset_days FROM dunning_stage s JOIN dunning_policy p ON p.id = s.policy_id
      WHERE p.is_default AND s.deleted_at IS NULL ORDER BY s.offset_days`
  )
  const due = rows.find((s: any) => s.offset_days === 0)
  const overdue = rows.find((s: any) => s.offset_days > 0)
  return { due: { id: due.id, name: due.name }, overdue: { id: overdue.id, name: overdue.name } }
}

export async function tableSizes(knex: Knex) {
  const { rows } = await knex.raw(
    `SELECT relname AS table, n_live_tup AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
       FROM pg_stat_user_tables
      WHERE relname IN ('dunning_receivable', 'dunning_receivable_payment', 'dunning_notice', 'dunning_notice_line', 'dunning_collection_event')
      ORDER BY relname`
  )
  return rows
}
