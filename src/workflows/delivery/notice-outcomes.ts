import { retryDelayMs, shouldGiveUp, type RetryPolicy } from "../../modules/dunning/domain/delivery"
import type { DunningOptions } from "../../modules/dunning/options"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { countedText, fillText, shippedText } from "../../modules/dunning/templates/shipped-text"

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

type RepNotes = ReturnType<typeof shippedText>["rep_notes"]

/**
 * The note a rep reads about a notice that did not go out as planned, in the store's language (the
 * plugin's `defaultLanguage`, English where the plugin ships none for it), naming the notice's stage.
 */
export function repNote(
  language: string,
  notice: Pick<ClaimedNotice, "stage_name">,
  pick: (notes: RepNotes) => string,
  values: Record<string, string | number> = {}
): string {
  return fillText(pick(shippedText(language).rep_notes), { stage: notice.stage_name, ...values })
}

/** The note on a notice given up after its last attempt; `error` says what failed last. */
export function gaveUpNote(language: string, notice: Pick<ClaimedNotice, "stage_name" | "attempts">, error: string, unexpected = false): string {
  const notes = shippedText(language).rep_notes
  return countedText(unexpected ? notes.gave_up_unexpected : notes.gave_up, notice.attempts, language, { stage: notice.stage_name, error })
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
  assignedTo: string | null,
  language = "en"
): DeliveryOutcome {
  const message = `delivery error: ${String((error as Error)?.message ?? error).slice(0, 500)}`
  return retryOrGiveUp(notice, now, retry, {
    fields: { last_error: message },
    give_up_note: gaveUpNote(language, notice, message.slice(0, 200), true),
    assigned_to: assignedTo,
  })
}
