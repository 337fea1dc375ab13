/**
 * Calendar arithmetic in the store's timezone, on plain `Date`s (UTC instants) and Node's ICU data.
 * Dunning speaks in calendar days ("5 days after the due date", "Monday to Friday, 8:00 to 18:00"),
 * which must not drift by an hour across a daylight-saving change or slip a day at midnight, so all of
 * it goes through the zone's own rules rather than through fixed 24-hour offsets.
 */
const DAY_MS = 86_400_000

export type LocalParts = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. "Europe/Berlin"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/**
 * Offsets change only at transitions, which every zone in use today places on a quarter hour of UTC;
 * the zone's offset is therefore looked up once per quarter hour and reused (Intl's formatter is slow
 * compared with the arithmetic, and a run reads the calendar for every receivable).
 */
const QUARTER_HOUR = 900_000
const offsets = new Map<string, number>()

function zoneOffsetMs(instantMs: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") {
    return 0
  }
  const bucket = Math.floor(instantMs / QUARTER_HOUR)
  const key = `${timeZone}|${bucket}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR
    const parts: Record<string, string> = {}
    for (const p of formatterFor(timeZone).formatToParts(new Date(at))) {
      parts[p.type] = p.value
    }
    offset = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - at
    if (offsets.size > 200_000) {
      offsets.clear()
    }
    offsets.set(key, offset)
  }
  return offset
}

/** The wall-clock reading of an instant in a zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const wall = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone))
  const weekday = wall.getUTCDay()
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
  }
}

/** The local calendar date of an instant, as a day number (days since 1970-01-01), for day arithmetic. */
export function localDay(instant: Date, timeZone: string): number {
  return Math.floor((instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone)) / DAY_MS)
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number. */
export function weekdayOfDay(day: number): number {
  const weekday = new Date(day * DAY_MS).getUTCDay()
  return weekday === 0 ? 7 : weekday
}

/** "2026-03-29" for a day number. */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  return zoneOffsetMs(instantMs, timeZone)
}

/**
 * The instant at which the zone's wall clock shows `hour:minute` on a local day. A wall time that does
 * not exist (skipped by a spring-forward change) is moved forward by the length of the gap (02:30 on the
 * night clocks jump from 02:00 to 03:00 becomes 03:30); one that exists twice (fall-back) resolves to
 * the earlier of the two.
 */
export function instantAtLocalTime(day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = day * DAY_MS + hour * 3_600_000 + minute * 60_000
  // the offsets in force half a day either side cover every transition that can touch this wall time
  let earliest = Infinity
  for (let k = -1; k <= 1; k++) {
    const instant = wall - offsetAt(wall + (k * DAY_MS) / 2, timeZone)
    if (instant < earliest && instant + offsetAt(instant, timeZone) === wall) {
      earliest = instant
    }
  }
  if (earliest !== Infinity) {
    return new Date(earliest)
  }
  // inside a spring-forward gap: read `wall` with the offset from before the change
  const before = wall - offsetAt(wall - DAY_MS / 2, timeZone)
  return new Date(before)
}

/** The first instant of a local day in a zone (midnight, or the first existing moment that day). */
export function startOfLocalDay(day: number, timeZone: string): Date {
  return instantAtLocalTime(day, 0, 0, timeZone)
}

/**
 * When notices may go out: days of the week (ISO 1–7) and an hour range [startHour, endHour) of the
 * store's timezone.
 */
export type SendWindow = {
  timezone: string
  days: number[]
  startHour: number
  endHour: number
}

/** Whether an instant falls inside the send window. */
export function inSendWindow(instant: Date, window: SendWindow): boolean {
  const p = localParts(instant, window.timezone)
  return window.days.includes(p.weekday) && p.hour >= window.startHour && p.hour < window.endHour
}

/**
 * The earliest instant at or after `instant` that is inside the send window: `instant` itself when it
 * is inside, else the opening hour of the same or the next allowed day.
 */
export function nextWindowOpening(instant: Date, window: SendWindow): Date {
  if (inSendWindow(instant, window)) {
    return instant
  }
  const today = localDay(instant, window.timezone)
  for (let day = today; day <= today + 8; day++) {
    if (!window.days.includes(weekdayOfDay(day))) {
      continue
    }
    const opening = instantAtLocalTime(day, window.startHour, 0, window.timezone)
    if (opening.getTime() >= instant.getTime()) {
      return opening
    }
  }
  throw new Error("send window has no open day")
}
