import { retryDelayMs, shouldGiveUp, type RetryPolicy } from "../../modules/dunning/domain/delivery"
import type { DunningOptions } from "../../modules/dunning/options"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"

/**
 * The outcomes a delivery attempt ends in, before they are recorded: the follow-up a rep gets when a
 * notice cannot go out as planned, and the choice between trying again later and giving up once the
 * attempts or the time allowed have run out.
 */
export type OutcomeBase = Pick<DeliveryOutcome, "notice_id" | "attempt" | "at">

export type FollowUp = NonNullable<DeliveryOutcome["follow_up"]>

export function outcomeBase(notice: ClaimedNotice, now: Date): OutcomeBase {
  return { notice_id: notice.id, attempt: notice.attempts, at: now }
}

/** A task for the customer's rep about the notice's receivables. */
export function followUpFor(notice: ClaimedNotice, profile: { rep_user_id: string | null } | undefined, note: string): FollowUp {
  return { customer_id: notice.customer_id, receivable_ids: notice.receivable_ids, note, assigned_to: profile?.rep_user_id ?? null }
}

export function retryPolicyOf(delivery: DunningOptions["delivery"]): RetryPolicy {
  return {
    maxAttempts: delivery.maxAttempts,
    baseSeconds: delivery.retryBaseSeconds,
    maxSeconds: delivery.retryMaxSeconds,
    giveUpAfterHours: delivery.giveUpAfterHours,
  }
}

/**
 * After an attempt that may succeed later: scheduled again after the back-off, or failed with `give_up_note`
 * for the rep once the notice has had its last attempt. `fields` go on either outcome.
 */
export function retryOrGiveUp(
  notice: ClaimedNotice,
  now: Date,
  retry: RetryPolicy,
  failure: { fields: Partial<DeliveryOutcome> & { last_error: string }; give_up_note: string; assigned_to: string | null }
): DeliveryOutcome {
  const base = outcomeBase(notice, now)
  if (shouldGiveUp({ attempts: notice.attempts, scheduled_for: new Date(notice.scheduled_for), now }, retry)) {
    const follow_up = followUpFor(notice, { rep_user_id: failure.assigned_to }, failure.give_up_note)
    return { ...base, status: "failed", ...failure.fields, follow_up }
  }
  return { ...base, status: "scheduled", ...failure.fields, next_attempt_at: new Date(now.getTime() + retryDelayMs(notice.attempts, retry)) }
}

/**
 * An unexpected failure of ours (a bad stored value, a bug) counts as an attempt like a transient one:
 * tried again later, and once the attempts run out the notice fails and the rep is told.
 */
export function outcomeOfUnexpectedError(
  notice: ClaimedNotice,
  error: unknown,
  now: Date,
  retry: RetryPolicy,
  assignedTo: string | null
): DeliveryOutcome {
  const message = `delivery error: ${String((error as Error)?.message ?? error).slice(0, 500)}`
  return retryOrGiveUp(notice, now, retry, {
    fields: { last_error: message },
    give_up_note: `"${notice.stage_name}" could not be delivered after ${notice.attempts} attempts (${message.slice(0, 200)}). Check the customer's receivables, then contact the customer another way.`,
    assigned_to: assignedTo,
  })
}
