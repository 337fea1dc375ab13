import { dayToIsoDate, localDay } from "../domain/calendar"
import { decideForCustomer, onRequestNote, type CustomerReceivable, type CustomerRules } from "../domain/customer-decision"
import { daysOverdue, planNext, type ReceivableState, type StageRule } from "../domain/schedule"

const HOUR = 3_600_000
const DAY = 24 * HOUR

const rules = (overrides: Partial<CustomerRules> = {}): CustomerRules => ({
  tolerance_days: 0,
  resend_days: 7,
  max_notices: null,
  max_contacts_per_30_days: 99,
  window: { timezone: "UTC", days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
  stages: [
    { id: "reminder", name: "Reminder", offset_days: -3, action: "send", repeats: false },
    { id: "due", name: "Due today", offset_days: 0, action: "send", repeats: false },
    { id: "overdue", name: "Notification of Overdue Invoices", offset_days: 5, action: "send", repeats: true },
    { id: "escalate", name: "Escalation", offset_days: 45, action: "escalate", repeats: false },
  ],
  ...overrides,
})

const fresh = (dueAt: string, overrides: Partial<ReceivableState> = {}): ReceivableState => ({
  due_at: new Date(dueAt),
  stage: null,
  notices_sent: 0,
  last_notice_at: null,
  hold_until: null,
  hold_reason: null,
  ...overrides,
})

/** Runs the decision every hour from `from` for `days` days and returns what happened, day by day. */
function simulate(
  r: CustomerReceivable,
  rr: CustomerRules,
  from: string,
  days: number,
  opts: { paidAt?: Date; contacts?: Date[] } = {}
) {
  let state = { ...r }
  let nextAction: Date | null = new Date(from)
  const contacts = [...(opts.contacts ?? [])]
  const log: Array<{ at: Date; kind: "notice" | "escalation"; stage: string }> = []
  const start = new Date(from).getTime()
  for (let t = start; t < start + days * DAY; t += HOUR) {
    const now = new Date(t)
    if (opts.paidAt && now >= opts.paidAt) {
      break
    }
    if (!nextAction || nextAction.getTime() > t) {
      continue
    }
    const d = decideForCustomer({
      customer_id: "cus_1",
      now,
      rules: rr,
      receivables: [{ ...state, claimed: true }],
      recent_contacts: contacts,
      do_not_dun: false,
    })
    if (d.notice) {
      log.push({ at: now, kind: "notice", stage: d.notice.stage.id })
      contacts.push(now)
    }
    if (d.escalation) {
      log.push({ at: now, kind: "escalation", stage: d.escalation.stage.id })
    }
    const u = d.updates.find((x) => x.id === state.id)!
    state = { ...state, ...u }
    nextAction = u.next_action_at
  }
  return log
}

const receivable = (dueAt: string, overrides: Partial<CustomerReceivable> = {}): CustomerReceivable => ({
  ...fresh(dueAt),
  id: "rcv_1",
  currency_code: "eur",
  amount: "1000",
  amount_paid: "0",
  claimed: true,
  ...overrides,
})

const relDays = (log: ReturnType<typeof simulate>, dueAt: string, tz = "UTC") =>
  log.map((e) => `${e.kind}:${e.stage}@${localDay(e.at, tz) - localDay(new Date(dueAt), tz)}`)

describe("planNext", () => {
  it("plans the first reminder three days before the due date", () => {
    const plan = planNext(fresh("2026-04-30T10:00:00Z"), rules(), new Date("2026-04-01T00:00:00Z"))
    expect(plan).toMatchObject({ kind: "due", stage: { id: "reminder" }, at: new Date("2026-04-27T00:00:00Z") })
  })

  it("skips reminders that are no longer current for an invoice that is already overdue", () => {
    const plan = planNext(fresh("2026-04-01T00:00:00Z"), rules(), new Date("2026-04-20T00:00:00Z"))
    expect(plan).toMatchObject({ kind: "due", stage: { id: "overdue" }, repeat: false, at: new Date("2026-04-06T00:00:00Z") })
  })

  it("repeats the overdue notice every resend_days, and goes on after the escalation until paid", () => {
    const afterFirst = fresh("2026-04-01T00:00:00Z", {
      stage: "overdue",
      notices_sent: 3,
      last_notice_at: new Date("2026-04-06T09:00:00Z"),
    })
    expect(planNext(afterFirst, rules(), new Date("2026-04-06T10:00:00Z"))).toMatchObject({
      kind: "due",
      stage: { id: "overdue" },
      repeat: true,
      at: new Date("2026-04-13T00:00:00Z"),
    })
    // the escalation comes at its offset (+45, 16 May) between two re-sends (11 and 18 May)…
    const beforeEscalation = { ...afterFirst, notices_sent: 8, last_notice_at: new Date("2026-05-11T09:00:00Z") }
    expect(planNext(beforeEscalation, rules(), new Date("2026-05-11T10:00:00Z"))).toMatchObject({
      kind: "due",
      stage: { id: "escalate" },
      at: new Date("2026-05-16T00:00:00Z"),
    })
    // …and the re-sends go on beside it, with the overdue stage's template
    const escalated = { ...beforeEscalation, stage: "escalate", escalated_at: new Date("2026-05-16T09:00:00Z") }
    expect(planNext(escalated, rules(), new Date("2026-05-16T10:00:00Z"))).toMatchObject({
      kind: "due",
      stage: { id: "overdue" },
      repeat: true,
      at: new Date("2026-05-18T00:00:00Z"),
    })
  })

  it("when max_notices is reached hands the invoice to the rep resend_days after the last notice, once", () => {
    const exhausted = fresh("2026-04-01T00:00:00Z", { stage: "overdue", notices_sent: 5, last_notice_at: new Date("2026-04-20T09:00:00Z") })
    // the escalation stage (+45, 16 May) is brought forward to a week after the fifth notice
    expect(planNext(exhausted, rules({ max_notices: 5 }), new Date("2026-04-20T10:00:00Z"))).toMatchObject({
      kind: "due",
      stage: { id: "escalate" },
      at: new Date("2026-04-27T00:00:00Z"),
    })
    // a policy without an escalation stage escalates on its own, once
    const noEscalation = rules({ max_notices: 5, stages: rules().stages.filter((s) => s.action === "send") })
    expect(planNext(exhausted, noEscalation, new Date("2026-04-20T10:00:00Z"))).toMatchObject({
      kind: "due",
      stage: { id: "max-notices", action: "escalate" },
      at: new Date("2026-04-27T00:00:00Z"),
    })
    expect(planNext({ ...exhausted, escalated_at: new Date("2026-04-27T09:00:00Z") }, noEscalation, new Date("2026-04-27T10:00:00Z"))).toEqual({
      kind: "done",
      reason: "maximum number of notices reached; the rep follows it up",
    })
    // already escalated by its stage: the maximum ends the reminders, nothing more
    const escalatedFirst = { ...exhausted, stage: "escalate" }
    expect(planNext(escalatedFirst, rules({ max_notices: 5 }), new Date("2026-05-20T10:00:00Z")).kind).toBe("done")
  })

  it("stops the reminders at a stage marked stops_reminders, and only there", () => {
    const stages: StageRule[] = rules().stages.map((s) => (s.id === "escalate" ? { ...s, stops_reminders: true } : s))
    const escalated = fresh("2026-03-01T00:00:00Z", { stage: "escalate", notices_sent: 9, last_notice_at: new Date("2026-04-13T09:00:00Z") })
    expect(planNext(escalated, rules({ stages }), new Date("2026-04-16T10:00:00Z"))).toEqual({
      kind: "done",
      reason: 'reminders stopped at "Escalation"; the rep follows it up',
    })
    // before that stage the overdue notice repeats as usual
    const before = { ...escalated, stage: "overdue" }
    expect(planNext(before, rules({ stages }), new Date("2026-04-13T10:00:00Z"))).toMatchObject({ kind: "due", stage: { id: "escalate" } })
  })

  it("waits for a hold to end, and for ever on a hold without an end date", () => {
    const until = new Date("2026-05-10T00:00:00Z")
    expect(planNext(fresh("2026-04-01T00:00:00Z", { hold_until: until, hold_reason: "promise_to_pay" }), rules(), new Date("2026-05-01T00:00:00Z"))).toEqual({
      kind: "hold",
      until,
      reason: "promise_to_pay",
    })
    expect(planNext(fresh("2026-04-01T00:00:00Z", { hold_reason: "dispute" }), rules(), new Date("2026-05-01T00:00:00Z"))).toMatchObject({
      kind: "hold",
      until: null,
    })
    // an expired hold no longer holds
    expect(planNext(fresh("2026-04-01T00:00:00Z", { hold_until: until, hold_reason: "x" }), rules(), new Date("2026-05-11T00:00:00Z")).kind).toBe("due")
  })

  it("counts days overdue in calendar days of the store's timezone", () => {
    // due 23:30 UTC on 1 March = 2 March in Berlin
    expect(daysOverdue(new Date("2026-03-01T23:30:00Z"), new Date("2026-03-02T23:30:00Z"), "Europe/Berlin")).toBe(1)
    expect(daysOverdue(new Date("2026-03-01T23:30:00Z"), new Date("2026-03-02T22:00:00Z"), "UTC")).toBe(1)
    expect(daysOverdue(new Date("2026-03-05T00:00:00Z"), new Date("2026-03-02T00:00:00Z"), "UTC")).toBe(0)
  })
})

describe("a receivable through time (hourly runs)", () => {
  it("gets reminder, due-day notice, overdue notice and re-sends, with the escalation beside them", () => {
    const due = "2026-04-30T10:00:00Z"
    const log = simulate(receivable(due), rules(), "2026-04-01T00:00:00Z", 92)
    expect(relDays(log, due)).toEqual([
      "notice:reminder@-3",
      "notice:due@0",
      "notice:overdue@5",
      "notice:overdue@12",
      "notice:overdue@19",
      "notice:overdue@26",
      "notice:overdue@33",
      "notice:overdue@40",
      "escalation:escalate@45",
      "notice:overdue@47",
      "notice:overdue@54",
      "notice:overdue@61",
    ])
  })

  it("with a maximum of notices: that many, then the escalation a week after the last, then nothing", () => {
    const due = "2026-04-30T10:00:00Z"
    const log = simulate(receivable(due), rules({ max_notices: 5 }), "2026-04-01T00:00:00Z", 120)
    expect(relDays(log, due)).toEqual([
      "notice:reminder@-3",
      "notice:due@0",
      "notice:overdue@5",
      "notice:overdue@12",
      "notice:overdue@19",
      "escalation:escalate@26",
    ])
  })

  it("grace days hold the first overdue notice back to max(offset, tolerance_days); later stages keep theirs", () => {
    const due = "2026-04-30T10:00:00Z"
    const days = (tolerance: number, stages?: StageRule[]) =>
      relDays(simulate(receivable(due), rules({ tolerance_days: tolerance, ...(stages ? { stages } : {}) }), "2026-04-01T00:00:00Z", 80), due)
    const start = ["notice:reminder@-3", "notice:due@0"]
    expect(days(0)).toEqual([...start, "notice:overdue@5", "notice:overdue@12", "notice:overdue@19", "notice:overdue@26", "notice:overdue@33", "notice:overdue@40", "escalation:escalate@45", "notice:overdue@47"])
    expect(days(5)).toEqual(days(0))
    // the escalation keeps its offset: grace days only hold back notices
    expect(days(10)).toEqual([...start, "notice:overdue@10", "notice:overdue@17", "notice:overdue@24", "notice:overdue@31", "notice:overdue@38", "escalation:escalate@45", "notice:overdue@45"])
    // two overdue stages inside the grace days: the first at the grace day, the next the day after, then its own offset
    const three: StageRule[] = [
      { id: "first", name: "First", offset_days: 3, action: "send", repeats: false },
      { id: "second", name: "Second", offset_days: 8, action: "send", repeats: false },
      { id: "third", name: "Third", offset_days: 20, action: "send", repeats: false },
    ]
    expect(days(10, three)).toEqual(["notice:first@10", "notice:second@11", "notice:third@20"])
  })

  it("after the last sending stage, the last repeating stage keeps going", () => {
    const due = "2026-04-30T10:00:00Z"
    const stages: StageRule[] = [
      { id: "overdue", name: "Overdue", offset_days: 5, action: "send", repeats: true },
      { id: "final", name: "Final notice", offset_days: 20, action: "send", repeats: false },
      { id: "escalate", name: "Escalation", offset_days: 45, action: "escalate", repeats: false },
    ]
    const log = simulate(receivable(due), rules({ stages }), "2026-04-01T00:00:00Z", 86)
    expect(relDays(log, due)).toEqual([
      "notice:overdue@5",
      "notice:overdue@12",
      "notice:overdue@19",
      "notice:final@20",
      "notice:overdue@27",
      "notice:overdue@34",
      "notice:overdue@41",
      "escalation:escalate@45",
      "notice:overdue@48",
      "notice:overdue@55",
    ])
    // without any repeating stage the reminders end with the last sending stage
    const once = stages.map((s) => ({ ...s, repeats: false }))
    expect(relDays(simulate(receivable(due), rules({ stages: once }), "2026-04-01T00:00:00Z", 120), due)).toEqual([
      "notice:overdue@5",
      "notice:final@20",
      "escalation:escalate@45",
    ])
  })

  it("until paid: 120 days unpaid under the default policy, a reminder every resend_days within the contact cap, one escalation, nothing once paid", () => {
    // the default policy: grace 5 days, re-send every 7, at most 3 contacts in 30 days, weekdays 8:00-18:00
    const defaults = rules({
      tolerance_days: 5,
      max_contacts_per_30_days: 3,
      window: { timezone: "UTC", days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 },
    })
    const due = "2026-03-16T00:00:00Z" // a Monday
    const unpaid = simulate(receivable(due), defaults, "2026-03-01T00:00:00Z", 140)
    const day = (e: { at: Date }) => dayToIsoDate(localDay(e.at, "UTC"))
    expect(unpaid.map((e) => `${e.kind}:${e.stage}@${day(e)}`)).toEqual([
      "notice:reminder@2026-03-13",
      "notice:due@2026-03-16",
      "notice:overdue@2026-03-23", // +5 is a Saturday
      // three contacts in 30 days: the re-send of 30 March waits until the first of them is 30 days old
      "notice:overdue@2026-04-13",
      "notice:overdue@2026-04-20",
      "notice:overdue@2026-04-27",
      "escalation:escalate@2026-04-30",
      "notice:overdue@2026-05-13",
      "notice:overdue@2026-05-20",
      "notice:overdue@2026-05-27",
      "notice:overdue@2026-06-12",
      "notice:overdue@2026-06-19",
      "notice:overdue@2026-06-26",
      "notice:overdue@2026-07-13",
    ])
    const notices = unpaid.filter((e) => e.kind === "notice")
    for (let k = 3; k < notices.length; k++) {
      const gap = (notices[k].at.getTime() - notices[k - 1].at.getTime()) / DAY
      const window = notices.filter((m) => m.at < notices[k].at && notices[k].at.getTime() - m.at.getTime() < 30 * DAY)
      // a week apart, or later only because the cap was full a week after the previous one
      expect({ k, gap, capped: window.length >= 2 || gap === 7 }).toEqual({ k, gap, capped: true })
      expect(window.length).toBeLessThanOrEqual(2)
    }
    const paidAt = new Date("2026-05-21T12:00:00Z")
    const paid = simulate(receivable(due), defaults, "2026-03-01T00:00:00Z", 140, { paidAt })
    expect(paid.filter((e) => e.at >= paidAt)).toEqual([])
    expect(paid.map(day)).toEqual(unpaid.map(day).filter((d) => d < "2026-05-21"))
  })

  it("sends nothing after payment", () => {
    const due = "2026-04-30T10:00:00Z"
    const log = simulate(receivable(due), rules(), "2026-04-01T00:00:00Z", 120, { paidAt: new Date("2026-05-08T12:00:00Z") })
    expect(relDays(log, due)).toEqual(["notice:reminder@-3", "notice:due@0", "notice:overdue@5"])
  })

  it("keeps to the send window and across a daylight-saving change keeps whole days", () => {
    const tz = "Europe/Berlin"
    const rr = rules({ window: { timezone: tz, days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 } })
    // due Friday 27 March 2026; clocks change on Sunday 29 March
    const due = "2026-03-27T11:00:00Z"
    const log = simulate(receivable(due), rr, "2026-03-01T00:00:00Z", 120)
    for (const e of log) {
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", weekday: "short", hourCycle: "h23" }).format(e.at)
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri),? 09$/)
    }
    // -3 is Tuesday 24 March; +5 is Wednesday 1 April; re-sends weekly on Wednesdays (whole days, not 168 hours)
    expect(log.map((e) => `${e.stage}:${dayToIsoDate(localDay(e.at, tz))}`)).toEqual([
      "reminder:2026-03-24",
      "due:2026-03-27",
      "overdue:2026-04-01",
      "overdue:2026-04-08",
      "overdue:2026-04-15",
      "overdue:2026-04-22",
      "overdue:2026-04-29",
      "overdue:2026-05-06",
      // +45 is Monday 11 May; the weekly re-send goes on beside it, on Wednesdays, until the end of the 120 days
      "escalate:2026-05-11",
      "overdue:2026-05-13",
      "overdue:2026-05-20",
      "overdue:2026-05-27",
      "overdue:2026-06-03",
      "overdue:2026-06-10",
      "overdue:2026-06-17",
      "overdue:2026-06-24",
    ])
  })

  it("never contacts a customer more often than the cap allows", () => {
    const due = "2026-04-30T10:00:00Z"
    const log = simulate(receivable(due), rules({ max_contacts_per_30_days: 3 }), "2026-04-01T00:00:00Z", 120)
    const notices = log.filter((e) => e.kind === "notice")
    for (const n of notices) {
      const within = notices.filter((m) => m.at <= n.at && n.at.getTime() - m.at.getTime() < 30 * DAY)
      expect(within.length).toBeLessThanOrEqual(3)
    }
    expect(relDays(log, due).slice(0, 4)).toEqual(["notice:reminder@-3", "notice:due@0", "notice:overdue@5", "notice:overdue@27"])
  })

  it("property: over random policies, zones and payment dates the rules always hold", () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kathmandu"]
    for (let i = 0; i < 40; i++) {
      const tz = pick(zones)
      const tolerance = 1 + Math.floor(random() * 14)
      const resend = 1 + Math.floor(random() * 14)
      const maxNotices = 1 + Math.floor(random() * 6)
      const rr = rules({
        resend_days: resend,
        max_notices: maxNotices,
        window: { timezone: tz, days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
        stages: [
          { id: "due", name: "Due", offset_days: 0, action: "send", repeats: false },
          { id: "overdue", name: "Overdue", offset_days: tolerance, action: "send", repeats: true },
        ],
      })
      const dueAt = new Date(Date.parse("2026-03-10T00:00:00Z") + Math.floor(random() * 40 * DAY))
      const paidAt = random() < 0.5 ? new Date(dueAt.getTime() + Math.floor(random() * 60 * DAY)) : undefined
      const all = simulate(receivable(dueAt.toISOString()), rr, "2026-03-01T00:00:00Z", 120, { paidAt })
      const log = all.filter((e) => e.kind === "notice")
      const escalations = all.filter((e) => e.kind === "escalation")
      const days = log.map((e) => localDay(e.at, tz) - localDay(dueAt, tz))
      const label = JSON.stringify({ tz, tolerance, resend, maxNotices, dueAt, paidAt, days })

      expect({ label, count: log.length <= maxNotices }).toEqual({ label, count: true })
      // reaching the maximum hands the invoice to the rep, once, resend_days after the last notice
      if (log.length === maxNotices && all[all.length - 1].at.getTime() - log[log.length - 1].at.getTime() > 0) {
        expect({ label, escalations: escalations.length }).toEqual({ label, escalations: 1 })
        const after = localDay(escalations[0].at, tz) - localDay(log[log.length - 1].at, tz)
        expect({ label, after }).toEqual({ label, after: resend })
      } else {
        expect({ label, escalations: escalations.length }).toEqual({ label, escalations: 0 })
      }
      if (paidAt) {
        expect({ label, afterPayment: log.some((e) => e.at >= paidAt) }).toEqual({ label, afterPayment: false })
      }
      if (log.length > 0) {
        expect({ label, first: days[0] }).toEqual({ label, first: 0 })
      }
      if (log.length > 1) {
        expect({ label, second: days[1] }).toEqual({ label, second: tolerance })
      }
      for (let k = 2; k < days.length; k++) {
        expect({ label, gap: days[k] - days[k - 1] }).toEqual({ label, gap: resend })
      }
    }
  })

  it("a partial payment never skips or repeats a stage", () => {
    const due = "2026-04-30T10:00:00Z"
    const whole = simulate(receivable(due), rules(), "2026-04-01T00:00:00Z", 60)
    // the same receivable with 400 of 1000 paid before it fell due follows the very same path
    const partly = simulate(receivable(due, { amount_paid: "400" }), rules(), "2026-04-01T00:00:00Z", 60)
    expect(relDays(partly, due)).toEqual(relDays(whole, due))
  })
})

describe("decideForCustomer", () => {
  const now = new Date("2026-05-06T10:00:00Z")
  const base = (id: string, dueAt: string, overrides: Partial<CustomerReceivable> = {}) =>
    receivable(dueAt, { id, ...overrides })
  const situation = (receivables: CustomerReceivable[], overrides: Record<string, unknown> = {}) => ({
    customer_id: "cus_1",
    now,
    rules: rules(),
    receivables,
    recent_contacts: [],
    do_not_dun: false,
    ...overrides,
  })

  it("sends one notice listing every overdue invoice, at the most advanced stage that came due", () => {
    const d = decideForCustomer(
      situation([
        base("a", "2026-05-01T00:00:00Z"), // +5 today: overdue stage due
        base("b", "2026-04-20T00:00:00Z", { stage: "overdue", notices_sent: 3, last_notice_at: new Date("2026-05-02T10:00:00Z"), claimed: false }),
        base("c", "2026-05-09T00:00:00Z", { claimed: false }), // reminder due today (-3)
        base("d", "2026-06-30T00:00:00Z", { claimed: false }), // not due for weeks
      ])
    )
    expect(d.notice).toMatchObject({
      stage: { id: "overdue" },
      due_ids: ["a", "c"],
      listed_ids: ["b"],
      idempotency_key: "cus_1:overdue:2026-05-06",
    })
    const byId = Object.fromEntries(d.updates.map((u) => [u.id, u]))
    expect(byId.a).toMatchObject({ stage: "overdue", notices_sent: 1, last_notice_at: now, next_action_at: new Date("2026-05-13T00:00:00Z") })
    expect(byId.c).toMatchObject({ stage: "reminder", notices_sent: 1, next_action_at: new Date("2026-05-09T00:00:00Z") })
    // listed only: counted as notified, keeps its stage
    expect(byId.b).toMatchObject({ stage: "overdue", notices_sent: 4, last_notice_at: now })
    expect(byId.d).toBeUndefined()
  })

  it("holds back a notice outside the send window, at the contact cap, and for a customer not to be chased", () => {
    const weekend = rules({ window: { timezone: "UTC", days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 } })
    const saturday = new Date("2026-05-09T10:00:00Z")
    const late = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z")], { now: saturday, rules: weekend }))
    expect(late.notice).toBeNull()
    expect(late.skipped).toEqual([{ reason: "outside_send_window", receivable_ids: ["a"] }])
    expect(late.updates[0].next_action_at).toEqual(new Date("2026-05-11T08:00:00Z"))

    const contacts = [new Date("2026-04-10T10:00:00Z"), new Date("2026-04-20T10:00:00Z"), new Date("2026-05-01T10:00:00Z")]
    const capped = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z")], { rules: rules({ max_contacts_per_30_days: 3 }), recent_contacts: contacts }))
    expect(capped.notice).toBeNull()
    expect(capped.skipped[0].reason).toBe("contact_cap")
    expect(capped.updates[0].next_action_at).toEqual(new Date("2026-05-10T10:00:00Z"))

    const dnd = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z")], { do_not_dun: true }))
    expect(dnd).toMatchObject({ notice: null, skipped: [{ reason: "do_not_dun" }], updates: [{ id: "a", next_action_at: null }] })
  })

  it("escalates an invoice whose escalation stage came due, without sending it a notice", () => {
    const d = decideForCustomer(
      situation(
        [base("a", "2026-03-01T00:00:00Z", { stage: "overdue", notices_sent: 5, last_notice_at: new Date("2026-04-01T10:00:00Z") })],
        { rules: rules({ max_notices: 5 }) }
      )
    )
    expect(d.notice).toBeNull()
    expect(d.escalation).toMatchObject({ stage: { id: "escalate" }, receivable_ids: ["a"] })
    // the maximum is reached and the rep has it: nothing more is planned
    expect(d.updates[0]).toMatchObject({ stage: "escalate", next_action_at: null, notices_sent: 5, escalated_at: now })
  })

  it("on request reminds about what is overdue, leaving the escalation and invoices not yet due to their own time", () => {
    // a: 40 days overdue, reminded 7 days ago: its escalation (+45) and its re-send (+47) are next;
    // b: due in three weeks, its friendly reminder next
    const a = base("a", "2026-03-27T00:00:00Z", { stage: "overdue", notices_sent: 3, last_notice_at: new Date("2026-04-29T10:00:00Z") })
    const b = base("b", "2026-05-27T00:00:00Z")
    const d = decideForCustomer(situation([a, b], { force: true }))
    expect(d.escalation).toBeNull()
    expect(d.notice).toMatchObject({ stage: { id: "overdue" }, due_ids: ["a"], listed_ids: [] })
    const byId = Object.fromEntries(d.updates.map((u) => [u.id, u]))
    // a keeps its stage and gets its escalation at +45 (11 May) as scheduled; b keeps its reminder at -3
    expect(byId.a).toMatchObject({ stage: "overdue", notices_sent: 4, last_notice_at: now, escalated_at: null, next_action_at: new Date("2026-05-11T00:00:00Z") })
    expect(byId.b).toMatchObject({ stage: null, notices_sent: 0, next_action_at: new Date("2026-05-24T00:00:00Z") })

    // with nothing overdue, the invoice not yet due gets its next reminder at once
    expect(decideForCustomer(situation([b], { force: true })).notice).toMatchObject({ stage: { id: "reminder" }, due_ids: ["b"] })
    // an invoice whose only next step is the escalation gets no reminder on request
    const handedOver = rules({ max_notices: 3 })
    const done = decideForCustomer(situation([a], { force: true, rules: handedOver }))
    expect(done).toMatchObject({ notice: null, escalation: null })
  })

  it("on request sends the next reminder at once, whatever its date, and says what it went past", () => {
    const d = decideForCustomer(situation([base("a", "2026-06-30T00:00:00Z")], { force: true }))
    expect(d.notice).toMatchObject({ stage: { id: "reminder" }, due_ids: ["a"], on_request: { bypassed: [] } })

    // a Saturday, outside the send window, with the contact cap reached
    const saturday = new Date("2026-05-09T10:00:00Z")
    const contacts = [new Date("2026-04-20T10:00:00Z"), new Date("2026-04-27T10:00:00Z"), new Date("2026-05-04T10:00:00Z")]
    const strict = rules({ max_contacts_per_30_days: 3, window: { timezone: "UTC", days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 } })
    const forced = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z")], { now: saturday, rules: strict, recent_contacts: contacts, force: true }))
    expect(forced.notice).toMatchObject({ due_ids: ["a"], on_request: { bypassed: ["send_window", "contact_cap"] } })
    // the scheduled run at the same moment holds it back, and nothing is recorded as on request
    const scheduled = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z")], { now: saturday, rules: strict, recent_contacts: contacts }))
    expect(scheduled.notice).toBeNull()
    expect(onRequestNote("Avery Admin", ["send_window", "contact_cap"])).toBe("sent on request by Avery Admin, outside the send window and over the contact cap")
    expect(onRequestNote(null, ["send_window"])).toBe("sent on request by an admin, outside the send window")
    expect(onRequestNote("Avery Admin", [])).toBe("sent on request by Avery Admin")
  })

  it("folds what comes due into the customer's notice still in flight instead of a second notice", () => {
    const pending = {
      id: "dntc_pending",
      stage_id: "due",
      receivable_ids: ["a"],
      in_delivery: false,
      look_again_at: new Date("2026-05-06T10:06:00Z"),
    }
    // a Saturday at the contact cap: folding contacts nobody, so neither holds it back
    const saturday = new Date("2026-05-09T10:00:00Z")
    const contacts = [new Date("2026-04-20T10:00:00Z"), new Date("2026-04-27T10:00:00Z"), new Date("2026-05-04T10:00:00Z")]
    const strict = rules({ max_contacts_per_30_days: 3, window: { timezone: "UTC", days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 } })
    const d = decideForCustomer(
      situation(
        [
          // already on the pending notice; its overdue stage came due
          base("a", "2026-05-01T00:00:00Z", { stage: "due", notices_sent: 2, last_notice_at: new Date("2026-05-01T09:00:00Z") }),
          // newly overdue, not on the pending notice
          base("b", "2026-05-02T00:00:00Z", { stage: "due", notices_sent: 1, last_notice_at: new Date("2026-05-04T09:00:00Z") }),
        ],
        { now: saturday, rules: strict, recent_contacts: contacts, pending_notice: pending }
      )
    )
    expect(d.notice).toMatchObject({ fold_into: "dntc_pending", stage: { id: "overdue" }, due_ids: ["a", "b"], on_request: null })
    expect(d.skipped).toEqual([{ reason: "folded_into_pending_notice", receivable_ids: ["a", "b"] }])
    const byId = Object.fromEntries(d.updates.map((u) => [u.id, u]))
    // the receivable the notice already covered is not counted twice; the new one is
    expect(byId.a).toMatchObject({ stage: "overdue", notices_sent: 2, last_notice_at: saturday })
    expect(byId.b).toMatchObject({ stage: "overdue", notices_sent: 2, last_notice_at: saturday })

    // a pending notice at a later stage keeps its stage
    const later = decideForCustomer(situation([base("b", "2026-05-04T00:00:00Z", { stage: "due", notices_sent: 1 })], { now: saturday, pending_notice: { ...pending, stage_id: "overdue" } }))
    expect(later.notice).toMatchObject({ fold_into: "dntc_pending", stage: { id: "overdue" } })
  })

  it("leaves a notice that a delivery holds alone, and looks again once its lease has run out", () => {
    const pending = { id: "dntc_pending", stage_id: "due", receivable_ids: ["a"], in_delivery: true, look_again_at: new Date("2026-05-06T10:06:00Z") }
    const d = decideForCustomer(situation([base("a", "2026-05-01T00:00:00Z", { stage: "due", notices_sent: 2 })], { pending_notice: pending }))
    expect(d.notice).toBeNull()
    expect(d.skipped).toEqual([{ reason: "notice_in_delivery", receivable_ids: ["a"] }])
    expect(d.updates[0]).toMatchObject({ id: "a", stage: "due", notices_sent: 2, next_action_at: new Date("2026-05-06T10:06:00Z") })
  })

  it("only re-schedules what it claimed when nothing is due yet", () => {
    const d = decideForCustomer(situation([base("a", "2026-06-30T00:00:00Z")]))
    expect(d.notice).toBeNull()
    expect(d.updates).toEqual([expect.objectContaining({ id: "a", next_action_at: new Date("2026-06-27T00:00:00Z") })])
    expect(d.skipped).toEqual([{ reason: "not_due_yet", receivable_ids: ["a"] }])
  })
})
