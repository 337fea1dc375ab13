import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { CHANNEL_WORKED_DAYS } from "../domain/channel-that-worked"
import { InternalService } from "../internal-service"
import { entityId } from "../domain/entity-id"
import type { currencyTotals, noticeLines } from "../domain/notice-lines"
import { collectionEventTitle } from "../domain/receivable-rules"
import { placeholders, runSql, textArray } from "../sql"

/**
 * The queue of notices waiting to go out: claiming due notices under a lease, renewing it right before a
 * send, recording how a delivery ended (with its follow-up), putting a failed notice back, cancelling
 * notices that nothing is owed on any more (and undoing that), the periodic reconcile, and the history
 * of sent notices a delivery reads.
 */
export type ClaimedNotice = {
  id: string
  customer_id: string
  policy_id: string | null
  stage_id: string | null
  stage_name: string
  stage_offset_days: number
  /** "invoice": the e-mail that sends a new invoice with its PDF; "reminder": every other notice. */
  kind: "reminder" | "invoice"
  tone: string
  channel: string
  recipients: { to: string[]; cc: string[]; bcc: string[]; reply_to: string | null }
  receivable_ids: string[]
  due_receivable_ids: string[] | null
  lines: ReturnType<typeof noticeLines>
  totals: ReturnType<typeof currencyTotals>
  language: string | null
  attempts: number
  scheduled_for: Date
  idempotency_key: string
}

export type DeliveryOutcome = {
  notice_id: string
  /** The attempt this delivery claimed; the outcome is recorded only if no later claim happened. */
  attempt: number
  at: Date
  status: "sent" | "scheduled" | "failed" | "cancelled"
  channel?: string
  recipients?: ClaimedNotice["recipients"]
  receivable_ids?: string[]
  lines?: ClaimedNotice["lines"]
  totals?: ClaimedNotice["totals"]
  subject?: string
  body_html?: string
  body_text?: string
  /** The language the sent notice is written in (its collection page link speaks it too). */
  language?: string
  /** The stage's template version the sent notice was rendered from, and its variant ("A" or "B") while the stage has a split. */
  template_version_id?: string | null
  template_variant?: string | null
  provider_message_id?: string | null
  notification_id?: string | null
  cancel_reason?: string
  last_error?: string
  next_attempt_at?: Date
  follow_up?: { customer_id: string; receivable_ids: string[]; note: string; assigned_to: string | null }
  email_failed?: { customer_id: string; reason: string }
  /** The line a sent invoice e-mail adds to the customer's history ("Invoice sent"), with its note. */
  invoice_sent?: { note: string }
}

/** Leases up to a limit of scheduled notices whose next attempt has come and no live delivery holds (of some ids, when asked), counting an attempt; returns them as a delivery needs them. */
const CLAIM_NOTICES = (onlySome: boolean) => `
  UPDATE dunning_notice
     SET delivery_lease_until = now() + (? * interval '1 second'), attempts = attempts + 1, updated_at = now()
   WHERE id IN (
     SELECT id FROM dunning_notice
      WHERE status = 'scheduled' AND deleted_at IS NULL AND next_attempt_at <= ?
        AND (delivery_lease_until IS NULL OR delivery_lease_until < now()) ${onlySome ? "AND id = ANY(?::text[])" : ""}
      ORDER BY next_attempt_at, id
      LIMIT ?
      FOR UPDATE SKIP LOCKED)
   RETURNING id, customer_id, policy_id, stage_id, stage_name, stage_offset_days, tone, channel, kind, recipients,
             receivable_ids, due_receivable_ids, lines, totals, language, attempts, scheduled_for, idempotency_key`

/** Extends the lease of a notice this attempt still holds; returns its id (no row: the claim is no longer this delivery's). */
const RENEW_LEASE = `
  UPDATE dunning_notice SET delivery_lease_until = now() + (? * interval '1 second')
   WHERE id = ? AND attempts = ? AND status = 'scheduled' AND deleted_at IS NULL
     AND delivery_lease_until IS NOT NULL
   RETURNING id`

/** Share-locks, in id order, the receivables a notice lists and those of its final lines; returns a row per receivable. */
const SHARE_LOCK_NOTICE_RECEIVABLES = `
  SELECT 1 FROM dunning_receivable
   WHERE id IN (SELECT jsonb_array_elements_text(receivable_ids) FROM dunning_notice WHERE id = ?)
      OR id = ANY(?::text[])
   ORDER BY id FOR SHARE`

/** Writes a delivery's outcome on the notice while this attempt still holds it; returns its id (no row: recorded elsewhere first). */
const RECORD_OUTCOME = `
  UPDATE dunning_notice
     SET status = ?, channel = COALESCE(?, channel), recipients = COALESCE(?::jsonb, recipients),
         receivable_ids = COALESCE(?::jsonb, receivable_ids), lines = COALESCE(?::jsonb, lines),
         totals = COALESCE(?::jsonb, totals), subject = COALESCE(?, subject), body_html = COALESCE(?, body_html),
         body_text = COALESCE(?, body_text), language = COALESCE(?, language),
         template_version_id = COALESCE(?, template_version_id), template_variant = COALESCE(?, template_variant),
         provider_message_id = COALESCE(?, provider_message_id),
         notification_id = COALESCE(?, notification_id), sent_at = ?, failed_at = ?, cancelled_at = ?,
         cancel_reason = ?, last_error = ?, next_attempt_at = ?, delivery_lease_until = NULL, updated_at = now()
   WHERE id = ? AND attempts = ? AND status = 'scheduled'
   RETURNING id`

/** Records the rep's "delivery failed" follow-up of a notice, once per notice; returns nothing. */
const INSERT_DELIVERY_FAILED_EVENT = `
  INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, note, author_type,
      occurred_at, follow_up_status, assigned_to, follow_up_due_at, idempotency_key)
  VALUES (?, ?, 'delivery_failed', ?, ?::jsonb, ?, ?, 'system', ?, 'open', ?, ?, ?)
  ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL DO NOTHING`

/** Records the "Invoice sent" line of a sent invoice e-mail, once per notice; returns nothing. */
const INSERT_INVOICE_SENT_EVENT = `
  INSERT INTO dunning_collection_event (id, customer_id, type, title, receivable_ids, notice_id, note, author_type,
      occurred_at, idempotency_key)
  SELECT ?, customer_id, 'invoice_sent', ?, receivable_ids, id, ?, 'system', ?, ?
    FROM dunning_notice WHERE id = ?
  ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL DO NOTHING`

/** Marks the customer's e-mail as failing on their collection profile (created if missing); returns nothing. */
const MARK_EMAIL_FAILING = `
  INSERT INTO dunning_collection_profile (id, customer_id, email_failed_at, email_failure)
  VALUES (?, ?, ?, ?)
  ON CONFLICT (customer_id) WHERE deleted_at IS NULL
  DO UPDATE SET email_failed_at = EXCLUDED.email_failed_at, email_failure = EXCLUDED.email_failure, updated_at = now()`

/** Appends why a notice was not sent to its claim event's note, closing the follow-up when asked; returns nothing. */
const NOTE_ON_CLAIM_EVENT = `
  UPDATE dunning_collection_event
     SET note = concat_ws(' ', note, ?::text), updated_at = now(),
         follow_up_status = CASE WHEN ?::boolean THEN 'done' ELSE follow_up_status END,
         follow_up_done_at = CASE WHEN ?::boolean THEN ?::timestamptz ELSE follow_up_done_at END
   WHERE notice_id = ? AND type = 'claim_for_non_payment'`

/** Puts a failed notice back in the queue with no attempts; returns its id (no row: it was not failed). */
const REQUEUE_FAILED = `
  UPDATE dunning_notice
     SET status = 'scheduled', attempts = 0, scheduled_for = ?, next_attempt_at = ?, failed_at = NULL,
         last_error = NULL, delivery_lease_until = NULL, updated_at = now()
   WHERE id = ? AND status = 'failed' AND deleted_at IS NULL
   RETURNING id`

/** Whether a notice `n` still lists a receivable with something left to pay (SQL condition). */
const STILL_OWED = `EXISTS (
  SELECT 1 FROM dunning_receivable r
   WHERE r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids))
     AND r.status = 'open' AND r.amount > r.amount_paid AND r.deleted_at IS NULL)`

/** Cancels the scheduled reminders of `count` customers that nothing is owed on any more (an invoice e-mail goes out paid or not); returns their ids. */
const CANCEL_SETTLED_OF_CUSTOMERS = (count: number) => `
  UPDATE dunning_notice AS n
     SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, next_attempt_at = NULL,
         delivery_lease_until = NULL, updated_at = now()
   WHERE n.status = 'scheduled' AND n.deleted_at IS NULL AND n.kind = 'reminder'
     AND n.customer_id IN (${placeholders(count)})
     AND NOT ${STILL_OWED}
   RETURNING n.id`

/** Closes the open follow-ups of the claim events of `count` notices, noting why; returns nothing. */
const CLOSE_CLAIM_FOLLOW_UPS = (count: number) => `
  UPDATE dunning_collection_event
     SET follow_up_status = 'done', follow_up_done_at = ?, note = concat_ws(' ', note, ?), updated_at = now()
   WHERE notice_id IN (${placeholders(count)}) AND type = 'claim_for_non_payment'
     AND follow_up_status = 'open'`

/** Puts `count` cancelled notices back to scheduled; returns nothing. */
const RESTORE_CANCELLED = (count: number) => `
  UPDATE dunning_notice SET status = 'scheduled', cancelled_at = NULL, cancel_reason = NULL,
         next_attempt_at = scheduled_for, updated_at = now()
   WHERE id IN (${placeholders(count)}) AND status = 'cancelled'`

/** Re-opens the follow-ups of the claim events of `count` notices; returns nothing. */
const REOPEN_CLAIM_FOLLOW_UPS = (count: number) => `
  UPDATE dunning_collection_event SET follow_up_status = 'open', follow_up_done_at = NULL, updated_at = now()
   WHERE notice_id IN (${placeholders(count)}) AND type = 'claim_for_non_payment'`

/** Cancels every scheduled reminder no delivery holds that nothing is owed on any more; returns their ids. */
const CANCEL_SETTLED = `
  UPDATE dunning_notice AS n
     SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, next_attempt_at = NULL, updated_at = now()
   WHERE n.status = 'scheduled' AND n.deleted_at IS NULL AND n.kind = 'reminder'
     AND (n.delivery_lease_until IS NULL OR n.delivery_lease_until < now())
     AND NOT ${STILL_OWED}
   RETURNING n.id`

/** Closes the open follow-ups of the claim events of the notices in a text[], noting why; returns nothing. */
const CLOSE_CLAIM_FOLLOW_UPS_OF = `
  UPDATE dunning_collection_event
     SET follow_up_status = 'done', follow_up_done_at = ?, note = concat_ws(' ', note, ?::text), updated_at = now()
   WHERE notice_id = ANY(?::text[]) AND type = 'claim_for_non_payment' AND follow_up_status = 'open'`

/** Clears the next action of receivables that are no longer open; returns their ids. */
const CLEAR_CLOSED_NEXT_ACTIONS = `
  UPDATE dunning_receivable SET next_action_at = NULL, updated_at = now()
   WHERE status <> 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL
   RETURNING id`

/** The sent reminders of the customers in a text[] since a moment; returns customer, receivables covered and when sent. */
/** A reminder sent, with its channel and whether an invoice it listed was paid within `CHANNEL_WORKED_DAYS` (domain/channel-that-worked). */
export type SentNoticeRow = { customer_id: string; receivable_ids: string[]; sent_at: Date; channel: string; followed_by_payment: boolean }

const SENT_NOTICES = `
  SELECT n.customer_id, n.receivable_ids, n.sent_at, n.channel,
         EXISTS (SELECT 1 FROM dunning_receivable r
                  WHERE r.id IN (SELECT jsonb_array_elements_text(n.receivable_ids)) AND r.status = 'paid'
                    AND r.paid_at >= n.sent_at AND r.paid_at < n.sent_at + make_interval(days => ?::int)) AS followed_by_payment
    FROM dunning_notice n
   WHERE n.customer_id = ANY(?::text[]) AND n.status = 'sent' AND n.kind = 'reminder' AND n.deleted_at IS NULL AND n.sent_at >= ?`

export class DeliveryQueueService extends InternalService {
  /**
   * Claims up to `limit` scheduled notices whose next attempt has come and that no live delivery holds:
   * each claim counts an attempt and holds the notice for `lease_seconds` of real time (a delivery that
   * dies lets go when the lease ends; nothing stays stuck "sending"). Skips rows locked by a concurrent
   * claim, so workers never deliver the same notice at the same time.
   */
  @InjectTransactionManager()
  async claimDeliverableNotices(
    input: { now: Date; limit: number; lease_seconds: number; notice_ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedNotice[]> {
    return await runSql(sharedContext.transactionManager, CLAIM_NOTICES(!!input.notice_ids), [
      input.lease_seconds,
      input.now,
      ...(input.notice_ids ? [textArray(input.notice_ids)] : []),
      input.limit,
    ])
  }

  /**
   * Renews this delivery's hold on one notice right before it is sent: true while the claim is still
   * this delivery's (same attempt, still scheduled). When a slow batch outlived its lease and another
   * delivery claimed the notice in the meantime, this returns false and the notice is left to the other;
   * likewise when a run folded newly due receivables into the notice after its lease ran out (the fold
   * clears the lease): the next claim delivers the notice as it is now.
   */
  @InjectManager()
  async renewDeliveryLease(
    input: { notice_id: string; attempt: number; lease_seconds: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const rows = await runSql(sharedContext.manager, RENEW_LEASE, [input.lease_seconds, input.notice_id, input.attempt])
    return rows.length === 1
  }

  /**
   * Records how the delivery of one notice ended, with what goes with it (a follow-up for the rep, the
   * customer's e-mail marked as failing, the claim's follow-up closed for a notice that was not sent),
   * in one transaction, and only while this delivery still holds the notice (same attempt, still
   * scheduled). Returns false when another delivery recorded it first.
   */
  @InjectTransactionManager()
  async recordDeliveryOutcome(outcome: DeliveryOutcome, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const manager = sharedContext.transactionManager
    if (outcome.status === "sent") {
      // a sent notice's lines are written with the payments of its receivables (dunning_notice_line), under
      // a share lock on them; taking it before the notice's row, in id order as every writer of receivables
      // does, means no run or payment ever waits on this notice while this waits on them
      await runSql(manager, SHARE_LOCK_NOTICE_RECEIVABLES, [outcome.notice_id, textArray((outcome.lines ?? []).map((l) => l.id))])
    }
    const updated: Array<{ id: string }> = await runSql(manager, RECORD_OUTCOME, outcomeParams(outcome))
    if (!updated.length) {
      return false
    }
    if (outcome.follow_up) {
      const f = outcome.follow_up
      await runSql(manager, INSERT_DELIVERY_FAILED_EVENT, [
        entityId("cevt"),
        f.customer_id,
        collectionEventTitle("delivery_failed"),
        JSON.stringify(f.receivable_ids),
        outcome.notice_id,
        f.note,
        outcome.at,
        f.assigned_to,
        outcome.at,
        `delivery-failed:${outcome.notice_id}`,
      ])
    }
    if (outcome.status === "sent" && outcome.invoice_sent) {
      const { notice_id: id, at } = outcome
      await runSql(manager, INSERT_INVOICE_SENT_EVENT, [entityId("cevt"), collectionEventTitle("invoice_sent"), outcome.invoice_sent.note, at, `invoice-sent:${id}`, id])
    }
    if (outcome.email_failed) {
      await runSql(manager, MARK_EMAIL_FAILING, [entityId("cprof"), outcome.email_failed.customer_id, outcome.at, outcome.email_failed.reason])
    }
    if (outcome.status === "cancelled" || outcome.status === "failed") {
      const cancelled = outcome.status === "cancelled"
      await runSql(manager, NOTE_ON_CLAIM_EVENT, [
        cancelled ? `(not sent: ${outcome.cancel_reason})` : "(not delivered: see the delivery failure)",
        cancelled,
        cancelled,
        outcome.at,
        outcome.notice_id,
      ])
    }
    return true
  }

  /**
   * Puts a failed notice back in the queue at `now`, with a fresh count of attempts (an admin fixed the
   * address or the template). Returns false when the notice is not failed.
   */
  @InjectTransactionManager()
  async requeueNotice(input: { id: string; now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const rows = await runSql(sharedContext.transactionManager, REQUEUE_FAILED, [input.now, input.now, input.id])
    return rows.length === 1
  }

  /**
   * Cancels scheduled notices of these customers that no longer cover any open balance (everything they
   * listed was paid, voided or written off before delivery), and closes the follow-up of their "Claim for
   * Non-Payment" events. Returns what it cancelled, to undo on compensation.
   */
  @InjectTransactionManager()
  async cancelSettledNotices(
    input: { customer_ids: string[]; now: Date; reason: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!input.customer_ids.length) {
      return []
    }
    const manager = sharedContext.transactionManager as any
    const rows: Array<{ id: string }> = await manager.execute(CANCEL_SETTLED_OF_CUSTOMERS(input.customer_ids.length), [
      input.now,
      input.reason,
      ...input.customer_ids,
    ])
    const ids = rows.map((r) => r.id)
    if (ids.length) {
      await manager.execute(CLOSE_CLAIM_FOLLOW_UPS(ids.length), [input.now, `(not sent: ${input.reason})`, ...ids])
    }
    return ids
  }

  /** Puts cancelled notices back to scheduled (compensation of `cancelSettledNotices`). */
  @InjectTransactionManager()
  async restoreCancelledNotices(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!ids.length) {
      return
    }
    const manager = sharedContext.transactionManager as any
    await manager.execute(RESTORE_CANCELLED(ids.length), ids)
    await manager.execute(REOPEN_CLAIM_FOLLOW_UPS(ids.length), ids)
  }

  /**
   * The periodic clean-up behind the event-driven paths: cancels scheduled notices (not being delivered
   * right now) that no longer cover any open balance, and clears the next action of receivables that are
   * no longer open. Returns what it changed.
   */
  @InjectTransactionManager()
  async reconcileNotices(
    input: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ cancelled_notice_ids: string[]; cleared_receivables: number }> {
    const manager = sharedContext.transactionManager
    const reason = "nothing left to claim (found by the periodic check)"
    const cancelled: Array<{ id: string }> = await runSql(manager, CANCEL_SETTLED, [input.now, reason])
    const ids = cancelled.map((c) => c.id)
    if (ids.length) {
      await runSql(manager, CLOSE_CLAIM_FOLLOW_UPS_OF, [input.now, `(not sent: ${reason})`, textArray(ids)])
    }
    const cleared: Array<{ id: string }> = await runSql(manager, CLEAR_CLOSED_NEXT_ACTIONS)
    return { cancelled_notice_ids: ids, cleared_receivables: cleared.length }
  }

  /**
   * For each customer, the sent notices of the last year with the receivables they covered (delivery
   * works out from them how long ago these invoices were first claimed).
   */
  @InjectManager()
  async sentNoticesOf(
    input: { customer_ids: string[]; since: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SentNoticeRow[]> {
    if (!input.customer_ids.length) {
      return []
    }
    return await runSql(sharedContext.manager, SENT_NOTICES, [CHANNEL_WORKED_DAYS, textArray(input.customer_ids), input.since])
  }
}

/** The parameters of `RECORD_OUTCOME`, in its order. */
function outcomeParams(outcome: DeliveryOutcome): unknown[] {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v))
  return [
    outcome.status,
    outcome.channel ?? null,
    json(outcome.recipients),
    json(outcome.receivable_ids),
    json(outcome.lines),
    json(outcome.totals),
    outcome.subject ?? null,
    outcome.body_html ?? null,
    outcome.body_text ?? null,
    outcome.language ?? null,
    outcome.template_version_id ?? null,
    outcome.template_variant ?? null,
    outcome.provider_message_id ?? null,
    outcome.notification_id ?? null,
    outcome.status === "sent" ? outcome.at : null,
    outcome.status === "failed" ? outcome.at : null,
    outcome.status === "cancelled" ? outcome.at : null,
    outcome.cancel_reason ?? null,
    outcome.last_error ?? null,
    outcome.status === "scheduled" ? outcome.next_attempt_at ?? null : null,
    outcome.notice_id,
    outcome.attempt,
  ]
}
