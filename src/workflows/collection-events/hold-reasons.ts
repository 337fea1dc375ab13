/**
 * Who owns a hold on a receivable, read from the prefix of its `hold_reason` (`<owner>:<id>`). The
 * collection history owns three kinds: a hold placed by hand (`manual:`), a promise to pay
 * (`promise_to_pay:`) and an open dispute (`dispute:`). A rep may end the first two early; a dispute's hold
 * ends only when the dispute is resolved, and a hold another part of the plugin placed (any other prefix)
 * only when that part lifts it. Neither is replaced by a shorter hold, so that lifting the shorter one
 * cannot end them either.
 */

export const MANUAL_HOLD = "manual:"
export const PROMISE_HOLD = "promise_to_pay:"
export const DISPUTE_HOLD = "dispute:"

/** The holds `POST /admin/dunning/holds/release` ends. */
export const RELEASED_BY_HAND = [MANUAL_HOLD, PROMISE_HOLD] as const

export const releasableByHand = (reason: string | null | undefined): boolean =>
  !!reason && RELEASED_BY_HAND.some((prefix) => reason.startsWith(prefix))

/** A receivable without a hold, or with one a new manual hold or promise may replace. */
export const replaceableHold = (reason: string | null | undefined): boolean => !reason || releasableByHand(reason)

/** The event a hold of the collection history came from (`promise_to_pay:cevt_1` → `cevt_1`). */
export const holdEventId = (reason: string): string => reason.slice(reason.indexOf(":") + 1)

/** Why a release by hand left a hold in place, in the words the answer gives. */
export function whyStillHeld(reason: string): string {
  if (reason.startsWith(DISPUTE_HOLD)) {
    return "an open dispute holds it until the dispute is resolved: record a dispute_resolved event for it"
  }
  const owner = reason.includes(":") ? reason.slice(0, reason.indexOf(":")) : reason
  return `held by '${owner}', which lifts its own hold; a release by hand does not end it`
}
