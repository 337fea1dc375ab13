import { parseExpression } from "cron-parser"

/**
 * Which job schedules Medusa's in-memory workflow engine can keep. That engine (the default of a store
 * with one server) waits for a scheduled job's next tick with a single `setTimeout`, and Node fires any
 * timer longer than 2^31−1 ms (24.8 days) after 1 ms instead (`TimeoutOverflowWarning`): a monthly
 * schedule such as "0 9 1 * *" would run the job in a tight loop, each time for a tick weeks ahead. The
 * Redis workflow engine schedules through BullMQ and has no such limit.
 *
 * The longest gap between two ticks of a cron expression is worked out from its fields: within a day
 * on which it runs the ticks are less than a day apart, so the gap that matters is between the last tick
 * of a day on which it runs and the first tick of the next such day. Which days match repeats every 28
 * years (weekdays against dates, leap years included, from 1901 to 2099), so 29 years of days are walked
 * once, with the day rules of cron-parser, the library the engine reads the expression with.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

const DAY_MS = 86_400_000
/** A daylight-saving change of the server's timezone can lengthen a gap by an hour. */
const DST_MARGIN_MS = 3_600_000
/** cron-parser's own table: a day-of-month field listing 29 days is a wildcard in February. */
const CRON_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const WALK_FROM = Date.UTC(2001, 0, 1) / DAY_MS
const WALK_DAYS = 29 * 366

type DayFields = {
  dayOfMonth: ReadonlyArray<number | string>
  dayOfWeek: ReadonlyArray<number | string>
  month: ReadonlyArray<number>
  nthDayOfWeek: number
}

/**
 * The longest time in milliseconds from the last tick of a day on which a cron expression (5 fields, or 6
 * with seconds first) runs to its first tick on the next such day, read in UTC; Infinity when it runs on
 * at most one day in 29 years. (Gaps within a day are shorter than a day.) Throws on an expression
 * cron-parser refuses.
 */
export function longestCronGapMs(expression: string): number {
  const parsed = parseExpression(expression, { utc: true }) as any
  const f = parsed.fields
  const timeOfDay = (h: number, m: number, s: number) => ((h * 60 + m) * 60 + s) * 1000
  const first = timeOfDay(Math.min(...f.hour), Math.min(...f.minute), Math.min(...f.second))
  const last = timeOfDay(Math.max(...f.hour), Math.max(...f.minute), Math.max(...f.second))
  const days: DayFields = { dayOfMonth: f.dayOfMonth, dayOfWeek: f.dayOfWeek, month: f.month, nthDayOfWeek: parsed._nthDayOfWeek ?? 0 }

  let previous: number | null = null
  let longestDays = 0
  for (let day = WALK_FROM; day < WALK_FROM + WALK_DAYS; day++) {
    if (!runsOn(day, days)) {
      continue
    }
    if (previous !== null) {
      longestDays = Math.max(longestDays, day - previous)
    }
    previous = day
  }
  if (previous === null || longestDays === 0) {
    return Infinity
  }
  return longestDays * DAY_MS + first - last
}

/** Whether the day-of-month, month and day-of-week fields let the expression run on a UTC day. */
function runsOn(dayNumber: number, f: DayFields): boolean {
  const date = new Date(dayNumber * DAY_MS)
  const dom = date.getUTCDate()
  const month = date.getUTCMonth()
  const weekday = date.getUTCDay()
  const lastOfMonth = new Date(Date.UTC(date.getUTCFullYear(), month + 1, 0)).getUTCDate()
  const isLastDay = dom === lastOfMonth
  const lastWeekdayOfMonth = dom + 7 > lastOfMonth

  const domMatch = f.dayOfMonth.includes(dom) || (f.dayOfMonth.includes("L") && isLastDay)
  const dowMatch =
    f.dayOfWeek.some((d) => typeof d === "number" && d % 7 === weekday) ||
    f.dayOfWeek.some((d) => typeof d === "string" && d.endsWith("L") && Number.parseInt(d, 10) % 7 === weekday && lastWeekdayOfMonth)
  const domWildcard = f.dayOfMonth.length >= CRON_DAYS_IN_MONTH[month]
  const dowWildcard = f.dayOfWeek.length === 8

  // both fields restricted: either may match (crontab(5)); one restricted: that one must match
  if (!domMatch && (!dowMatch || dowWildcard)) {
    return false
  }
  if (!domWildcard && dowWildcard && !domMatch) {
    return false
  }
  if (domWildcard && !dowWildcard && !dowMatch) {
    return false
  }
  if (f.nthDayOfWeek > 0 && !isNthWeekday(dom, f.nthDayOfWeek)) {
    return false
  }
  return f.month.includes(month + 1)
}

/** cron-parser's reading of "1#2" (the second Monday): the occurrence of the date's weekday in its month. */
function isNthWeekday(dom: number, nth: number): boolean {
  if (nth >= 6) {
    return false
  }
  if (dom < 8 && nth === 1) {
    return true
  }
  const offset = dom % 7 ? 1 : 0
  return Math.floor((dom - (dom % 7)) / 7) + offset === nth
}

type ModuleEntry = { resolve?: string } | boolean | undefined

/** Whether the Medusa configuration (as `configManager` holds it) uses the Redis workflow engine. */
export function usesRedisWorkflowEngine(modules: Record<string, ModuleEntry>): boolean {
  const entry = modules?.workflows
  return typeof entry === "object" && !!entry && /workflow-engine-redis/.test(entry.resolve ?? "")
}

/**
 * The plugin's job schedules that the configured workflow engine cannot keep, each with a message that
 * says why and what to do instead; none when the Redis workflow engine is configured.
 */
export function scheduleProblems(
  schedules: Array<{ option: string; expression: string }>,
  modules: Record<string, ModuleEntry>
): string[] {
  if (usesRedisWorkflowEngine(modules)) {
    return []
  }
  const problems: string[] = []
  for (const { option, expression } of schedules) {
    let gap: number
    try {
      gap = longestCronGapMs(expression)
    } catch (e) {
      problems.push(`'${option}' "${expression}" is not a cron expression cron-parser can read (${(e as Error).message})`)
      continue
    }
    if (gap + DST_MARGIN_MS > MAX_TIMER_MS) {
      const apart = Number.isFinite(gap) ? `up to ${Math.round((gap / DAY_MS) * 10) / 10} days` : "years"
      problems.push(
        `'${option}' "${expression}" can leave ${apart} between two runs. Medusa's in-memory workflow engine waits for the next run with one timer, and Node fires a timer longer than 24.8 days (2^31-1 ms) at once, so the job would run again and again in a tight loop. Use a schedule that runs at least every 24 days (e.g. "0 9 * * 1", Mondays at 9:00), or configure the Redis workflow engine (@medusajs/medusa/workflow-engine-redis), which has no such limit.`
      )
    }
  }
  return problems
}

/**
 * A scheduled tick that arrives long before the moment it was scheduled for is a timer that fired early
 * (the engine's timer overflowed): the job steps aside rather than act for a moment weeks ahead.
 */
export const EARLY_TICK_TOLERANCE_MS = 60_000

export function firedEarly(scheduledFor: Date | undefined, now: Date): boolean {
  return !!scheduledFor && scheduledFor.getTime() - now.getTime() > EARLY_TICK_TOLERANCE_MS
}
