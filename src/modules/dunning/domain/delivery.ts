import { preferChannel } from "./channel-that-worked"

/**
 * The rules of delivering a notice, as plain functions: how a failure is classified, when to try again,
 * when to give up, which channels to try in which order. The delivery workflow does the I/O.
 */

/**
 * transient: try the same channel again later (connection refused, time-out, SMTP 4xx, HTTP 5xx/429);
 * permanent: this channel will not work for this notice (SMTP 5xx, invalid recipient, HTTP 4xx).
 */
export type FailureKind = "transient" | "permanent"

const MARKER = /\[dunning:(transient|permanent)(?::([A-Za-z0-9_.-]{0,20}))?(:recipient)?\]/

export type DeliveryFailure = {
  kind: FailureKind
  code: string | null
  /** The recipient address itself was refused (as opposed to the message, or the server). */
  recipient: boolean
}

/**
 * Providers report failures through Medusa's notification module, which passes on only the message
 * text; the class travels in it as a marker such as "[dunning:permanent:550:recipient]".
 */
export function deliveryFailureMessage(
  kind: FailureKind,
  code: string | number | null,
  text: string,
  options: { recipient?: boolean } = {}
): string {
  const safeCode = code === null || code === undefined ? "" : String(code).replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 20)
  return `[dunning:${kind}:${safeCode}${options.recipient ? ":recipient" : ""}] ${text}`
}

/**
 * The class and code of a failure from its message. A provider that does not mark its errors (another
 * e-mail provider the merchant uses) is treated as transient: it is retried until the attempts run out.
 */
export function classifyDeliveryFailure(message: string): DeliveryFailure {
  const match = MARKER.exec(message)
  if (!match) {
    return { kind: "transient", code: null, recipient: false }
  }
  return { kind: match[1] as FailureKind, code: match[2] || null, recipient: !!match[3] }
}

export type RetryPolicy = {
  maxAttempts: number
  baseSeconds: number
  maxSeconds: number
  giveUpAfterHours: number
}

/**
 * Exponential backoff with full jitter: after attempt n, wait a random time up to base × 2^(n-1)
 * seconds, capped, and never less than a tenth of it (so a busy server is not hammered at once).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1)) * 1000
  return Math.round(ceiling * (0.1 + 0.9 * random()))
}

/** Whether a notice that failed transiently should now be given up (attempts used up, or too old). */
export function shouldGiveUp(input: { attempts: number; scheduled_for: Date; now: Date }, policy: RetryPolicy): boolean {
  if (input.attempts >= policy.maxAttempts) {
    return true
  }
  return input.now.getTime() - input.scheduled_for.getTime() > policy.giveUpAfterHours * 3_600_000
}

/**
 * The channels to try for a notice, in order: the stage's channel, then the policy's others. E-mail is
 * passed over when the customer has no address, or when the customer's e-mail failed permanently before
 * (until someone fixes the billing e-mails), so such a customer goes straight to the next channel.
 */
export function channelsToTry(input: {
  stage_channel: string
  policy_channels: string[]
  email_channel: string
  has_email_address: boolean
  /** why there is no address, when the caller knows better than "none at all" */
  no_email_address_reason?: string
  email_failed_before: boolean
  /** The channel that worked with the customer (domain/channel-that-worked): first, when the policy has it. */
  preferred_channel?: string | null
}): { channels: string[]; passed_over: Array<{ channel: string; reason: string }> } {
  const usual = [input.stage_channel, ...input.policy_channels.filter((c) => c !== input.stage_channel)]
  const ordered = preferChannel(usual, input.preferred_channel)
  const passed_over: Array<{ channel: string; reason: string }> = []
  const channels = ordered.filter((channel) => {
    if (channel !== input.email_channel) {
      return true
    }
    if (!input.has_email_address) {
      passed_over.push({ channel, reason: input.no_email_address_reason ?? "the customer has no billing e-mail and no e-mail address" })
      return false
    }
    if (input.email_failed_before) {
      passed_over.push({ channel, reason: "the customer's e-mail failed permanently before" })
      return false
    }
    return true
  })
  return { channels, passed_over }
}
