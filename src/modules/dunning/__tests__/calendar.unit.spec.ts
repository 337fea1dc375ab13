import {
  dayToIsoDate,
  inSendWindow,
  instantAtLocalTime,
  isValidTimeZone,
  localDay,
  localParts,
  nextWindowOpening,
  weekdayOfDay,
} from "../domain/calendar"

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000

describe("calendar in the store's timezone", () => {
  it("reads the local date and weekday of an instant", () => {
    // 23:30 UTC on Sunday 1 March is already Monday 2 March in Berlin
    const instant = new Date("2026-03-01T23:30:00Z")
    expect(dayToIsoDate(localDay(instant, "Europe/Berlin"))).toBe("2026-03-02")
    expect(dayToIsoDate(localDay(instant, "UTC"))).toBe("2026-03-01")
    expect(localParts(instant, "Europe/Berlin")).toMatchObject({ hour: 0, minute: 30, weekday: 1 })
    expect(weekdayOfDay(day("2026-03-02"))).toBe(1)
    expect(weekdayOfDay(day("2026-03-08"))).toBe(7)
  })

  it("finds a local wall time on both sides of a daylight-saving change", () => {
    // Berlin: CET (+1) until 29 March 2026 02:00, CEST (+2) after
    expect(instantAtLocalTime(day("2026-03-28"), 9, 0, "Europe/Berlin").toISOString()).toBe("2026-03-28T08:00:00.000Z")
    expect(instantAtLocalTime(day("2026-03-30"), 9, 0, "Europe/Berlin").toISOString()).toBe("2026-03-30T07:00:00.000Z")
    // New York: EDT until 1 November 2026 02:00, EST after
    expect(instantAtLocalTime(day("2026-10-31"), 8, 0, "America/New_York").toISOString()).toBe("2026-10-31T12:00:00.000Z")
    expect(instantAtLocalTime(day("2026-11-02"), 8, 0, "America/New_York").toISOString()).toBe("2026-11-02T13:00:00.000Z")
  })

  it("moves a wall time skipped by spring-forward past the gap, and takes the first of a repeated one", () => {
    expect(instantAtLocalTime(day("2026-03-29"), 2, 30, "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z")
    expect(localParts(instantAtLocalTime(day("2026-03-29"), 2, 30, "Europe/Berlin"), "Europe/Berlin").hour).toBe(3)
    // 01:30 happens twice in New York on 1 November 2026: EDT first (05:30Z), EST second (06:30Z)
    expect(instantAtLocalTime(day("2026-11-01"), 1, 30, "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z")
  })

  it("round-trips every hour of a year in several zones (property)", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"]
    for (const zone of zones) {
      for (let d = day("2026-01-01"); d < day("2027-01-01"); d += 1) {
        for (const hour of [0, 8, 12, 23]) {
          const instant = instantAtLocalTime(d, hour, 15, zone)
          const p = localParts(instant, zone)
          const sameDay = localDay(instant, zone) === d
          // only a time inside a spring-forward gap may come out different, and then later on the same day
          if (!(sameDay && p.hour === hour && p.minute === 15)) {
            expect(sameDay).toBe(true)
            expect(p.hour).toBeGreaterThan(hour)
          }
        }
      }
    }
  })

  it("knows valid IANA zones", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true)
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false)
  })

  describe("send window", () => {
    const window = { timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 }

    it("keeps an instant inside the window", () => {
      const tuesdayTen = new Date("2026-03-03T09:00:00Z")
      expect(inSendWindow(tuesdayTen, window)).toBe(true)
      expect(nextWindowOpening(tuesdayTen, window)).toEqual(tuesdayTen)
    })

    it("moves an evening to the next morning and a weekend to Monday, in local time", () => {
      expect(nextWindowOpening(new Date("2026-03-03T17:30:00Z"), window).toISOString()).toBe("2026-03-04T07:00:00.000Z")
      expect(nextWindowOpening(new Date("2026-03-07T10:00:00Z"), window).toISOString()).toBe("2026-03-09T07:00:00.000Z")
      // early morning before opening, across the DST change: Monday 30 March opens at 08:00 CEST = 06:00Z
      expect(nextWindowOpening(new Date("2026-03-28T12:00:00Z"), window).toISOString()).toBe("2026-03-30T06:00:00.000Z")
      expect(nextWindowOpening(new Date("2026-03-30T05:00:00Z"), window).toISOString()).toBe("2026-03-30T06:00:00.000Z")
    })
  })
})
