import type { CreateNotificationDTO, INotificationModuleService, Logger } from "@medusajs/framework/types"
import { channelsToTry, classifyDeliveryFailure, type RetryPolicy } from "../../modules/dunning/domain/delivery"
import { redactToken } from "../../modules/dunning/domain/collection-link"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { noticeAddresses, type CustomerCard } from "../dunning/run-context"
import { attemptKey, receiverKey } from "./idempotency-keys"
import type { CollectionProfile, DeliveryContext } from "./load-delivery-context"
import type { Attachment, DocumentSources } from "./notice-attachments"
import { followUpFor, gaveUpNote, outcomeBase, repNote, retryOrGiveUp } from "./notice-outcomes"
import type { NoticeContent } from "./render-notice-content"

/**
 * Sends a rendered notice through Medusa's notification module on the channels its stage and policy
 * allow, in order: the stage's channel first, then the policy's others; e-mail is passed over when the
 * customer has no address we may send to (`noticeAddresses`) or it bounced before. A channel that fails
 * for good (a 5xx, a refused recipient) falls back to the next, and the rep is told it did; one that fails
 * for now (a 4xx, a timeout) ends the attempt, to be tried again later; when no channel can carry it the
 * notice fails with a follow-up.
 */
export type SendingNotice = {
  notice: ClaimedNotice
  profile: CollectionProfile | undefined
  card: CustomerCard | undefined
  stage: any
  policy: any
  content: NoticeContent
  /** The files an e-mail carries (the statements of a reminder, the PDF of an invoice). */
  attachments?: Attachment[]
  /** The channel that worked with this customer, tried first when the policy prefers it. */
  preferred_channel?: string | null
}

export type Sender = {
  notifications: INotificationModuleService
  logger: Logger
  retry: RetryPolicy
  ctx: DeliveryContext
  /** Where the documents a notice carries come from. */
  documents: DocumentSources
}

const SEND_TEMPLATE = "dunning-notice"

export async function sendOnChannels(sending: SendingNotice, sender: Sender): Promise<DeliveryOutcome> {
  const { notice, profile, stage, policy } = sending
  const { ctx } = sender
  const emailChannel = ctx.options.delivery.emailChannel
  const language = ctx.options.defaultLanguage
  const { to: addresses, missing } = noticeAddresses({
    billing_emails: profile?.billing_emails,
    customer_email: sending.card?.email,
    fallback_to_customer_email: ctx.options.delivery.fallbackToCustomerEmail,
  })
  const plan = channelsToTry({
    stage_channel: stage.channel ?? notice.channel,
    policy_channels: (policy.channels as string[] | null) ?? [emailChannel],
    email_channel: emailChannel,
    has_email_address: addresses.length > 0,
    no_email_address_reason: missing ?? undefined,
    email_failed_before: !!profile?.email_failed_at,
    preferred_channel: sending.preferred_channel ?? null,
  })
  const problems = plan.passed_over.map((p) => `${p.channel}: ${p.reason}`)
  let emailFailed: DeliveryOutcome["email_failed"]

  for (const channel of plan.channels) {
    const isEmail = channel === emailChannel
    const to = isEmail ? addresses : []
    try {
      const [created] = await sender.notifications.createNotifications([notificationOf(sending, channel, isEmail ? addresses : null, ctx)])
      const fellBack = problems.length
        ? followUpFor(notice, profile, repNote(language, notice, (n) => n.sent_instead, { problems: problems.join("; "), channel }))
        : undefined
      return sentOutcome(sending, ctx.now, { channel, to, created, follow_up: fellBack, email_failed: emailFailed })
    } catch (error) {
      const message = (error as Error).message ?? String(error)
      const failure = classifyDeliveryFailure(message)
      if (failure.kind === "transient") {
        return retryOrGiveUp(notice, ctx.now, sender.retry, {
          fields: { channel, last_error: message, email_failed: emailFailed },
          give_up_note: gaveUpNote(language, notice, `${channel}: ${message.slice(0, 200)}`),
          assigned_to: profile?.rep_user_id ?? null,
        })
      }
      problems.push(`${channel}: ${message.slice(0, 200)}`)
      if (isEmail && failure.recipient) {
        emailFailed = { customer_id: notice.customer_id, reason: message.slice(0, 300) }
      }
      sender.logger.warn(`dunning: notice ${notice.id} failed for good on ${channel}: ${message}`)
    }
  }
  const why = problems.join("; ") || "no channel to send on"
  return {
    ...outcomeBase(notice, ctx.now),
    status: "failed",
    last_error: why,
    follow_up: followUpFor(notice, profile, repNote(language, notice, (n) => n.undeliverable, { why })),
    email_failed: emailFailed,
  }
}

/** What the notification module is asked to send on one channel; `addresses` only for e-mail. */
function notificationOf(sending: SendingNotice, channel: string, addresses: string[] | null, ctx: DeliveryContext): CreateNotificationDTO {
  const { notice, content } = sending
  const isEmail = addresses !== null
  return {
    to: isEmail ? addresses.join(", ") : notice.customer_id,
    channel,
    template: SEND_TEMPLATE,
    content: { subject: content.subject, html: content.html, text: content.text },
    provider_data: {
      cc: isEmail ? notice.recipients.cc : undefined,
      bcc: isEmail ? notice.recipients.bcc : undefined,
      reply_to: isEmail ? notice.recipients.reply_to ?? undefined : undefined,
      message_id: receiverKey(notice, channel),
      attempt: notice.attempts,
    },
    attachments: isEmail && sending.attachments?.length ? sending.attachments : undefined,
    data: {
      notice_id: notice.id,
      customer: { id: notice.customer_id, ...(sending.card ?? {}) },
      stage: { name: sending.stage.name, tone: sending.stage.tone },
      totals: content.totals,
      lines: content.lines,
    },
    idempotency_key: attemptKey(notice, channel, notice.attempts),
    trigger_type: "dunning",
    resource_id: notice.id,
    resource_type: "dunning_notice",
    receiver_id: notice.customer_id,
  }
}

/**
 * A sent notice's outcome: what was sent, to whom, and the notification that carried it. The stored copy
 * is what was sent, except the collection page link's token, which is kept only as its fingerprint.
 */
function sentOutcome(
  sending: SendingNotice,
  now: Date,
  sent: { channel: string; to: string[]; created: unknown; follow_up: DeliveryOutcome["follow_up"]; email_failed: DeliveryOutcome["email_failed"] }
): DeliveryOutcome {
  const { content } = sending
  return {
    ...outcomeBase(sending.notice, now),
    lines: content.lines,
    totals: content.totals,
    receivable_ids: content.lines.map((l) => l.id),
    language: content.language,
    template_version_id: content.template_version_id,
    template_variant: content.template_variant,
    subject: redactToken(content.subject, content.link_token),
    body_html: redactToken(content.html, content.link_token),
    body_text: redactToken(content.text, content.link_token),
    status: "sent",
    channel: sent.channel,
    recipients: { ...sending.notice.recipients, to: sent.to },
    provider_message_id: (sent.created as any)?.external_id ?? null,
    notification_id: (sent.created as any)?.id ?? null,
    follow_up: sent.follow_up,
    email_failed: sent.email_failed,
  }
}
