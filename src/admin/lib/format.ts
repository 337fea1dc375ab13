import { formatNumber, plural, type Language } from "./i18n"

/**
 * How amounts, days and dates read in the collections screens, in the dashboard's language (`Language`:
 * its texts and locale). Amounts are formatted per currency (its own minor units and symbol) and never
 * added across currencies.
 */

export function formatMoney(amount: number | string | null | undefined, currencyCode: string, locale: string): string {
  if (amount === null || amount === undefined || amount === "") {
    return "–"
  }
  const value = typeof amount === "string" ? Number(amount) : amount
  if (!Number.isFinite(value)) {
    return "–"
  }
  const code = currencyCode.toUpperCase()
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(value)
  } catch {
    return `${value.toFixed(2)} ${code}`
  }
}

/** "3 days overdue", "due today", "due in 5 days": a rep reads urgency at a glance. */
export function daysOverdueLabel(days: number, lang: Language): string {
  if (!Number.isFinite(days)) {
    return "–"
  }
  if (days === 0) {
    return lang.t("format.dueToday")
  }
  if (days > 0) {
    return plural(lang, "format.daysOverdue", days)
  }
  const ahead = -days
  return ahead === 1 ? lang.t("format.dueTomorrow") : plural(lang, "format.dueInDays", ahead)
}

/**
 * Calendar days (UTC) from the due date to today; positive once the due date has passed. The server's
 * aging, overdue list and call list count days overdue the same way.
 */
export function daysOverdue(dueAt: string | Date, now: Date = new Date()): number {
  const due = typeof dueAt === "string" ? new Date(dueAt) : dueAt
  const utcDay = (d: Date) => Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000)
  return utcDay(now) - utcDay(due)
}

/** The badge colour for a debt's age: the older, the hotter. */
export function overdueColor(days: number): "green" | "orange" | "red" | "grey" {
  if (days <= 0) {
    return "green"
  }
  if (days <= 30) {
    return "orange"
  }
  return "red"
}

/** A number of days to one decimal, in the language: "12.3 days", "1 day", "12,3 Tage". */
export function formatDays(days: number | null | undefined, lang: Language): string {
  if (days === null || days === undefined || !Number.isFinite(days)) {
    return "–"
  }
  return plural(lang, "format.days", Math.round(days * 10) / 10)
}

/** A rate as a percentage with one decimal, in the language: "83.3%", "83,3 %". */
export function formatPercent(rate: number | null | undefined, locale: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return "–"
  }
  try {
    return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate)
  } catch {
    return `${Math.round(rate * 1000) / 10}%`
  }
}

/** A count as the language writes it ("1,234", "1.234"). */
export function formatCount(value: number | null | undefined, locale: string): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : formatNumber(value, locale)
}

export function formatDate(value: string | Date | null | undefined, locale: string): string {
  if (!value) {
    return "–"
  }
  const date = typeof value === "string" ? new Date(value) : value
  if (Number.isNaN(date.getTime())) {
    return "–"
  }
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date)
}

export function formatDateTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) {
    return "–"
  }
  const date = typeof value === "string" ? new Date(value) : value
  if (Number.isNaN(date.getTime())) {
    return "–"
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date)
}

/**
 * When dunning next looks at an invoice. One that the next run should take up, whatever moment it acts
 * at (after a hold is lifted or a dispute resolved), is answered as `due_for_next_run: true` (and
 * `next_action_at: null`): "next run". The stored marker (the beginning of time) reads the same.
 */
export function formatNextAction(value: string | Date | null | undefined, lang: Language, dueForNextRun = false): string {
  if (dueForNextRun || (value && new Date(value).getTime() <= 0)) {
    return lang.t("format.nextRun")
  }
  return formatDate(value, lang.locale)
}

/** Snake-case API words ("left_voicemail") as a person writes them: the label of a value no translation names yet. */
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return "–"
  }
  const words = value.replace(/_/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The API's enumerations whose values the screens name in the admin's language. */
export type EnumGroup =
  | "eventType"
  | "callOutcome"
  | "noticeStatus"
  | "channel"
  | "receivableStatus"
  | "runStatus"
  | "runTrigger"
  | "skipReason"
  | "tone"

/**
 * The label of an API value ("claim_for_non_payment" → "Claim for Non-Payment", "Reclamación por impago"):
 * from the translations, or the value itself made readable when a newer server sends one they do not name.
 */
export function enumLabel(lang: Language, group: EnumGroup, value: string | null | undefined): string {
  if (!value) {
    return "–"
  }
  return lang.t(`enums.${group}.${value}`, { defaultValue: humanize(value) })
}

/**
 * The field a server message is about ("promised_date: must be ..." → "promised_date"), so a form can
 * show the message next to that field.
 */
export function fieldErrors(message: string | null | undefined): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!message) {
    return errors
  }
  for (const part of message.split("; ")) {
    const match = /^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*):\s*(.+)$/i.exec(part)
    if (match) {
      const field = match[1].split(".")[0]
      errors[field] = errors[field] ? `${errors[field]}; ${match[2]}` : match[2]
    } else {
      errors._ = errors._ ? `${errors._}; ${part}` : part
    }
  }
  return errors
}

/**
 * Like `fieldErrors`, keyed by the full path ("stages.1.subject_template"), keeping a template's line
 * ("line 2: unclosed block") so the editor can show it under the exact field.
 */
export function pathErrors(message: string | null | undefined, lang: Language): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!message) {
    return errors
  }
  for (const part of message.split("; ")) {
    const match = /^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?: \(line (\d+)\))?:\s*(.+)$/i.exec(part)
    if (!match) {
      errors._ = errors._ ? `${errors._}; ${part}` : part
      continue
    }
    const text = match[2] ? lang.t("format.templateLine", { line: match[2], message: match[3] }) : match[3]
    errors[match[1]] = errors[match[1]] ? `${errors[match[1]]}; ${text}` : text
  }
  return errors
}

/** An aging bucket as the admin's language names it, from its bounds: "Current (not yet overdue)", "1–30 days overdue", "More than 120 days overdue". */
export function agingBucketLabel(bucket: { min_days: number | null; max_days: number | null }, lang: Language): string {
  const min = bucket.min_days ?? 0
  if (min <= 0) {
    return lang.t("format.aging.current")
  }
  if (bucket.max_days === null) {
    return lang.t("format.aging.over", { days: formatNumber(min - 1, lang.locale) })
  }
  return lang.t("format.aging.range", { min: formatNumber(min, lang.locale), max: formatNumber(bucket.max_days, lang.locale) })
}

/** An admin user as the screens name them: full name, or the e-mail when no name is set. */
export function userName(user: { first_name?: string | null; last_name?: string | null; email?: string | null }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.email || "–"
}

/** A customer as the lists name them: company, then name, then e-mail. */
export function customerLabel(customer: { company_name: string | null; name: string | null; email: string | null }, lang: Language): string {
  return customer.company_name || customer.name || customer.email || lang.t("format.unknownCustomer")
}

/**
 * An open invoice without a due date: its terms start at the order's first shipment or delivery, and it
 * is not chased until then.
 */
export function awaitingLabel(termsStart: string | null | undefined, lang: Language): string {
  return lang.t(termsStart === "delivery" ? "format.awaitingDelivery" : "format.awaitingShipment")
}

/** A language tag as the admin's language names it ("fr" → "French", "Französisch"), or the tag itself. */
export function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(tag) ?? tag
  } catch {
    return tag
  }
}
