/**
 * The time frames of collection analytics, all in UTC: a period is half-open, `[from, to)`, so a payment
 * booked exactly at `to` belongs to the next period and consecutive months never share an instant; a
 * month is a UTC calendar month; a count of days between two instants is the number of UTC calendar days
 * between their dates (23:00Z on the 16th to 01:00Z on the 17th is one day).
 */
export const DAY_MS = 86_400_000

/** How far back the KPI trends and the customer summary look. */
export const TREND_MONTHS = 12

export type Window = { start: Date; end: Date }

export type MonthWindow = Window & { month: string }

export function utcMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
}

/** The same instant `months` calendar months later (or earlier), on the last day of a shorter month. */
export function addUtcMonths(at: Date, months: number): Date {
  const year = at.getUTCFullYear()
  const month = at.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(at.getUTCDate(), lastDay),
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds()
    )
  )
}

/** "2026-03" for any instant in March 2026 (UTC). */
export function monthKey(at: Date): string {
  return at.toISOString().slice(0, 7)
}

/** "2026-03-16": the UTC calendar date of an instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** Length of a window in days, with the fraction of a day a period ending "now" has. */
export function windowDays(window: Window): number {
  return (window.end.getTime() - window.start.getTime()) / DAY_MS
}

/**
 * The calendar months of a trend: the `count` UTC months whose start lies before `to`, the last one cut
 * at `to`. A `to` on the first of a month at midnight ends the trend with the full previous month.
 */
export function trendMonths(to: Date, count = TREND_MONTHS): MonthWindow[] {
  const last = utcMonthStart(new Date(to.getTime() - 1))
  const months: MonthWindow[] = []
  for (let i = count - 1; i >= 0; i--) {
    const start = addUtcMonths(last, -i)
    const end = i === 0 ? to : addUtcMonths(last, -i + 1)
    months.push({ month: monthKey(start), start, end })
  }
  return months
}

/** The period of a KPI request: `[from, to)`, by default the twelve months that end at `now`. */
export function kpiPeriod(input: { from?: Date | null; to?: Date | null; now: Date }): Window {
  const end = input.to ?? input.now
  const start = input.from ?? addUtcMonths(end, -TREND_MONTHS)
  return { start, end }
}
