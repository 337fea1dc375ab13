import { currencyTotals, type NoticeLine } from "../../modules/dunning/domain/notice-lines"
import { localDay } from "../../modules/dunning/domain/calendar"
import { decimalSub } from "../../modules/dunning/domain/decimal"
import { INVOICE_NOTICE_NAME } from "../../modules/dunning/domain/notice-documents"
import type { ClaimedNotice, DeliveryOutcome } from "../../modules/dunning/service"
import { renderNoticeIsolated, RendererUnavailable, TemplateRenderError } from "../../modules/dunning/templates"
import { SHIPPED_LANGUAGES, shippedInvoiceEmail } from "../../modules/dunning/templates/shipped-text"
import { noticeContext, noticeTemplates, type StageTemplates } from "../dunning/notice-content"
import type { DeliveryFacts } from "./load-delivery-context"
import { invoiceAttachment, type DocumentSources } from "./notice-attachments"
import { followUpFor, outcomeBase, repNote } from "./notice-outcomes"
import type { NoticeContent } from "./render-notice-content"
import { sendOnChannels, type Sender } from "./send-on-channels"

/**
 * The e-mail that sends a new invoice: the invoice's subject and body from the texts the plugin ships, in
 * the customer's language (else the store's, else English), with the invoice's PDF attached, to the billing
 * contacts, through the same channels, retries and idempotency keys as every notice. It goes out whether
 * the invoice is paid yet or not; an invoice voided or written off before then is not sent. Once sent, the
 * customer's history says so ("Invoice sent"); the notice lists no lines (it is not a reminder).
 */
const INVOICE_TEMPLATES: StageTemplates = (() => {
  const english = shippedInvoiceEmail("en")
  const translations = Object.fromEntries(
    SHIPPED_LANGUAGES.filter((l) => l !== "en").map((l) => {
      const text = shippedInvoiceEmail(l)
      return [l, { subject_template: text.subject, body_html_template: text.html, body_text_template: null }]
    })
  )
  return { subject_template: english.subject, body_html_template: english.html, body_text_template: null, translations }
})()

/** The invoice as the one line of its e-mail (no due date while its terms wait for the shipment). */
function invoiceLine(r: any, now: Date, timezone: string): NoticeLine {
  const value = (raw: any, plain: unknown) => String(raw?.value ?? plain ?? "0")
  const amount = value(r.raw_amount, r.amount)
  const paid = value(r.raw_amount_paid, r.amount_paid)
  const due = r.due_at ? new Date(r.due_at) : null
  return {
    id: r.id,
    number: r.number,
    currency_code: r.currency_code,
    amount,
    amount_paid: paid,
    outstanding: decimalSub(amount, paid),
    issued_at: new Date(r.issued_at).toISOString(),
    due_at: due ? due.toISOString() : "",
    days_overdue: due ? Math.max(0, localDay(now, timezone) - localDay(due, timezone)) : 0,
  }
}

async function renderInvoiceEmail(notice: ClaimedNotice, receivable: any, policy: any, facts: DeliveryFacts, sender: Sender): Promise<NoticeContent> {
  const { ctx } = sender
  const timezone = policy.timezone ?? "UTC"
  const profile = facts.profileOf.get(notice.customer_id)
  const lines = [invoiceLine(receivable, ctx.now, timezone)]
  const totals = currencyTotals(lines)
  const written = noticeTemplates(INVOICE_TEMPLATES, profile?.preferred_language ?? notice.language, ctx.options.defaultLanguage)
  const rendered = await renderNoticeIsolated(
    written.templates,
    noticeContext(
      {
        customer: { id: notice.customer_id, ...(facts.cards.get(notice.customer_id) ?? { name: "customer", company: null, email: null }) },
        lines,
        totals,
        stage: { name: INVOICE_NOTICE_NAME, tone: "neutral", position: 0, offset_days: 0 },
        notices_sent: 0,
        days_since_first_notice: null,
        language: written.locale,
        timezone,
        now: ctx.now,
        rep: profile?.rep_user_id ? facts.reps.get(profile.rep_user_id) ?? null : null,
        store_name: ctx.store_name,
        collection_page_url: facts.links.get(notice.customer_id)?.url ?? null,
      },
      ctx.options
    )
  )
  const link_token = facts.links.get(notice.customer_id)?.token ?? null
  return { lines, totals, timezone, language: written.language, locale: written.locale, ...rendered, link_token, template_version_id: null, template_variant: null } as NoticeContent
}

export async function deliverInvoiceNotice(notice: ClaimedNotice, facts: DeliveryFacts, sender: Sender, sources: DocumentSources): Promise<DeliveryOutcome> {
  const { ctx } = sender
  const base = outcomeBase(notice, ctx.now)
  const notesLanguage = ctx.options.defaultLanguage
  const profile = facts.profileOf.get(notice.customer_id)
  const receivable = facts.receivables.get(notice.receivable_ids[0])
  if (!receivable || receivable.status === "void" || receivable.status === "written_off") {
    return { ...base, status: "cancelled", cancel_reason: "the invoice was voided or written off before its e-mail went out" }
  }
  const policy: any = notice.policy_id ? facts.policyOf.get(notice.policy_id) : null
  if (!policy) {
    return { ...base, status: "failed", last_error: "the notice's policy no longer exists", follow_up: followUpFor(notice, profile, repNote(notesLanguage, notice, (n) => n.stage_gone)) }
  }
  let content: NoticeContent
  try {
    content = await renderInvoiceEmail(notice, receivable, policy, facts, sender)
  } catch (error) {
    if (error instanceof RendererUnavailable) {
      throw error
    }
    const message = error instanceof TemplateRenderError ? error.message : "the templates could not be rendered"
    return { ...base, status: "failed", last_error: `template: ${message}`, follow_up: followUpFor(notice, profile, repNote(notesLanguage, notice, (n) => n.template_failed, { error: message })) }
  }
  const card = facts.cards.get(notice.customer_id)
  const files = await invoiceAttachment({ receivable, language: content.locale, timezone: content.timezone, card, now: ctx.now }, ctx.options, sources)
  if (files.error !== null) {
    const error = files.error
    return { ...base, status: "failed", last_error: `documents: ${error}`, follow_up: followUpFor(notice, profile, repNote(notesLanguage, notice, (n) => n.documents_failed, { error })) }
  }
  const stage = { name: INVOICE_NOTICE_NAME, tone: "neutral", channel: notice.channel }
  const outcome = await sendOnChannels({ notice, profile, card, stage, policy, content, attachments: files.attachments }, sender)
  if (outcome.status !== "sent") {
    return outcome
  }
  const to = outcome.recipients?.to.join(", ") || outcome.channel || ""
  const note = repNote(notesLanguage, notice, (n) => n.invoice_sent, { number: receivable.number, to, filename: files.attachments[0].filename })
  // the invoice is listed by its id only: its e-mail is not a reminder, so no collection rate counts it
  return { ...outcome, lines: undefined, totals: undefined, receivable_ids: notice.receivable_ids, invoice_sent: { note } }
}
