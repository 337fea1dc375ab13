/**
 * How amounts, days and dates read in the collections screens. Amounts are formatted per currency
 * (its own minor units and symbol) and never added across currencies.
 */

export function formatMoney(amount: number | string | null | undefined, currencyCode: string, locale?: string): string {
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
export function daysOverdueLabel(days: number): string {
  if (!Number.isFinite(days)) {
    return "–"
  }
  if (days === 0) {
    return "due today"
  }
  if (days > 0) {
    return days === 1 ? "1 day overdue" : `${days} days overdue`
  }
  const ahead = -days
  return ahead === 1 ? "due tomorrow" : `due in ${ahead} days`
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

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) {
    return "–"
  }
  const rounded = Math.round(days * 10) / 10
  return `${rounded} ${Math.abs(rounded) === 1 ? "day" : "days"}`
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return "–"
  }
  return `${Math.round(rate * 1000) / 10}%`
}

export function formatDate(value: string | Date | null | undefined, locale?: string): string {
  if (!value) {
    return "–"
  }
  const date = typeof value === "string" ? new Date(value) : value
  if (Number.isNaN(date.getTime())) {
    return "–"
  }
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date)
}

export function formatDateTime(value: string | Date | null | undefined, locale?: string): string {
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
export function formatNextAction(value: string | Date | null | undefined, locale?: string, dueForNextRun = false): string {
  if (dueForNextRun || (value && new Date(value).getTime() <= 0)) {
    return "next run"
  }
  return formatDate(value, locale)
}

/** Snake-case API words ("left_voicemail", "claim_for_non_payment") as a person writes them. */
export function humanize(value: string | null | undefined): string {
  if (!value) {
    return "–"
  }
  const words = value.replace(/_/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
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
export function pathErrors(message: string | null | undefined): Record<string, string> {
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
    const text = match[2] ? `line ${match[2]}: ${match[3]}` : match[3]
    errors[match[1]] = errors[match[1]] ? `${errors[match[1]]}; ${text}` : text
  }
  return errors
}

/** An admin user as the screens name them: full name, or the e-mail when no name is set. */
export function userName(user: { first_name?: string | null; last_name?: string | null; email?: string | null }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.email || "–"
}

/** A customer as the lists name them: company, then name, then e-mail. */
export function customerLabel(customer: { company_name: string | null; name: string | null; email: string | null }): string {
  return customer.company_name || customer.name || customer.email || "Unknown customer"
}

/**
 * An open invoice without a due date: its terms start at the order's first shipment or delivery, and it
 * is not chased until then.
 */
export function awaitingLabel(termsStart: string | null | undefined): string {
  return termsStart === "delivery" ? "awaiting delivery" : "awaiting shipment"
}
