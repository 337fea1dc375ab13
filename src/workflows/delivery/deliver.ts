import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import { dayToIsoDate, localDay } from "../../modules/dunning/domain/calendar"
import { statementCsv } from "../../modules/dunning/domain/statement-csv"
import { decimalCompare } from "../../modules/dunning/domain/decimal"
import {
  channelsToTry,
  classifyDeliveryFailure,
  retryDelayMs,
  shouldGiveUp,
  type RetryPolicy,
} from "../../modules/dunning/domain/delivery"
import { currencyTotals, noticeLines } from "../../modules/dunning/domain/notice-lines"
import { activeHold } from "../../modules/dunning/domain/schedule"
import type { DunningOptions } from "../../modules/dunning/options"
import type DunningModuleService from "../../modules/dunning/service"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { RendererUnavailable, renderNoticeIsolated, TemplateRenderError } from "../../modules/dunning/templates"
import { noticeContext, repsById, templatesFor } from "../dunning/notice-content"
import { customerCards, isDeliverableAddress } from "../dunning/run-context"
import { healOrderPayments } from "../payments/order-ledger"

/**
 * Delivers claimed notices, each on its own: re-checks what the customer still owes right before sending
 * (healing payment events that were lost), renders the stage's templates in the customer's language, and
 * sends through Medusa's notification module on the stage's channel, falling back along the policy's
 * channels when one fails for good. Sending cannot be undone, so there is no compensation: the notice row
 * owns the delivery state, each attempt has its own idempotency key in the notification module (the
 * receiver's key stays the same), and a retry first checks whether the previous attempt did in fact go out.
 */
export type DeliveryTally = {
  claimed: number
  sent: number
  retrying: number
  failed: number
  cancelled: number
  /** Claimed, then left alone: the lease ran out before its turn came and another delivery took it over. */
  taken_over: number
}

export type DeliveryContext = {
  now: Date
  options: DunningOptions
  store_name: string
}

const SEND_TEMPLATE = "dunning-notice"

/**
 * The notification module's idempotency key of one attempt on one channel. It changes with each attempt
 * (the module never re-sends a key it has seen, not even one stuck "pending" after a crash) and with each
 * requeue by an admin (a new `scheduled_for`).
 */
function attemptKey(notice: Pick<ClaimedNotice, "idempotency_key" | "scheduled_for">, channel: string, attempt: number): string {
  return `${notice.idempotency_key}:${channel}:${new Date(notice.scheduled_for).getTime()}:${attempt}`
}

/**
 * The key the receiver sees (the webhook's `Idempotency-Key`, the e-mail's Message-ID): one per notice and
 * channel, the same on every attempt, so a receiver that acted on an attempt whose answer was lost (a
 * timeout) can drop the retry. The attempt number travels beside it.
 */
function receiverKey(notice: Pick<ClaimedNotice, "idempotency_key">, channel: string): string {
  return `${notice.idempotency_key}:${channel}`
}

export async function deliverBatch(container: MedusaContainer, notices: ClaimedNotice[], ctx: DeliveryContext): Promise<DeliveryTally> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const notifications = container.resolve(Modules.NOTIFICATION)
  const logger = container.resolve("logger")
  const tally: DeliveryTally = { claimed: notices.length, sent: 0, retrying: 0, failed: 0, cancelled: 0, taken_over: 0 }
  if (!notices.length) {
    return tally
  }
  const delivery = ctx.options.delivery
  const retry: RetryPolicy = {
    maxAttempts: delivery.maxAttempts,
    baseSeconds: delivery.retryBaseSeconds,
    maxSeconds: delivery.retryMaxSeconds,
    giveUpAfterHours: delivery.giveUpAfterHours,
  }

  // what every notice of the batch needs, loaded once per kind
  const receivableIds = [...new Set(notices.flatMap((n) => n.receivable_ids))]
  const customerIds = [...new Set(notices.map((n) => n.customer_id))]
  const orderIds = (await dunning.listReceivables({ id: receivableIds }, { select: ["order_id"], take: null }))
    .map((r) => r.order_id)
    .filter((id): id is string => !!id)
  // a payment.captured event that was lost must not lead to a reminder: Medusa's payments are the truth
  await healOrderPayments(container, [...new Set(orderIds)])
  const receivables = new Map(
    (await dunning.listReceivables({ id: receivableIds }, { take: null })).map((r: any) => [r.id, r])
  )
  const [cards, profiles, stages, policies, history] = await Promise.all([
    customerCards(container, customerIds),
    dunning.profilesOf(customerIds),
    dunning.listDunningStages({ id: [...new Set(notices.map((n) => n.stage_id).filter(Boolean) as string[])] }, { take: null, withDeleted: true }),
    dunning.listDunningPolicies({ id: [...new Set(notices.map((n) => n.policy_id).filter(Boolean) as string[])] }, { take: null, withDeleted: true }),
    dunning.sentNoticesOf({ customer_ids: customerIds, since: new Date(ctx.now.getTime() - 365 * 86_400_000) }),
  ])
  const profileOf = new Map(profiles.map((p) => [p.customer_id, p]))
  const stageOf = new Map(stages.map((s: any) => [s.id, s]))
  const policyOf = new Map(policies.map((p: any) => [p.id, p]))
  const reps = await repsById(container, profiles.map((p) => p.rep_user_id ?? ""))

  // a delivery that died after the message went out: the notification module knows it succeeded
  const noticeOfKey = new Map<string, string>()
  for (const n of notices.filter((n) => n.attempts > 1)) {
    const policy: any = n.policy_id ? policyOf.get(n.policy_id) : null
    for (const channel of new Set([n.channel, ...((policy?.channels as string[]) ?? [delivery.emailChannel])])) {
      noticeOfKey.set(attemptKey(n, channel, n.attempts - 1), n.id)
    }
  }
  const delivered = new Map<string, any>()
  if (noticeOfKey.size) {
    const earlier = await notifications.listNotifications({ idempotency_key: [...noticeOfKey.keys()] } as any, { take: null })
    for (const x of earlier as any[]) {
      if (x.status === "success") {
        delivered.set(noticeOfKey.get(x.idempotency_key)!, x)
      }
    }
  }

  const deliverOne = async (notice: ClaimedNotice): Promise<DeliveryOutcome> => {
    const base = { notice_id: notice.id, attempt: notice.attempts, at: ctx.now }
    const profile = profileOf.get(notice.customer_id)
    const card = cards.get(notice.customer_id)
    const stage: any = notice.stage_id ? stageOf.get(notice.stage_id) : null
    const policy: any = notice.policy_id ? policyOf.get(notice.policy_id) : null
    const rep = profile?.rep_user_id ? reps.get(profile.rep_user_id) ?? null : null
    const followUp = (note: string) => ({ customer_id: notice.customer_id, receivable_ids: notice.receivable_ids, note, assigned_to: profile?.rep_user_id ?? null })

    const earlier = delivered.get(notice.id)
    if (earlier) {
      return { ...base, status: "sent", channel: earlier.channel, provider_message_id: earlier.external_id ?? null, notification_id: earlier.id }
    }
    if (profile?.do_not_dun) {
      return { ...base, status: "cancelled", cancel_reason: "the customer was marked do not dun before delivery" }
    }
    const rows = notice.receivable_ids.map((id) => receivables.get(id)).filter(Boolean)
    const open = rows.filter(
      (r: any) =>
        r.status === "open" &&
        decimalCompare(String(r.raw_amount?.value ?? r.amount), String(r.raw_amount_paid?.value ?? r.amount_paid)) > 0 &&
        !activeHold({ hold_until: r.hold_until ? new Date(r.hold_until) : null, hold_reason: r.hold_reason }, ctx.now)
    )
    if (!open.length) {
      const paid = rows.some((r: any) => r.status === "paid")
      return { ...base, status: "cancelled", cancel_reason: paid ? "paid before delivery" : "nothing left to claim (voided, written off or on hold)" }
    }
    if (!stage || !policy) {
      return { ...base, status: "failed", last_error: "the notice's stage or policy no longer exists", follow_up: followUp(`"${notice.stage_name}" was not sent: its dunning stage no longer exists. Contact the customer directly.`) }
    }
    const timezone = policy.timezone ?? "UTC"
    const lines = noticeLines(
      open.map((r: any) => ({
        id: r.id,
        number: r.number,
        currency_code: r.currency_code,
        amount: String(r.raw_amount?.value ?? r.amount),
        amount_paid: String(r.raw_amount_paid?.value ?? r.amount_paid),
        issued_at: new Date(r.issued_at),
        due_at: new Date(r.due_at),
      })),
      ctx.now,
      timezone
    )
    const totals = currencyTotals(lines)
    const openIds = new Set(lines.map((l) => l.id))
    const firstSent = history
      .filter((h) => h.customer_id === notice.customer_id && h.receivable_ids.some((id) => openIds.has(id)))
      .reduce<Date | null>((min, h) => (!min || new Date(h.sent_at) < min ? new Date(h.sent_at) : min), null)
    const language = profile?.preferred_language ?? notice.language ?? null
    let rendered
    try {
      rendered = await renderNoticeIsolated(
        templatesFor(stage, language),
        noticeContext(
          {
            customer: { id: notice.customer_id, ...(card ?? { name: "customer", company: null, email: null }) },
            lines,
            totals,
            stage: { name: stage.name, tone: stage.tone, position: stage.position + 1, offset_days: stage.offset_days },
            notices_sent: Math.max(0, ...open.map((r: any) => Number(r.notices_sent) - 1)),
            days_since_first_notice: firstSent ? localDay(ctx.now, timezone) - localDay(firstSent, timezone) : null,
            language,
            timezone,
            now: ctx.now,
            rep,
            store_name: ctx.store_name,
          },
          ctx.options
        )
      )
    } catch (error) {
      if (error instanceof RendererUnavailable) {
        // no renderer could start: nothing is wrong with the template, so the notice is tried again later
        throw error
      }
      const message = error instanceof TemplateRenderError ? error.message : "the templates could not be rendered"
      return {
        ...base,
        status: "failed",
        last_error: `template: ${message}`,
        follow_up: followUp(`"${notice.stage_name}" was not sent: its template could not be rendered (${message}). Fix the stage's template in the dunning policy, then contact the customer.`),
      }
    }

    const billing = (profile?.billing_emails ?? []).filter(isDeliverableAddress)
    const addresses = billing.length ? billing : card?.email && isDeliverableAddress(card.email) ? [card.email] : []
    const plan = channelsToTry({
      stage_channel: stage.channel ?? notice.channel,
      policy_channels: (policy.channels as string[] | null) ?? [delivery.emailChannel],
      email_channel: delivery.emailChannel,
      has_email_address: addresses.length > 0,
      email_failed_before: !!profile?.email_failed_at,
    })
    const problems = plan.passed_over.map((p) => `${p.channel}: ${p.reason}`)
    let emailFailed: DeliveryOutcome["email_failed"]
    const content = { lines, totals, receivable_ids: lines.map((l) => l.id), subject: rendered.subject, body_html: rendered.html, body_text: rendered.text }

    for (const channel of plan.channels) {
      const isEmail = channel === delivery.emailChannel
      const recipients = { ...notice.recipients, to: isEmail ? addresses : [] }
      try {
        const [created] = await notifications.createNotifications([
          {
            to: isEmail ? addresses.join(", ") : notice.customer_id,
            channel,
            template: SEND_TEMPLATE,
            content: { subject: rendered.subject, html: rendered.html, text: rendered.text },
            provider_data: {
              cc: isEmail ? notice.recipients.cc : undefined,
              bcc: isEmail ? notice.recipients.bcc : undefined,
              reply_to: isEmail ? notice.recipients.reply_to ?? undefined : undefined,
              message_id: receiverKey(notice, channel),
              attempt: notice.attempts,
            },
            attachments:
              isEmail && delivery.attachStatementCsv
                ? [
                    {
                      filename: `open-invoices-${dayToIsoDate(localDay(ctx.now, timezone))}.csv`,
                      content: Buffer.from(statementCsv(lines, totals, timezone), "utf-8").toString("base64"),
                      content_type: "text/csv",
                      disposition: "attachment",
                    },
                  ]
                : undefined,
            data: {
              notice_id: notice.id,
              customer: { id: notice.customer_id, ...(card ?? {}) },
              stage: { name: stage.name, tone: stage.tone },
              totals,
              lines,
            },
            idempotency_key: attemptKey(notice, channel, notice.attempts),
            trigger_type: "dunning",
            resource_id: notice.id,
            resource_type: "dunning_notice",
            receiver_id: notice.customer_id,
          },
        ])
        const fellBack = problems.length ? followUp(`"${notice.stage_name}" could not go out by ${problems.join("; ")}; it was sent by ${channel} instead. Check the customer's billing e-mail.`) : undefined
        return {
          ...base,
          ...content,
          status: "sent",
          channel,
          recipients,
          provider_message_id: (created as any)?.external_id ?? null,
          notification_id: (created as any)?.id ?? null,
          follow_up: fellBack,
          email_failed: emailFailed,
        }
      } catch (error) {
        const message = (error as Error).message ?? String(error)
        const failure = classifyDeliveryFailure(message)
        if (failure.kind === "transient") {
          if (shouldGiveUp({ attempts: notice.attempts, scheduled_for: new Date(notice.scheduled_for), now: ctx.now }, retry)) {
            return {
              ...base,
              status: "failed",
              channel,
              last_error: message,
              follow_up: followUp(`"${notice.stage_name}" could not be delivered after ${notice.attempts} attempts (${channel}: ${message.slice(0, 200)}). Contact the customer another way.`),
              email_failed: emailFailed,
            }
          }
          return {
            ...base,
            status: "scheduled",
            channel,
            last_error: message,
            next_attempt_at: new Date(ctx.now.getTime() + retryDelayMs(notice.attempts, retry)),
            email_failed: emailFailed,
          }
        }
        problems.push(`${channel}: ${message.slice(0, 200)}`)
        if (isEmail && failure.recipient) {
          emailFailed = { customer_id: notice.customer_id, reason: message.slice(0, 300) }
        }
        logger.warn(`dunning: notice ${notice.id} failed for good on ${channel}: ${message}`)
      }
    }
    return {
      ...base,
      status: "failed",
      last_error: problems.join("; ") || "no channel to send on",
      follow_up: followUp(`"${notice.stage_name}" could not be delivered: ${problems.join("; ") || "no channel to send on"}. Call the customer, and fix the billing e-mail or the policy's channels.`),
      email_failed: emailFailed,
    }
  }

  await forEachLimited(notices, delivery.concurrency, async (notice) => {
    // a batch can outlast the lease it was claimed with (a slow or rate-limited mail server): each notice
    // is held afresh just before it is sent, and one that another delivery took over meanwhile is left to it
    if (!(await dunning.renewDeliveryLease({ notice_id: notice.id, attempt: notice.attempts, lease_seconds: delivery.leaseSeconds }))) {
      tally.taken_over += 1
      return
    }
    let outcome: DeliveryOutcome
    try {
      outcome = await deliverOne(notice)
    } catch (error) {
      // an unexpected failure of ours (a bad stored value, a bug) counts as an attempt like a transient
      // one: tried again later, and once the attempts run out the notice fails and the rep is told
      const message = `delivery error: ${String((error as Error)?.message ?? error).slice(0, 500)}`
      const base = { notice_id: notice.id, attempt: notice.attempts, at: ctx.now, last_error: message }
      outcome = shouldGiveUp({ attempts: notice.attempts, scheduled_for: new Date(notice.scheduled_for), now: ctx.now }, retry)
        ? {
            ...base,
            status: "failed",
            follow_up: {
              customer_id: notice.customer_id,
              receivable_ids: notice.receivable_ids,
              note: `"${notice.stage_name}" could not be delivered after ${notice.attempts} attempts (${message.slice(0, 200)}). Check the customer's receivables, then contact the customer another way.`,
              assigned_to: profileOf.get(notice.customer_id)?.rep_user_id ?? null,
            },
          }
        : { ...base, status: "scheduled", next_attempt_at: new Date(ctx.now.getTime() + retryDelayMs(notice.attempts, retry)) }
      logger.error(`dunning: delivering notice ${notice.id} failed unexpectedly: ${message}`)
    }
    try {
      if (await dunning.recordDeliveryOutcome(outcome)) {
        tally[outcome.status === "scheduled" ? "retrying" : outcome.status] += 1
      }
    } catch (error) {
      // the notice keeps its lease until it runs out; the next delivery finds out what happened to it
      logger.error(`dunning: recording the delivery of notice ${notice.id} failed: ${(error as Error).message}`)
    }
  })
  return tally
}

/** Runs `work` over `items` with at most `limit` at a time (SMTP pools send in parallel). */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]
      await work(item)
    }
  })
  await Promise.all(lanes)
}
