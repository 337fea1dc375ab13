// The host app reads these when it boots: notices go to an in-process SMTP server, and this file hands
// them to delivery itself (not at the end of each run) so that it can tell which run's notice arrived when.
const SMTP_PORT = 2700 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "false"
process.env.DUNNING_DELIVERY_MAX_ATTEMPTS = "8"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import dunningDeliveryJob from "../../src/jobs/dunning-deliver"
import dunningScheduledRun from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverBatch } from "../../src/workflows/delivery/deliver"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(300_000)

// Monday 16 March 2026 is the due date. The default policy: reminder at -3, due day, "Notification of
// Overdue Invoices" at +5 repeating every 7 days, escalation at +45; grace 5 days; at most 3 contacts in 30
// days; Monday to Friday, 08:00 to 18:00 UTC.
const DUE = "2026-03-16T00:00:00.000Z"
const DAY = 86_400_000
const at = (day: string, time = "09:00") => `${day}T${time}:00.000Z`
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
      smtp.setMode({ kind: "accept" })
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)
    const run = async (now: string) => (await runDunningWorkflow(getContainer()).run({ input: { now, trigger: "manual" } })).result
    const deliver = async (now: string) => (await deliverNoticesWorkflow(getContainer()).run({ input: { now } })).result
    const notices = (customerId: string) => dunning().listNotices({ customer_id: customerId }, { order: { scheduled_for: "ASC" }, take: null })
    /** What the customer's accounts payable address received, by subject. */
    const received = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address))

    const defaultPolicy = async () => (await api.get("/admin/dunning/policies", admin)).data.policies.find((p: any) => p.is_default)
    /** Changes the default policy and waits until the open receivables have been handed back for re-planning. */
    const changeDefaultPolicy = async (changes: Record<string, unknown>) => {
      const policy = await defaultPolicy()
      const replanned = TestEventUtils.waitSubscribersExecution("dunning.policy.saved", eventBus())
      const { data } = await api.post(`/admin/dunning/policies/${policy.id}`, changes, admin)
      await replanned
      return data.policy
    }

    const customerWithInvoices = async (name: string, invoices: Array<{ number: string; amount: number; due_at?: string }>) => {
      const email = `${name}@schedule.test`
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${name} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], rep_user_id: admin.userId }, admin)
      const receivableIds = await addInvoices(customer.id, invoices)
      return { customer, address: `ap.${email}`, receivableIds }
    }
    const addInvoices = async (customerId: string, invoices: Array<{ number: string; amount: number; due_at?: string }>) => {
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customerId,
            number: i.number,
            external_ref: `${customerId}:${i.number}`,
            currency_code: "eur",
            amount: i.amount,
            issued_at: "2026-02-14",
            due_at: i.due_at ?? DUE,
          })),
        },
        admin
      )
      return data.receivables.map((r: any) => r.id) as string[]
    }

    /** Runs and delivers every morning from `from` for `days` days; returns the day each message to `address` arrived. */
    const everyMorning = async (from: string, days: number, address: string, onDay?: (day: string) => Promise<void>) => {
      const arrivals: Array<{ day: string; subject: string }> = []
      for (let d = 0; d < days; d++) {
        const day = isoDay(Date.parse(at(from)) + d * DAY)
        await onDay?.(day)
        const before = received(address).length
        await run(at(day))
        await deliver(at(day, "09:05"))
        for (const m of received(address).slice(before)) {
          arrivals.push({ day, subject: String(m.subject) })
        }
      }
      return arrivals
    }

    describe("grace days", () => {
      it.each([
        [0, "2026-03-23"],
        [5, "2026-03-23"],
        [10, "2026-03-26"],
      ])("with %i grace days the first overdue notice reaches the customer on %s", async (tolerance, expected) => {
        await changeDefaultPolicy({ tolerance_days: tolerance })
        const { address } = await customerWithInvoices(`grace${tolerance}`, [{ number: "G-1", amount: 480 }])
        const arrivals = await everyMorning("2026-03-12", 20, address)
        // the reminders before and on the due day are not held back; +5 is Saturday 21 March, so with 0 or 5
        // grace days it goes out on Monday 23rd; with 10, on Thursday 26th
        expect(arrivals.slice(0, 3)).toEqual([
          { day: "2026-03-13", subject: "Friendly reminder: invoices due soon – Medusa Store" },
          { day: "2026-03-16", subject: "Invoices due today – Medusa Store" },
          { day: expected, subject: `Notification of Overdue Invoices – grace${tolerance} GmbH` },
        ])
      })

      it("accepts grace days beyond an overdue stage's offset, and re-plans open invoices when they change", async () => {
        // 10 grace days with the overdue stage at +5 used to be refused
        expect((await changeDefaultPolicy({ tolerance_days: 10 })).tolerance_days).toBe(10)
        const { customer, address, receivableIds } = await customerWithInvoices("replan", [{ number: "R-1", amount: 480 }])
        await everyMorning("2026-03-12", 9, address)
        const [planned] = await dunning().listReceivables({ id: receivableIds })
        expect(planned.next_action_at).toEqual(new Date("2026-03-26T08:00:00.000Z"))

        // the merchant lowers the grace days: the invoice is handed back to the next run, which sends on Monday
        await changeDefaultPolicy({ tolerance_days: 0 })
        const [replanned] = await dunning().listReceivables({ id: receivableIds })
        expect(replanned.next_action_at).toEqual(new Date(0))
        const arrivals = await everyMorning("2026-03-23", 1, address)
        expect(arrivals).toEqual([{ day: "2026-03-23", subject: "Notification of Overdue Invoices – replan GmbH" }])
        expect((await notices(customer.id)).map((n) => n.stage_name)).toEqual(["Friendly reminder", "Due today", "Notification of Overdue Invoices"])
      })
    })

    describe("reminders until paid", () => {
      it("an invoice unpaid for 120 days gets a reminder every resend_days within the contact cap, one escalation, and nothing once paid", async () => {
        const { customer, address, receivableIds } = await customerWithInvoices("unpaid", [{ number: "U-1", amount: 12400 }])
        const arrivals = await everyMorning("2026-03-12", 124, address)
        // the same days as the engine's unit test: weekly re-sends, held back only while three contacts fall
        // within 30 days, going on after the escalation of 30 April
        expect(arrivals.map((a) => a.day)).toEqual([
          "2026-03-13",
          "2026-03-16",
          "2026-03-23",
          "2026-04-13",
          "2026-04-20",
          "2026-04-27",
          "2026-05-13",
          "2026-05-20",
          "2026-05-27",
          "2026-06-12",
          "2026-06-19",
          "2026-06-26",
          "2026-07-13",
        ])
        expect(arrivals.slice(2).every((a) => a.subject === "Notification of Overdue Invoices – unpaid GmbH")).toBe(true)
        const escalations = await dunning().listCollectionEvents({ customer_id: customer.id, type: "escalated" })
        expect(escalations).toHaveLength(1)
        expect(escalations[0].occurred_at).toEqual(new Date(at("2026-04-30")))
        const [receivable] = await dunning().listReceivables({ id: receivableIds })
        expect(receivable).toMatchObject({ notices_sent: 13, escalated_at: new Date(at("2026-04-30")) })

        // paid on 14 July: nothing more in the next month
        await api.post(
          `/admin/dunning/receivables/${receivableIds[0]}/payments`,
          { amount: 12400, external_ref: "bank-2026-07-14", paid_at: at("2026-07-14", "08:00"), now: at("2026-07-14", "08:30") },
          admin
        )
        const after = await everyMorning("2026-07-14", 30, address)
        expect(after).toEqual([])
        expect((await dunning().listReceivables({ id: receivableIds }))[0]).toMatchObject({ status: "paid", next_action_at: null })
        expect(await dunning().listCollectionEvents({ customer_id: customer.id, type: "escalated" })).toHaveLength(1)
      })

      it("a maximum of notices, where a policy keeps one, ends the reminders with an escalation", async () => {
        const saved = await changeDefaultPolicy({ max_notices: 3 })
        expect(saved.max_notices).toBe(3)
        const { customer, address } = await customerWithInvoices("capped", [{ number: "C-1", amount: 300 }])
        const arrivals = await everyMorning("2026-03-12", 60, address)
        expect(arrivals.map((a) => a.day)).toEqual(["2026-03-13", "2026-03-16", "2026-03-23"])
        // a week after the third notice, not at the escalation stage's +45
        const escalations = await dunning().listCollectionEvents({ customer_id: customer.id, type: "escalated" })
        expect(escalations.map((e) => e.occurred_at)).toEqual([new Date(at("2026-03-30"))])

        // and back to "until paid"
        expect((await changeDefaultPolicy({ max_notices: null })).max_notices).toBeNull()
      })
    })

    describe("one notice in flight per customer", () => {
      /**
       * A customer whose re-sends come every 2 days: the overdue notice of 23 March goes out; the re-send of
       * 25 March meets a mail server that refuses with 451, and is still being retried on 27 March, when the
       * next re-send and a second invoice's overdue stage come due.
       */
      const notDeliveredYet = async () => {
        await changeDefaultPolicy({ resend_days: 2, max_contacts_per_30_days: 10 })
        const { customer, address, receivableIds } = await customerWithInvoices("inflight", [{ number: "A-1", amount: 100 }])
        await run(at("2026-03-23"))
        await deliver(at("2026-03-23", "09:05"))
        expect(received(address)).toHaveLength(1)

        const [second] = await addInvoices(customer.id, [{ number: "B-1", amount: 250, due_at: "2026-03-22T00:00:00.000Z" }])
        smtp.setMode({ kind: "reply", code: 451, message: "4.7.1 Try again later", on: "rcpt" })
        await run(at("2026-03-25"))
        await deliver(at("2026-03-25", "09:05"))
        await deliver(at("2026-03-26"))
        const [, pending] = await notices(customer.id)
        expect(pending).toMatchObject({ status: "scheduled", attempts: 2 })
        expect(pending.last_error).toMatch(/451/)
        expect(received(address)).toHaveLength(1)
        return { customer, address, ids: [...receivableIds, second], pending }
      }

      it("folds what comes due into the notice being retried, and the customer gets one message when the server recovers", async () => {
        const { customer, address, ids, pending } = await notDeliveredYet()

        const { totals } = await run(at("2026-03-27"))
        expect(totals).toMatchObject({ notices_created: 0, notices_folded: 1, skipped: { folded_into_pending_notice: 2 } })
        const all = await notices(customer.id)
        expect(all.map((n) => n.status)).toEqual(["sent", "scheduled"])
        const folded = all[1]
        expect(folded.id).toBe(pending.id)
        expect([...(folded.receivable_ids as string[])].sort()).toEqual([...ids].sort())
        expect(folded.folds).toEqual([
          expect.objectContaining({ at: at("2026-03-27"), stage_name: "Notification of Overdue Invoices", receivable_ids: expect.arrayContaining(ids) }),
        ])
        const claims = await dunning().listCollectionEvents({ customer_id: customer.id, type: "claim_for_non_payment" }, { order: { occurred_at: "ASC" } })
        expect(claims).toHaveLength(2)
        expect(claims[1].note).toMatch(/\(folded in on 2026-03-27, before it was sent: 2 invoices came due again\)/)
        // the run of 27 March counted it on its record too
        const [lastRun] = await dunning().listDunningRuns({}, { order: { started_at: "DESC" }, take: 1 })
        expect(lastRun.skipped).toMatchObject({ folded_into_pending_notice: 2 })

        // still refused at the next attempt; then the server recovers
        await deliver(at("2026-03-27", "09:30"))
        expect(received(address)).toHaveLength(1)
        smtp.setMode({ kind: "accept" })
        expect(await deliver(at("2026-03-27", "12:00"))).toMatchObject({ sent: 1 })
        const afterRecovery = received(address).slice(1)
        expect(afterRecovery).toHaveLength(1)
        expect(String(afterRecovery[0].html)).toContain("A-1")
        expect(String(afterRecovery[0].html)).toContain("B-1")
        expect(await deliver(at("2026-03-27", "15:00"))).toMatchObject({ claimed: 0 })
        expect(received(address)).toHaveLength(2)
      })

      it("does not change a notice that a delivery holds: the receivables are looked at again once its lease has run out", async () => {
        const { customer, ids, pending } = await notDeliveredYet()
        // a delivery claims the notice at this moment
        const [claimed] = await dunning().claimDeliverableNotices({ now: new Date(at("2026-03-27")), limit: 10, lease_seconds: 300 })
        expect(claimed.id).toBe(pending.id)

        const { totals } = await run(at("2026-03-27"))
        expect(totals).toMatchObject({ notices_created: 0, notices_folded: 0, skipped: { notice_in_delivery: 2 } })
        const untouched = (await notices(customer.id))[1]
        expect(untouched).toMatchObject({ id: pending.id, folds: null, receivable_ids: pending.receivable_ids })
        const deferred = await dunning().listReceivables({ id: ids })
        for (const r of deferred) {
          // the lease's five minutes and one more
          expect(new Date(r.next_action_at!).getTime()).toBeGreaterThan(Date.parse(at("2026-03-27", "09:05")))
          expect(new Date(r.next_action_at!).getTime()).toBeLessThanOrEqual(Date.parse(at("2026-03-27", "09:06")))
        }

        // the delivery ends (refused again); the next run folds
        await dunning().recordDeliveryOutcome({
          notice_id: claimed.id,
          attempt: claimed.attempts,
          at: new Date(at("2026-03-27", "09:01")),
          status: "scheduled",
          last_error: "451 4.7.1 Try again later",
          next_attempt_at: new Date(at("2026-03-27", "09:10")),
        })
        const later = await run(at("2026-03-27", "09:10"))
        expect(later.totals).toMatchObject({ notices_created: 0, notices_folded: 1 })
        expect((await notices(customer.id)).map((n) => n.status)).toEqual(["sent", "scheduled"])
      })
    })

    describe("a delivery that outlived its lease", () => {
      it("does not send what it read before a run folded into the notice: the next claim sends the notice as it is now", async () => {
        await changeDefaultPolicy({ resend_days: 2, max_contacts_per_30_days: 10 })
        const { customer, address } = await customerWithInvoices("stale", [{ number: "S-1", amount: 100 }])
        smtp.setMode({ kind: "reply", code: 451, message: "4.7.1 Try again later", on: "rcpt" })
        await run(at("2026-03-23"))
        await deliver(at("2026-03-23", "09:05"))
        smtp.setMode({ kind: "accept" })
        // a worker claims the notice on 25 March and stalls past its lease…
        const [stale] = await dunning().claimDeliverableNotices({ now: new Date(at("2026-03-25")), limit: 10, lease_seconds: 300 })
        await dbConnection.raw(`UPDATE dunning_notice SET delivery_lease_until = now() - interval '1 second' WHERE id = ?`, [stale.id])
        // …meanwhile the run folds the re-send of 25 March into it
        expect((await run(at("2026-03-25"))).totals).toMatchObject({ notices_created: 0, notices_folded: 1 })

        // the stalled worker wakes up: the notice is no longer the one it read, so it leaves it
        const tally = await deliverBatch(getContainer(), [stale], { now: new Date(at("2026-03-25", "09:01")), options: dunning().getOptions(), store_name: "Test store" })
        expect(tally).toMatchObject({ claimed: 1, sent: 0, taken_over: 1 })
        expect(received(address)).toHaveLength(0)
        expect(await deliver(at("2026-03-25", "09:05"))).toMatchObject({ sent: 1 })
        expect(received(address)).toHaveLength(1)
        expect((await notices(customer.id)).map((n) => [n.status, (n.folds as any[] | null)?.length ?? 0])).toEqual([["sent", 1]])
      })
    })

    describe("a reminder sent on request", () => {
      it("goes out outside the send window and over the contact cap, and says so on the notice and in the history", async () => {
        const { customer, address } = await customerWithInvoices("onrequest", [{ number: "Q-1", amount: 90 }])
        // three notices in ten days: the contact cap is reached
        await everyMorning("2026-03-12", 12, address)
        expect(received(address)).toHaveLength(3)

        // Saturday 28 March, 10:00, outside the send window: the admin asks for the next reminder now
        const answer = await runDunningNow(api, admin, { now: at("2026-03-28", "10:00"), customer_id: customer.id })
        expect(answer.run).toMatchObject({ trigger: "customer", triggered_by: admin.userId })
        const forced = (await notices(customer.id)).at(-1)!
        expect(forced.on_request).toEqual({ user_id: admin.userId, name: "Avery Admin", bypassed: ["send_window", "contact_cap"] })
        const { data } = await api.get(`/admin/dunning/notices/${forced.id}`, admin)
        expect(data.notice.on_request).toMatchObject({ name: "Avery Admin", bypassed: ["send_window", "contact_cap"] })
        const [claim] = await dunning().listCollectionEvents({ customer_id: customer.id, notice_id: forced.id })
        expect(claim.note).toMatch(/\(sent on request by Avery Admin, outside the send window and over the contact cap\)$/)

        await deliver(at("2026-03-28", "10:01"))
        expect(received(address)).toHaveLength(4)
        // notices of the scheduled runs carry nothing of the kind
        expect((await notices(customer.id)).slice(0, 3).map((n) => n.on_request)).toEqual([null, null, null])
      })
    })

    describe("the scheduled job", () => {
      it("steps aside when it is started long before the moment it was scheduled for", async () => {
        await customerWithInvoices("early", [{ number: "E-1", amount: 10 }])
        // the in-memory engine's timer for a tick 20 days ahead overflowed and fired at once
        const outcome = await dunningScheduledRun(getContainer(), { scheduledFor: new Date(Date.now() + 20 * DAY) })
        expect(outcome).toEqual({ skipped: true, reason: "fired_early" })
        expect(await dunning().listDunningRuns({})).toHaveLength(0)
        expect(await dunning().listDunningLeases({})).toHaveLength(0)
        const { rows } = await dbConnection.raw("SELECT count(*)::int AS n FROM dunning_notice")
        expect(rows[0].n).toBe(0)
      })

      it("the delivery job steps aside when it is started long before the moment it was scheduled for", async () => {
        const { customer, address } = await customerWithInvoices("early-delivery", [{ number: "D-1", amount: 10 }])
        await run(at("2026-03-23"))
        const [notice] = await notices(customer.id)
        expect(notice.status).toBe("scheduled")

        // the in-memory engine's timer for a delivery tick 20 days ahead overflowed and fired at once
        const outcome = await dunningDeliveryJob(getContainer(), { scheduledFor: new Date(Date.now() + 20 * DAY) })
        expect(outcome).toEqual({ skipped: true, reason: "fired_early" })
        expect(received(address)).toHaveLength(0)
        expect(await dunning().listDunningLeases({})).toHaveLength(0)
        expect(await notices(customer.id)).toEqual([expect.objectContaining({ id: notice.id, status: "scheduled", attempts: notice.attempts })])

        // a tick on time delivers the same notice
        expect(await dunningDeliveryJob(getContainer(), { scheduledFor: new Date() })).toMatchObject({ skipped: false, claimed: 1, sent: 1 })
        expect(received(address)).toHaveLength(1)
      })
    })

    describe("policy fields", () => {
      it("keeps max_notices empty (until paid) and a stage's stops_reminders", async () => {
        const policy = await defaultPolicy()
        const stages = policy.stages.map((s: any) => (s.action === "escalate" ? { ...s, stops_reminders: true } : s))
        const { data } = await api.post(
          "/admin/dunning/policies",
          { name: "Rep takes over", customer_group_ids: ["cusgroup_1"], max_notices: null, stages: stages.map(({ id, ...s }: any) => s) },
          admin
        )
        expect(data.policy).toMatchObject({ max_notices: null })
        expect(data.policy.stages.map((s: any) => s.stops_reminders)).toEqual([false, false, false, true])
        const [stored] = await dunning().listDunningPolicies({ id: data.policy.id })
        expect(stored.max_notices).toBeNull()
      })
    })
  },
})
