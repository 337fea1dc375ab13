import type { ClaimedNotice } from "../../modules/dunning/service"

/**
 * The two idempotency keys of a notice's delivery. The notification module's key (`attemptKey`) is new for
 * every attempt, because the module never re-sends a key it has seen, not even one stuck "pending" after a
 * crash; the key the receiver sees (`receiverKey`) stays the same across attempts, so a receiver that acted
 * on an attempt whose answer was lost can drop the retry.
 */

/**
 * The notification module's idempotency key of one attempt on one channel. It changes with each attempt
 * and with each requeue by an admin (a new `scheduled_for`).
 */
export function attemptKey(notice: Pick<ClaimedNotice, "idempotency_key" | "scheduled_for">, channel: string, attempt: number): string {
  return `${notice.idempotency_key}:${channel}:${new Date(notice.scheduled_for).getTime()}:${attempt}`
}

/**
 * The key the receiver sees (the webhook's `Idempotency-Key`, the e-mail's Message-ID): one per notice and
 * channel, the same on every attempt (a timeout). The attempt number travels beside it.
 */
export function receiverKey(notice: Pick<ClaimedNotice, "idempotency_key">, channel: string): string {
  return `${notice.idempotency_key}:${channel}`
}
