import { isKnownCurrency } from "../domain/currency"
import { daysOverdue } from "../domain/schedule"
import { safeLocale, safeTimeZone } from "./context"

/**
 * Formatting used by the template helpers and by the invoice table. Every function here takes loose
 * input (whatever a template passes) and returns a string: a bad amount or date shows as its raw text
 * or as nothing, it never throws, so one odd value cannot stop a notice.
 */

/** Helpers that produce a value: `{{money …}}`, `{{date …}}`, … */
export const VALUE_HELPERS = ["money", "date", "daysOverdue", "upper", "lower"] as const
/** Handlebars' built-in block helpers that stay available. */
export const BLOCK_HELPERS = ["if", "unless", "each", "with"] as const

/** One of {@link VALUE_HELPERS}; the helper table is typed by it so none can be left out. */
export type ValueHelperName = (typeof VALUE_HELPERS)[number]
/** The `format` options of `{{date}}`: Intl's date styles without "full", whose weekday reads oddly in a table. */
export type DateStyle = "short" | "medium" | "long"

/** The accepted `format=` values, for the validator and the helper alike. */
export const DATE_STYLES: readonly DateStyle[] = ["short", "medium", "long"]

// A plain decimal as money is stored ("12400.5", "-3.20"); no exponents, no thousands separators.
const DECIMAL = /^[+-]?\d{1,30}(\.\d{1,20})?$/
const CACHE_LIMIT = 256

const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

// Formatters are costly to build and hold no state; the cache is bounded because locales come from customers.
function cached<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key)
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) {
      cache.clear()
    }
    value = build()
    cache.set(key, value)
  }
  return value
}

/**
 * "€1,250.50" (en) or "1.250,50 €" (de-DE) for `("1250.5", "eur")`, with the currency's own number of
 * decimals (JPY none, BHD three). The decimal string goes to Intl as a string, which formats it exactly
 * instead of through a binary float.
 */
export function formatMoney(amount: unknown, currencyCode: unknown, locale: string): string {
  const raw = typeof amount === "string" ? amount.trim() : typeof amount === "number" && Number.isFinite(amount) ? String(amount) : null
  if (raw === null) {
    return ""
  }
  if (!DECIMAL.test(raw)) {
    return typeof amount === "string" ? amount : ""
  }
  const code = typeof currencyCode === "string" ? currencyCode.trim().toUpperCase() : ""
  if (!/^[A-Z]{3}$/.test(code) || !isKnownCurrency(code)) {
    return code && /^[A-Z]{3}$/.test(code) ? `${raw} ${code}` : raw
  }
  try {
    const lang = safeLocale(locale)
    const format = cached(numberFormats, `${lang}|${code}`, () => new Intl.NumberFormat(lang, { style: "currency", currency: code }))
    // Intl formats numeric strings as exact decimals (ES2023); the typings only know number | bigint
    return (format.format as unknown as (value: string) => string)(raw)
  } catch {
    return raw
  }
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value
  }
  if (typeof value !== "string" && typeof value !== "number") {
    return null
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "Mar 2, 2026" (en, medium) for an ISO instant, read on the calendar of the store's timezone. */
export function formatDate(value: unknown, locale: string, timeZone: string, style: unknown = "medium"): string {
  const date = toDate(value)
  if (!date) {
    return typeof value === "string" ? value : ""
  }
  const dateStyle: DateStyle = DATE_STYLES.includes(style as DateStyle) ? (style as DateStyle) : "medium"
  try {
    const lang = safeLocale(locale)
    const zone = safeTimeZone(timeZone)
    const format = cached(dateFormats, `${lang}|${zone}|${dateStyle}`, () => new Intl.DateTimeFormat(lang, { dateStyle, timeZone: zone }))
    return format.format(date)
  } catch {
    return typeof value === "string" ? value : ""
  }
}

/** Calendar days from a due date to `now` in the store's timezone; "" when either date is unreadable. */
export function overdueDays(dueAt: unknown, now: unknown, timeZone: string): number | "" {
  const due = toDate(dueAt)
  const at = toDate(now)
  if (!due || !at) {
    return ""
  }
  try {
    return daysOverdue(due, at, safeTimeZone(timeZone))
  } catch {
    return ""
  }
}

function changeCase(value: unknown, locale: string, upper: boolean): string {
  if (typeof value !== "string" && typeof value !== "number") {
    return ""
  }
  const textValue = String(value)
  try {
    const lang = safeLocale(locale)
    return upper ? textValue.toLocaleUpperCase(lang) : textValue.toLocaleLowerCase(lang)
  } catch {
    return upper ? textValue.toUpperCase() : textValue.toLowerCase()
  }
}

/** What a helper reads from the render it runs in (handlebars passes it as `options.data.root`). */
type RenderRoot = { locale?: unknown; timezone?: unknown; now?: unknown }

type HelperOptions = { hash?: Record<string, unknown>; data?: { root?: RenderRoot } }

function rootOf(options: HelperOptions | undefined): { locale: string; timezone: string; now: unknown } {
  const root = options?.data?.root ?? {}
  return {
    locale: typeof root.locale === "string" ? root.locale : "en",
    timezone: typeof root.timezone === "string" ? root.timezone : "UTC",
    now: root.now,
  }
}

type Helper = (...args: unknown[]) => unknown

/**
 * The helpers a template may call, reading locale, timezone and `now` from the render's own root
 * context (nothing shared between renders). `beforeCall` lets the caller enforce its time budget.
 */
export function createHelpers(beforeCall: () => void): Record<ValueHelperName, Helper> {
  // handlebars passes its options object last; templates may pass fewer arguments than expected
  const split = (args: unknown[]): [unknown[], HelperOptions | undefined] => {
    beforeCall()
    const options = args.length ? (args[args.length - 1] as HelperOptions) : undefined
    return [args.slice(0, -1), options]
  }
  return {
    money: (...args) => {
      const [[amount, currency], options] = split(args)
      return formatMoney(amount, currency, rootOf(options).locale)
    },
    date: (...args) => {
      const [[value], options] = split(args)
      const root = rootOf(options)
      return formatDate(value, root.locale, root.timezone, options?.hash?.format ?? "medium")
    },
    daysOverdue: (...args) => {
      const [[dueAt], options] = split(args)
      const root = rootOf(options)
      return overdueDays(dueAt, root.now, root.timezone)
    },
    upper: (...args) => {
      const [[value], options] = split(args)
      return changeCase(value, rootOf(options).locale, true)
    },
    lower: (...args) => {
      const [[value], options] = split(args)
      return changeCase(value, rootOf(options).locale, false)
    },
  }
}
