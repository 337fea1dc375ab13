/**
 * The plugin's admin texts live in the dashboard's i18next under the plugin's own namespace
 * (`src/admin/i18n/index.ts`, merged by the admin at build time), so every screen speaks the language the
 * admin user chose in their profile; dates, amounts and numbers follow that language too.
 */

/** The namespace of the plugin's texts in the dashboard's i18next. */
export const NAMESPACE = "dunning"

/** Looks a text up by its key in the plugin's namespace; `values` fill its `{{placeholders}}`. */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** What a screen needs to speak the dashboard's language: its texts, and its locale for `Intl`. */
export type Language = { t: Translate; locale: string }

/**
 * The dashboard names its languages "en", "es", "ptBR", "zhCN"; `Intl` takes BCP 47 tags ("pt-BR").
 * Anything `Intl` does not know reads as English.
 */
export function dashboardLocale(code: string | null | undefined): string {
  if (!code) {
    return "en"
  }
  const match = /^([a-z]{2,3})([A-Z]{2})$/.exec(code)
  const tag = match ? `${match[1]}-${match[2]}` : code
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en"
  } catch {
    return "en"
  }
}

/** A number as the language writes it: "1,234.5", "1.234,5", "1 234,5". */
export function formatNumber(value: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)
  } catch {
    return String(value)
  }
}

/** The language's plural category for a count ("one", "few", "many", "other"). */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  try {
    return new Intl.PluralRules(locale).select(count)
  } catch {
    return count === 1 ? "one" : "other"
  }
}

/**
 * A text that changes with a count: `key` holds one form per plural category of the language
 * (`{ one: "{{count}} day", other: "{{count}} days" }`), and `{{count}}` is the number as the language
 * writes it. The plural rules are `Intl`'s for the BCP 47 locale, which also serves the dashboard's "ptBR"
 * and "enGB" (whose codes i18next's own plural rules cannot read).
 */
export function plural(lang: Language, key: string, count: number, values: Record<string, unknown> = {}): string {
  const all = { ...values, count: formatNumber(count, lang.locale) }
  const other = lang.t(`${key}.other`, all)
  const category = pluralCategory(count, lang.locale)
  return category === "other" ? other : lang.t(`${key}.${category}`, { ...all, defaultValue: other })
}

/** "a, b and c" as the language joins a list ("a, b y c", "a, b und c"). */
export function formatList(items: string[], locale: string): string {
  // Intl.ListFormat is in every browser the admin supports; the admin's TypeScript lib (ES2020) does not declare it
  const ListFormat = (Intl as unknown as { ListFormat?: new (locale: string, options: object) => { format: (items: string[]) => string } }).ListFormat
  try {
    return ListFormat ? new ListFormat(locale, { style: "long", type: "conjunction" }).format(items) : items.join(", ")
  } catch {
    return items.join(", ")
  }
}
