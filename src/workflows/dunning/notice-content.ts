import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { DunningOptions } from "../../modules/dunning/options"
import type { CurrencyTotal, NoticeLine } from "../../modules/dunning/domain/notice-lines"
import type { NoticeTemplateContext, NoticeTemplates } from "../../modules/dunning/templates"
import { chooseLanguage, formattingLocale, languageCandidates } from "../../modules/dunning/domain/notice-language"

/**
 * Everything a notice's templates are rendered from: the stage's templates in the customer's language,
 * the pay links, and the context (customer, invoices, totals, rep, store) as plain data.
 */
export type StageTemplates = {
  subject_template: string | null
  body_html_template: string | null
  body_text_template: string | null
  translations?: Record<string, Partial<Omit<StageTemplates, "translations">>> | null
}

/** A template that says something; blank text ("", only spaces) is no template at all. */
export function presentTemplate(value: string | null | undefined): string | null {
  return typeof value === "string" && value.trim() ? value : null
}

/** Whether a translation has at least one template of its own (a blank one is not one). */
function translates(translation: Partial<Omit<StageTemplates, "translations">> | null | undefined): boolean {
  return !!translation && [translation.subject_template, translation.body_html_template, translation.body_text_template].some((t) => presentTemplate(t))
}

/**
 * The templates for a language: an exact translation ("fr-CA"), else the base language ("fr"), else the
 * stage's own templates; a translation may leave any of the three out, or blank, and inherit it. A
 * blank translation never replaces a template: it would fail every notice in that language.
 */
export function templatesFor(stage: StageTemplates, language: string | null): NoticeTemplates & { language: string | null } {
  const translations = stage.translations ?? {}
  const candidates = language ? [language, language.split("-")[0]] : []
  const chosen = candidates.find((l) => Object.prototype.hasOwnProperty.call(translations, l) && translates(translations[l]))
  const t = chosen ? translations[chosen] : {}
  return {
    subject: presentTemplate(t.subject_template) ?? stage.subject_template ?? "",
    body_html: presentTemplate(t.body_html_template) ?? stage.body_html_template ?? "",
    body_text: presentTemplate(t.body_text_template) ?? stage.body_text_template ?? null,
    language: chosen ?? null,
  }
}

/** The translation a stage has under a language tag, matched without regard to case ("pt-br" is "pt-BR"). */
function translationKey(stage: StageTemplates, language: string): string | null {
  const wanted = language.toLowerCase()
  const found = Object.keys(stage.translations ?? {}).find((key) => key.toLowerCase() === wanted)
  return found && translates(stage.translations![found]) ? found : null
}

/** A notice's templates, the language they are written in, and the locale its money, dates and numbers are formatted in. */
export type NoticeTemplatesInLanguage = { templates: NoticeTemplates; language: string; locale: string }

/**
 * The templates a notice to a customer is rendered from, in one language (see domain/notice-language.ts):
 * the customer's variant or language when the stage is translated into it, else the store's default
 * language, else the stage's own templates, which are English. A translation's blank parts are taken
 * from the stage's own templates, as `templatesFor` does.
 */
export function noticeTemplates(stage: StageTemplates, customerLanguage: string | null | undefined, storeDefault: string | null | undefined): NoticeTemplatesInLanguage {
  const language = chooseLanguage(languageCandidates(customerLanguage, storeDefault), (candidate) => translationKey(stage, candidate) !== null)
  const key = translationKey(stage, language)
  const chosen = key ? templatesFor(stage, key) : templatesFor(stage, null)
  const { language: _language, ...templates } = chosen
  return { templates, language: key ?? "en", locale: formattingLocale(key ?? "en", customerLanguage, storeDefault) }
}

/**
 * Fills `{{receivable.id}}`, `{{receivable.number}}`, `{{customer.id}}` in a pay-link template with
 * URL-encoded values; other text is left as the merchant wrote it.
 */
export function fillUrlTemplate(template: string | undefined, values: Record<string, string>): string | null {
  if (!template) {
    return null
  }
  return template.replace(/\{\{\s*([a-z_.]+)\s*\}\}/gi, (whole, key: string) =>
    key in values ? encodeURIComponent(values[key]) : whole
  )
}

export type NoticeFacts = {
  customer: { id: string; name: string; company: string | null; email: string | null }
  lines: NoticeLine[]
  totals: CurrencyTotal[]
  stage: { name: string; tone: string; position: number; offset_days: number }
  notices_sent: number
  days_since_first_notice: number | null
  /** The locale the notice is written for (see `noticeTemplates`): its money, dates and numbers, and the invoice table's language. */
  language: string | null
  timezone: string
  now: Date
  rep: { name: string; email: string | null } | null
  store_name: string
  /** The link to the customer's collection page this notice carries (made when it is sent); none while the page is off. */
  collection_page_url?: string | null
}

export function noticeContext(facts: NoticeFacts, options: Pick<DunningOptions, "paymentUrlTemplate" | "payAllUrlTemplate">): NoticeTemplateContext {
  return {
    now: facts.now.toISOString(),
    locale: facts.language ?? "en",
    timezone: facts.timezone,
    store: { name: facts.store_name },
    customer: facts.customer,
    receivables: facts.lines.map((l) => ({
      ...l,
      pay_url: fillUrlTemplate(options.paymentUrlTemplate, {
        "receivable.id": l.id,
        "receivable.number": l.number,
        "customer.id": facts.customer.id,
      }),
    })),
    totals: facts.totals,
    stage: facts.stage,
    days_since_first_notice: facts.days_since_first_notice,
    notices_sent: facts.notices_sent,
    rep: facts.rep,
    pay_all_url: fillUrlTemplate(options.payAllUrlTemplate, { "customer.id": facts.customer.id }),
    collection_page_url: facts.collection_page_url ?? null,
  }
}

/** The store's name as customers know it: the plugin option `storeName`, else the Medusa store's name. */
export async function storeName(container: MedusaContainer, options: Pick<DunningOptions, "storeName">): Promise<string> {
  if (options.storeName) {
    return options.storeName
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "store", fields: ["name"] })
  return (data[0] as { name?: string } | undefined)?.name ?? "our store"
}

/** Names and e-mails of admin users (the reps), by id. */
export async function repsById(container: MedusaContainer, ids: string[]): Promise<Map<string, { name: string; email: string | null }>> {
  const unique = [...new Set(ids.filter(Boolean))]
  if (!unique.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "user", fields: ["id", "first_name", "last_name", "email"], filters: { id: unique } })
  return new Map(
    (data as any[]).map((u) => [u.id, { name: [u.first_name, u.last_name].filter(Boolean).join(" ") || u.email, email: u.email ?? null }])
  )
}
