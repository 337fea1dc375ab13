import { localDay } from "../../modules/dunning/domain/calendar"
import { currencyTotals, lineSourceOf, noticeLines, type CurrencyTotal, type NoticeLine } from "../../modules/dunning/domain/notice-lines"
import type { ClaimedNotice } from "../../modules/dunning/service"
import { RendererUnavailable, renderNoticeIsolated, TemplateRenderError } from "../../modules/dunning/templates"
import { templatesOfVariant, variantFor, type TemplateVariant } from "../../modules/dunning/domain/template-variants"
import { noticeContext, noticeTemplates } from "../dunning/notice-content"
import type { DeliveryContext, DeliveryFacts } from "./load-delivery-context"

/**
 * A notice's content as it is sent: the lines and totals of what is still owed now (not what was owed
 * when the run created the notice), rendered on the isolated renderer from the stage's templates in one
 * language: the customer's when the stage speaks it, else the store's default language, else English.
 * A template that cannot be rendered is a problem for the rep to fix, reported as such; a renderer that
 * cannot start is not the template's fault, so it is thrown and the notice waits.
 * `link_token` is the token of the collection page link the notice carries: sent, never stored.
 */
export type NoticeContent = {
  lines: NoticeLine[]
  totals: CurrencyTotal[]
  timezone: string
  /** The language the notice is written in ("fr"), and the locale its money, dates and numbers follow ("fr-CA"). */
  language: string
  locale: string
  subject: string
  html: string
  text: string
  link_token: string | null
  /** The stage's template version, and the variant (A: its own templates, B: the alternative) while the stage has a split. */
  template_version_id: string | null
  template_variant: TemplateVariant | null
}

export type Rendering = { content: NoticeContent; error: null } | { content: null; error: string }

export async function renderNoticeContent(
  notice: ClaimedNotice,
  stillOwed: any[],
  stage: any,
  policy: any,
  facts: DeliveryFacts,
  ctx: DeliveryContext
): Promise<Rendering> {
  const timezone = policy.timezone ?? "UTC"
  const lines = noticeLines(stillOwed.map(lineSourceOf), ctx.now, timezone)
  const totals = currencyTotals(lines)
  const profile = facts.profileOf.get(notice.customer_id)
  const firstSent = firstNoticeAbout(notice.customer_id, new Set(lines.map((l) => l.id)), facts.history)
  const variant = variantFor(notice.customer_id, stage.id, stage)
  const written = noticeTemplates(templatesOfVariant(stage, variant), profile?.preferred_language ?? notice.language, ctx.options.defaultLanguage)
  try {
    const rendered = await renderNoticeIsolated(
      written.templates,
      noticeContext(
        {
          customer: { id: notice.customer_id, ...(facts.cards.get(notice.customer_id) ?? { name: "customer", company: null, email: null }) },
          lines,
          totals,
          stage: { name: stage.name, tone: stage.tone, position: stage.position + 1, offset_days: stage.offset_days },
          notices_sent: Math.max(0, ...stillOwed.map((r: any) => Number(r.notices_sent) - 1)),
          days_since_first_notice: firstSent ? localDay(ctx.now, timezone) - localDay(firstSent, timezone) : null,
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
    const { language, locale } = written
    const version = { template_version_id: stage.template_version_id ?? null, template_variant: stage.variant_b && stage.variant_split ? variant : null }
    return { content: { lines, totals, timezone, language, locale, subject: rendered.subject, html: rendered.html, text: rendered.text, link_token, ...version }, error: null }
  } catch (error) {
    if (error instanceof RendererUnavailable) {
      // no renderer could start: nothing is wrong with the template, so the notice is tried again later
      throw error
    }
    return { content: null, error: error instanceof TemplateRenderError ? error.message : "the templates could not be rendered" }
  }
}

/** When the customer was first sent a notice listing any of these receivables (within the history read). */
function firstNoticeAbout(customerId: string, receivableIds: Set<string>, history: DeliveryFacts["history"]): Date | null {
  return history
    .filter((h) => h.customer_id === customerId && h.receivable_ids.some((id) => receivableIds.has(id)))
    .reduce<Date | null>((min, h) => (!min || new Date(h.sent_at) < min ? new Date(h.sent_at) : min), null)
}
