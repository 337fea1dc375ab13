import { firedEarly, longestCronGapMs, MAX_TIMER_MS, scheduleProblems } from "../domain/cron-schedule"
import validateOptionsLoader from "../loaders/validate-options"

const DAY = 86_400_000
const days = (expression: string) => longestCronGapMs(expression) / DAY

describe("the longest gap between two ticks of a cron expression", () => {
  it("reads frequent, weekly and monthly schedules", () => {
    expect(longestCronGapMs("*/15 * * * *")).toBe(15 * 60_000)
    expect(longestCronGapMs("* * * * *")).toBe(60_000)
    expect(days("0 9 * * *")).toBe(1)
    // Friday 9:00 to Monday 9:00
    expect(days("0 9 * * MON-FRI")).toBe(3)
    expect(days("0 9 * * 1")).toBe(7)
    // 1 January to 1 February, and the 31st of months that have one
    expect(days("0 9 1 * *")).toBe(31)
    expect(days("0 9 31 * *")).toBe(61)
    expect(days("0 9 1 */2 *")).toBe(62)
    // the last day of the month; the last Friday; the second Monday
    expect(days("0 9 L * *")).toBe(31)
    expect(days("0 9 * * 5L")).toBe(35)
    expect(days("0 9 * * 1#2")).toBe(35)
    // day of month and day of week both restricted: either runs it
    expect(days("0 9 1,15 * 5")).toBe(7)
    expect(days("0 9 1,25 * *")).toBe(24)
    // six fields: seconds first
    expect(longestCronGapMs("30 0 9 * * *")).toBe(DAY)
    // several ticks a day: from the last of one day to the first of the next
    expect(longestCronGapMs("0 8,17 1 * *")).toBe(31 * DAY - 9 * 3_600_000)
    // 29 February: leap years only
    expect(days("0 0 29 2 *")).toBe(4 * 365 + 1)
  })

  it("refuses a schedule with a gap longer than the engine's timer can wait, unless the Redis engine is configured", () => {
    expect(scheduleProblems([{ option: "schedule", expression: "*/15 * * * *" }], {})).toEqual([])
    expect(scheduleProblems([{ option: "schedule", expression: "0 9 1,25 * *" }], {})).toEqual([])
    const [problem] = scheduleProblems([{ option: "schedule", expression: "0 9 1 * *" }], {})
    expect(problem).toMatch(/^'schedule' "0 9 1 \* \*" can leave up to 31 days between two runs/)
    expect(problem).toMatch(/timer longer than 24\.8 days \(2\^31-1 ms\)/)
    expect(problem).toMatch(/workflow-engine-redis/)
    expect(scheduleProblems([{ option: "delivery.schedule", expression: "0 0 29 2 *" }], {})[0]).toMatch(/^'delivery.schedule'/)
    const redis = { workflows: { resolve: "@medusajs/medusa/workflow-engine-redis", options: {} } }
    expect(scheduleProblems([{ option: "schedule", expression: "0 9 1 * *" }], redis)).toEqual([])
    expect(scheduleProblems([{ option: "schedule", expression: "0 9 1 * *" }], { workflows: { resolve: "@medusajs/medusa/workflow-engine-inmemory" } })).toHaveLength(1)
    expect(MAX_TIMER_MS).toBe(2_147_483_647)
  })

  it("stops the plugin from starting with such a schedule, naming the option", async () => {
    const logger = { warn: jest.fn() } as any
    await expect(validateOptionsLoader({ options: { schedule: "0 9 1 * *" }, logger } as any)).rejects.toThrow(
      /invalid plugin options: 'schedule' "0 9 1 \* \*" can leave up to 31 days/
    )
    await expect(validateOptionsLoader({ options: { delivery: { schedule: "0 0 1 1 *" } }, logger } as any)).rejects.toThrow(/'delivery.schedule'/)
    await expect(validateOptionsLoader({ options: { schedule: "0 9 * * 1" }, logger } as any)).resolves.toBeUndefined()
  })

  it("tells a tick that fired long before its time from one on time", () => {
    const now = new Date("2026-03-03T09:00:00Z")
    expect(firedEarly(new Date("2026-04-01T09:00:00Z"), now)).toBe(true)
    expect(firedEarly(new Date("2026-03-03T09:00:00Z"), now)).toBe(false)
    expect(firedEarly(new Date("2026-03-03T09:00:30Z"), now)).toBe(false)
    expect(firedEarly(undefined, now)).toBe(false)
  })
})
