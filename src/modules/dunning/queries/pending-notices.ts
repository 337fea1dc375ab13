import { dayToIsoDate, localDay } from "../domain/calendar"
import type { Bypass, NoticeDecision, PendingNotice } from "../domain/customer-decision"
import { currencyTotals, type NoticeLine } from "../domain/notice-lines"
import { jsonbRows, runSql, textArray } from "../sql"

/**
 * The notices still in flight for a batch's customers (scheduled: waiting for delivery or being retried),
 * and how the run folds what came due into them instead of creating a second notice.
 *
 * Delivery claims a notice by setting its lease (`delivery_lease_until`) and renders what the claim read;
 * a notice must therefore not change while a delivery holds it. The run locks the pending notices it may
 * fold into, in its batch transaction and without waiting: a notice that is locked elsewhere (a claim in
 * progress), or whose lease is still running, counts as being delivered, and the customer's receivables
 * are looked at again once the lease has run out. A claim that comes while the run holds the lock skips
 * the notice and finds it folded on its next tick.
 */
export type PendingNoticeRow = PendingNotice & {
  customer_id: string
  due_receivable_ids: string[]
  lines: any[]
  folds: any[]
  on_request: Record<string, unknown> | null
  scheduled_for: Date
}

const LOOK_AGAIN_AFTER_LEASE_MS = 60_000

const PENDING_COLUMNS = `id, stage_id, receivable_ids, due_receivable_ids, lines, folds, on_request, scheduled_for,
  COALESCE(extract(epoch FROM (delivery_lease_until - now())), 0)::float8 AS lease_left_seconds`

/**
 * The scheduled reminders of the customers in a text[], through the notices' customer indexes. The status
 * is compared with a value the planner does not see (a sub-select): between two analyses of the table, its
 * statistics say that almost no notice is scheduled (delivery sends them), while a large run schedules
 * thousands, and with a visible `'scheduled'` the planner would read the delivery index (every scheduled
 * notice) for each batch instead of each customer's few notices: 29 ms instead of 7 for 500 customers with
 * 30,000 notices scheduled, and growing through the run.
 */
const SCHEDULED_OF_CUSTOMERS = `
  SELECT id, customer_id FROM dunning_notice
   WHERE customer_id = ANY(?::text[]) AND status = (SELECT 'scheduled'::text) AND kind = 'reminder' AND deleted_at IS NULL`

/** The same, read without locks (a preview). */
const READ_PENDING_NOTICES = `
  SELECT ${PENDING_COLUMNS}, customer_id, true AS lockable FROM dunning_notice
   WHERE id IN (SELECT id FROM (${SCHEDULED_OF_CUSTOMERS}) s)`

/**
 * The same, each locked without waiting; the lock re-reads each row as it is now: a notice sent or
 * cancelled meanwhile is not folded into, and one locked elsewhere is not `lockable`.
 */
export const LOCK_PENDING_NOTICES = `
  WITH pending AS MATERIALIZED (${SCHEDULED_OF_CUSTOMERS}),
  locked AS (
    SELECT ${PENDING_COLUMNS} FROM dunning_notice
     WHERE id IN (SELECT id FROM pending) AND status = 'scheduled'
     ORDER BY id
     FOR UPDATE SKIP LOCKED)
  SELECT pending.id, pending.customer_id, locked.id IS NOT NULL AS lockable, locked.stage_id, locked.receivable_ids,
         locked.due_receivable_ids, locked.lines, locked.folds, locked.on_request, locked.scheduled_for,
         locked.lease_left_seconds
    FROM pending LEFT JOIN locked ON locked.id = pending.id`

export async function pendingNoticesOf(
  manager: unknown,
  input: { customer_ids: string[]; now: Date; lock: boolean }
): Promise<Map<string, PendingNoticeRow>> {
  const byCustomer = new Map<string, PendingNoticeRow>()
  if (!input.customer_ids.length) {
    return byCustomer
  }
  const rows: any[] = await runSql(manager, input.lock ? LOCK_PENDING_NOTICES : READ_PENDING_NOTICES, [textArray(input.customer_ids)])
  // a customer has one notice in flight; should there be several, the newest is the one to fold into, and
  // any of them being delivered makes the customer wait until the longest lease has run out
  const grouped = new Map<string, any[]>()
  for (const row of rows) {
    grouped.set(row.customer_id, [...(grouped.get(row.customer_id) ?? []), row])
  }
  for (const [customerId, own] of grouped) {
    own.sort((a, b) => new Date(a.scheduled_for ?? 0).getTime() - new Date(b.scheduled_for ?? 0).getTime() || (a.id < b.id ? -1 : 1))
    const leaseLeftMs = own.map((r) => Math.max(0, Number(r.lease_left_seconds ?? 0) * 1000))
    const newest = own[own.length - 1]
    byCustomer.set(customerId, {
      id: newest.id,
      customer_id: customerId,
      stage_id: newest.stage_id ?? null,
      receivable_ids: newest.receivable_ids ?? [],
      due_receivable_ids: newest.due_receivable_ids ?? [],
      lines: newest.lines ?? [],
      folds: newest.folds ?? [],
      on_request: newest.on_request ?? null,
      scheduled_for: new Date(newest.scheduled_for ?? input.now),
      in_delivery: own.some((r, i) => !r.lockable || leaseLeftMs[i] > 0),
      look_again_at: new Date(input.now.getTime() + Math.max(...leaseLeftMs) + LOOK_AGAIN_AFTER_LEASE_MS),
    })
  }
  return byCustomer
}

/** What a fold writes on the pending notice and its "Claim for Non-Payment" event. */
export type NoticeFold = {
  id: string
  stage_id: string
  stage_name: string
  stage_offset_days: number
  tone: string
  channel: string
  receivable_ids: string[]
  due_receivable_ids: string[]
  lines: unknown[]
  totals: unknown[]
  folds: unknown[]
  on_request: Record<string, unknown> | null
  /** Delivery is brought forward to this moment (a reminder an admin asked for), or left as it is. */
  attempt_by: Date | null
  /** Appended to the note of the notice's claim event. */
  note: string
}

/** Writes the folds of a batch in one statement; returns the ids of the notices it changed. */
export async function foldIntoNotices(manager: unknown, folds: NoticeFold[]): Promise<string[]> {
  if (!folds.length) {
    return []
  }
  const rows: Array<{ id: string }> = await runSql(
    manager,
    `WITH f AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(id text, stage_id text, stage_name text, stage_offset_days integer,
              tone text, channel text, receivable_ids jsonb, due_receivable_ids jsonb, lines jsonb, totals jsonb, folds jsonb,
              on_request jsonb, attempt_by timestamptz, note text)),
     n AS (
       UPDATE dunning_notice AS d
          SET stage_id = f.stage_id, stage_name = f.stage_name, stage_offset_days = f.stage_offset_days, tone = f.tone,
              channel = f.channel, receivable_ids = f.receivable_ids, due_receivable_ids = f.due_receivable_ids,
              lines = f.lines, totals = f.totals, folds = f.folds, on_request = COALESCE(f.on_request, d.on_request),
              next_attempt_at = CASE WHEN f.attempt_by IS NOT NULL AND f.attempt_by < d.next_attempt_at
                                     THEN f.attempt_by ELSE d.next_attempt_at END,
              -- a delivery whose lease ran out before it sent must not go on with what it read before the fold
              delivery_lease_until = NULL,
              updated_at = now()
         FROM f
        WHERE d.id = f.id AND d.status = 'scheduled'
       RETURNING d.id),
     e AS (
       UPDATE dunning_collection_event AS e
          SET receivable_ids = f.receivable_ids, note = concat_ws(' ', e.note, f.note), updated_at = now()
         FROM f
        WHERE e.notice_id = f.id AND e.type = 'claim_for_non_payment' AND f.id IN (SELECT id FROM n)
       RETURNING 1)
     SELECT id FROM n`,
    [jsonbRows(folds)]
  )
  return rows.map((r) => r.id)
}

/** The part of the run's view of a customer that a notice records. */
type NoticeCustomer = {
  stages: Array<{ id: string; name: string; offset_days: number; tone: string; channel: string }>
  rules: { window: { timezone: string } }
  force?: boolean
  requested_by?: { user_id: string | null; name: string | null } | null
}

export type OnRequest = { user_id: string | null; name: string | null; bypassed: Bypass[] }

/** Who asked for a reminder sent on request, and what it went past to go out now (null: not on request). */
export function onRequestOf(customer: NoticeCustomer, notice: Pick<NoticeDecision, "on_request">): OnRequest | null {
  if (!notice.on_request) {
    return null
  }
  return { user_id: customer.requested_by?.user_id ?? null, name: customer.requested_by?.name ?? null, bypassed: notice.on_request.bypassed }
}

const KEPT_FOLDS = 20

/**
 * The pending notice with what came due folded in: it covers every receivable it did and the new ones
 * (their lines as of now), moves to the decision's stage (the later of the two), and says what was added
 * when. The message itself is rendered afresh when it is delivered.
 */
export function foldOf(
  pending: PendingNoticeRow,
  notice: NoticeDecision,
  customer: NoticeCustomer,
  ctx: { now: Date; run_id: string | null; lines: NoticeLine[] }
): NoticeFold {
  const stage = customer.stages.find((s) => s.id === notice.stage.id)!
  const fresh = new Set(ctx.lines.map((l) => l.id))
  const kept = (pending.lines as NoticeLine[]).filter((l) => !fresh.has(l.id))
  const lines = [...kept, ...ctx.lines].sort((a, b) => a.due_at.localeCompare(b.due_at) || a.number.localeCompare(b.number))
  const before = new Set(pending.receivable_ids)
  const added = ctx.lines.map((l) => l.id).filter((id) => !before.has(id))
  const onRequest = onRequestOf(customer, notice)
  const day = dayToIsoDate(localDay(ctx.now, customer.rules.window.timezone))
  const changes = [
    `${notice.due_ids.length} invoice${notice.due_ids.length === 1 ? "" : "s"} came due again`,
    ...(added.length ? [`${added.length} added`] : []),
    ...(stage.id !== pending.stage_id ? [`now "${stage.name}"`] : []),
    ...(onRequest ? [`sent on request by ${onRequest.name?.trim() || "an admin"}`] : []),
  ]
  return {
    id: pending.id,
    stage_id: stage.id,
    stage_name: stage.name,
    stage_offset_days: stage.offset_days,
    tone: stage.tone,
    channel: stage.channel,
    receivable_ids: lines.map((l) => l.id),
    due_receivable_ids: [...new Set([...pending.due_receivable_ids, ...notice.due_ids])],
    lines,
    totals: currencyTotals(lines),
    folds: [
      ...pending.folds,
      { at: ctx.now.toISOString(), run_id: ctx.run_id, stage_id: stage.id, stage_name: stage.name, receivable_ids: notice.due_ids, added_ids: added },
    ].slice(-KEPT_FOLDS),
    on_request: onRequest,
    attempt_by: onRequest ? ctx.now : null,
    note: `(folded in on ${day}, before it was sent: ${changes.join(", ")})`,
  }
}
