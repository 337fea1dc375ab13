import { formatMoney } from "../../../modules/dunning/templates/helpers"

/**
 * Dates and money on the page, in the customer's language: calendar dates are UTC days (as the plugin
 * counts days overdue everywhere), amounts exact decimals in their currency. The Intl formatters are built
 * once per language and currency (the page speaks four languages; currencies are ISO codes), not once per
 * invoice: a page lists up to 500 of them.
 */
const DAY = 86_400_000
const DECIMAL = /^\d{1,30}(\.\d{1,20})?$/
const dates = new Map<string, Intl.DateTimeFormat>()
// invoices share their days: each day is formatted once (bounded: cleared when full)
const shownDays = new Map<string, string>()
const SHOWN_DAYS_LIMIT = 10_000
const amounts = new Map<string, Intl.NumberFormat | null>()

export const utcDay = (at: Date | string) => Math.floor(new Date(at).getTime() / DAY)

/** Whole UTC calendar days from a due date to now: negative before it, null without one. */
export function daysPastDue(dueAt: Date | string | null, now: Date): number | null {
  return dueAt ? utcDay(now) - utcDay(dueAt) : null
}

export function pageDate(value: Date | string | null, lang: string): string {
  if (!value) {
    return "–"
  }
  let format = dates.get(lang)
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" })
    dates.set(lang, format)
  }
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) {
    return "–"
  }
  const key = `${lang}|${utcDay(at)}`
  let shown = shownDays.get(key)
  if (shown === undefined) {
    if (shownDays.size >= SHOWN_DAYS_LIMIT) {
      shownDays.clear()
    }
    shown = format.format(at)
    shownDays.set(key, shown)
  }
  return shown
}

export function pageMoney(amount: string, currencyCode: string, lang: string): string {
  const key = `${lang}|${currencyCode}`
  let format = amounts.get(key)
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(lang, { style: "currency", currency: currencyCode.toUpperCase() })
    } catch {
      format = null
    }
    amounts.set(key, format)
  }
  // Intl formats a numeric string as an exact decimal; anything else goes the template helpers' careful way
  return format && DECIMAL.test(amount) ? (format.format as unknown as (value: string) => string)(amount) : formatMoney(amount, currencyCode, lang)
}
