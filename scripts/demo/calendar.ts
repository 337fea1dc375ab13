/**
 * The simulation's days and its agenda. A day is the UTC midnight of its date in milliseconds, and
 * business days are Monday to Friday. The agenda holds what is planned for a later day (a payment, a
 * call) until that day comes.
 */

export const DAY = 86_400_000

/** The UTC midnight of the day `time` falls on. */
export const startOfDay = (time: number) => Math.floor(time / DAY) * DAY

/** A moment of a day. */
export const dayAt = (day: number, hour: number, minute = 0) => new Date(day + hour * 3_600_000 + minute * 60_000)

export const isWeekend = (day: number) => [0, 6].includes(new Date(day).getUTCDay())

export const isFriday = (day: number) => new Date(day).getUTCDay() === 5

/** `day` if it is a business day, else the next one. */
export function businessDay(day: number): number {
  let d = day
  while (isWeekend(d)) d += DAY
  return d
}

/** The business day `n` business days after `day`. */
export function addBusinessDays(day: number, n: number): number {
  let d = day
  for (let i = 0; i < n; i++) d = businessDay(d + DAY)
  return businessDay(d)
}

/** The date as YYYY-MM-DD. */
export const iso = (day: number) => new Date(day).toISOString().slice(0, 10)

/** What is planned for which day; a day's entries come out in the order they were planned. */
export class Agenda<T extends { at: number }> {
  private entries: T[] = []

  add(entry: T): void {
    this.entries.push(entry)
  }

  /** Removes and returns the entries planned for `day`. */
  take(day: number): T[] {
    const due = this.entries.filter((e) => e.at === day)
    this.entries = this.entries.filter((e) => e.at !== day)
    return due
  }
}
