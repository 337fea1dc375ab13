import de from "./locales/de.json"
import en from "./locales/en.json"
import es from "./locales/es.json"
import fr from "./locales/fr.json"
import it from "./locales/it.json"
import nl from "./locales/nl.json"
import pt from "./locales/pt.json"

/**
 * The words the plugin itself puts in front of people, in every language it ships: the default policy's
 * stage templates, the invoice table and the statement's headings, the collection page, the notes a rep
 * reads, and the message a customer on credit hold gets at checkout. Each language is one file in
 * `locales/` (English is the reference: every other file has each of its keys, checked by a unit test).
 * Messages name their values in braces ("Total {currency}"); a message that counts something has a form
 * per plural category of its language ("one", "other", …), picked with Intl's plural rules.
 */
export type ShippedText = typeof en
/** The forms of a counted message, by plural category; "other" is the one every language has. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>
/** The keys of the default policy's stages that send a notice. */
export type ShippedStageKey = keyof ShippedText["stages"]

export const SHIPPED_LANGUAGES = ["en", "es", "de", "fr", "pt", "it", "nl"] as const
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number]

// typed as the English file, so a language that lacks a key does not compile
const TEXTS: Record<ShippedLanguage, ShippedText> = { en, es, de, fr, pt, it, nl }

/** The primary language of a BCP 47 tag, lower case ("pt-BR" and "pt_br" → "pt"); "" when there is none. */
export function baseLanguage(tag: string | null | undefined): string {
  return typeof tag === "string" ? tag.trim().toLowerCase().split(/[-_]/)[0] : ""
}

/** The shipped language a tag speaks ("fr-CA" → "fr"), or null when the plugin ships none for it. */
export function shippedLanguageOf(tag: string | null | undefined): ShippedLanguage | null {
  const base = baseLanguage(tag)
  return (SHIPPED_LANGUAGES as readonly string[]).includes(base) ? (base as ShippedLanguage) : null
}

/** The shipped texts for a tag's language; English when the plugin ships none for it. */
export function shippedText(tag: string | null | undefined): ShippedText {
  return TEXTS[shippedLanguageOf(tag) ?? "en"]
}

/** The shipped texts of one language, exactly (for the checks that compare the files). */
export function shippedTextOf(language: ShippedLanguage): ShippedText {
  return TEXTS[language]
}

/** A message with its `{name}` placeholders filled in; a placeholder without a value is left as written. */
export function fillText(message: string, values: Record<string, string | number> = {}): string {
  return message.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
  )
}

const pluralRules = new Map<string, Intl.PluralRules>()
const numberFormats = new Map<string, Intl.NumberFormat>()
// bounded: locales come from customers
const CACHE_LIMIT = 64

function cachedFor<T>(cache: Map<string, T>, locale: string, build: (locale: string) => T): T {
  let value = cache.get(locale)
  if (!value) {
    if (cache.size >= CACHE_LIMIT) {
      cache.clear()
    }
    try {
      value = build(locale)
    } catch {
      value = build("en")
    }
    cache.set(locale, value)
  }
  return value
}

/** A whole number as the locale writes it ("1,250" in English, "1.250" in German). */
export function formatCount(count: number, locale: string): string {
  return cachedFor(numberFormats, locale, (l) => new Intl.NumberFormat(l)).format(count)
}

/**
 * The form of a counted message for `count` in the locale's plural rules, with `{count}` written as the
 * locale writes numbers and the other placeholders from `values`.
 */
export function countedText(forms: PluralForms, count: number, locale: string, values: Record<string, string | number> = {}): string {
  const category = cachedFor(pluralRules, locale, (l) => new Intl.PluralRules(l)).select(count)
  return fillText(forms[category] ?? forms.other, { ...values, count: formatCount(count, locale) })
}

/** A stage of the default policy in one language: its subject and HTML body templates (the text part is derived from the HTML). */
export function shippedStage(language: ShippedLanguage, key: ShippedStageKey): { subject: string; html: string } {
  const stage = TEXTS[language].stages[key]
  return { subject: stage.subject, html: stage.html.join("\n") }
}

/** The invoice e-mail in one language: its subject and HTML body templates (the text part is derived from the HTML). */
export function shippedInvoiceEmail(language: ShippedLanguage): { subject: string; html: string } {
  const email = TEXTS[language].invoice_email
  return { subject: email.subject, html: email.html.join("\n") }
}

/**
 * What a customer on credit hold is told when checkout on terms is refused, in their language (the
 * store's default language when the plugin ships none for theirs, then English): about overdue invoices
 * (`overdue`: a hold the stages or rules placed), or to contact the store (`manual`: one placed by hand).
 */
export function creditHoldMessage(language: string | null | undefined, storeDefault?: string | null, kind: "overdue" | "manual" = "overdue"): string {
  const speaks = shippedLanguageOf(language) ?? shippedLanguageOf(storeDefault) ?? "en"
  return kind === "manual" ? TEXTS[speaks].credit_hold.orders_paused : TEXTS[speaks].credit_hold.checkout_refused
}
