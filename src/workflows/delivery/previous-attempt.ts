import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { attemptKey } from "./idempotency-keys"
import type { OutcomeBase } from "./notice-outcomes"

/**
 * Whether a retried notice's previous attempt did in fact go out: a delivery that died after the message
 * was sent but before it was recorded leaves the notice to be claimed again, while the notification module
 * knows the attempt succeeded. Such a notice is recorded as sent, not sent a second time.
 */
export async function deliveredByPreviousAttempt(
  container: MedusaContainer,
  notices: ClaimedNotice[],
  policyOf: Map<string, any>,
  emailChannel: string
): Promise<Map<string, any>> {
  const noticeOfKey = new Map<string, string>()
  for (const n of notices.filter((n) => n.attempts > 1)) {
    const policy: any = n.policy_id ? policyOf.get(n.policy_id) : null
    for (const channel of new Set([n.channel, ...((policy?.channels as string[]) ?? [emailChannel])])) {
      noticeOfKey.set(attemptKey(n, channel, n.attempts - 1), n.id)
    }
  }
  const delivered = new Map<string, any>()
  if (!noticeOfKey.size) {
    return delivered
  }
  const notifications = container.resolve(Modules.NOTIFICATION)
  const earlier = await notifications.listNotifications({ idempotency_key: [...noticeOfKey.keys()] } as any, { take: null })
  for (const x of earlier as any[]) {
    if (x.status === "success") {
      delivered.set(noticeOfKey.get(x.idempotency_key)!, x)
    }
  }
  return delivered
}

/** The outcome of a notice whose previous attempt went out: sent, by that attempt's notification. */
export function sentByPreviousAttempt(base: OutcomeBase, earlier: any): DeliveryOutcome {
  return { ...base, status: "sent", channel: earlier.channel, provider_message_id: earlier.external_id ?? null, notification_id: earlier.id }
}
