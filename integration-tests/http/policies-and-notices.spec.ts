// The host app reads these when it boots: notices go to an in-process SMTP server (a port of its own, so this
// file can run beside the delivery tests); delivery is called by the tests, not set off by the runs.
const SMTP_PORT = 3170 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "false"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { runDunningNow } from "../helpers/dunning-run"
import { SmtpPeer } from "../helpers/smtp-peer"
import { capture, createBusinessCustomer, createCustomerGroupWith, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

// Monday 16 March 2026 is the due date of the invoices below. The default policy sends Monday to Friday,
// 08:00 to 18:00 UTC: reminder Friday 13 March (-3), due day Monday 16, overdue Monday 23 (+5 = Saturday 21,
// moved to the next opening), re-sent every 7 days, at most 3 contacts in 30 days.
const DUE = "2026-03-16T00:00:00.000Z"
const at = (iso: string) => `${iso}T09:00:00.000Z`
const sendStage = (name: string, offset_days: number, subject_template: string) => ({
  name,
  offset_days,
  action: "send",
  tone: "firm",
  repeats: true,
  channel: "email",
  subject_template,
  body_html_template: "<p>Dear {{customer.name}},</p>{{> invoiceTable}}",
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      await keepScheduledJobsOut()
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)
    // the scheduled jobs act at the wall clock: their leases, held by this file, keep them out of this
    // simulated March, except for the moments its own runs hold the run lease (one run at a time)
    const keepScheduledJobsOut = async () => {
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE]) {
        await dunning().acquireLease({ name, holder: "policies-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
    }
    /** Runs dunning through the admin API at `now` and answers `{ run, totals }` once the run has ended. */
    const run = async (now: string, body: Record<string, unknown> = {}) => {
      await dunning().releaseLease({ name: SCHEDULED_RUN_LEASE, holder: "policies-test" })
      try {
        return await runDunningNow(api, admin, { now, ...body })
      } finally {
        await keepScheduledJobsOut()
      }
    }
    const deliver = async (now: string) => (await deliverNoticesWorkflow(getContainer()).run({ input: { now } })).result
    const noticesOf = (customerId: string) => dunning().listNotices({ customer_id: customerId }, { order: { scheduled_for: "ASC" }, take: null })
    const nextActions = async (ids: string[]) =>
      (await dunning().listReceivables({ id: ids }, { take: null })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map((r) => r.next_action_at)
    const defaultPolicy = async () => {
      await dunning().ensureDefaultPolicy()
      const [policy] = await dunning().listDunningPolicies({ is_default: true }, { relations: ["stages"] })
      return policy as any
    }
    /** The policy's stages as `POST /admin/dunning/policies/:id` takes them back (each keeps its id), in their order. */
    const stagesOf = (policy: any) =>
      [...policy.stages]
        .sort((a: any, b: any) => a.position - b.position)
        .map(({ id, name, offset_days, action, tone, repeats, channel, subject_template, body_html_template, body_text_template }: any) => ({
          id, name, offset_days, action, tone, repeats, channel, subject_template, body_html_template, body_text_template,
        }))
    const createPolicy = async (body: Record<string, unknown>) => (await api.post("/admin/dunning/policies", body, admin)).data.policy

    const customerWithInvoices = async (
      email: string,
      invoices: Array<{ number: string; amount: number; due_at?: string }>,
      profile: Record<string, unknown> = {}
    ) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[0]} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], ...profile }, admin)
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customer.id,
            number: i.number,
            external_ref: `${email}:${i.number}`,
            currency_code: "eur",
            amount: i.amount,
            issued_at: "2026-02-14",
            due_at: i.due_at ?? DUE,
          })),
        },
        admin
      )
      return { customer, receivableIds: data.receivables.map((r: any) => r.id) as string[] }
    }

    /** What the SMTP server received for one customer address: the subject, the Cc header and the envelopes of its copies. */
    const mailFor = (address: string) => {
      const mail = smtp.messages.find((m) => m.envelope.to.includes(address))
      if (!mail) {
        return null
      }
      return {
        subject: mail.subject,
        cc: ((mail.cc as any)?.value ?? []).map((v: any) => v.address),
        copies: smtp.messages.filter((m) => m !== mail && m.messageId === mail.messageId).map((m) => m.envelope.to),
      }
    }

    describe("choosing the policy", () => {
      it("mails a group member under its group's policy, the higher priority of two groups, and a pinned policy over both", async () => {
        const plain = await customerWithInvoices("plain@test.dev", [{ number: "PL-1", amount: 100 }])
        const dist = await customerWithInvoices("dist@test.dev", [{ number: "DI-1", amount: 100 }])
        const both = await customerWithInvoices("both@test.dev", [{ number: "BO-1", amount: 100 }])
        const pinned = await customerWithInvoices("pinned@test.dev", [{ number: "PI-1", amount: 100 }])
        const pinnedOff = await customerWithInvoices("pinnedoff@test.dev", [{ number: "PO-1", amount: 100 }])
        const distributors = await createCustomerGroupWith(getContainer(), "Distributors", [dist.customer.id, both.customer.id, pinnedOff.customer.id])
        const keyAccounts = await createCustomerGroupWith(getContainer(), "Key accounts", [both.customer.id, pinned.customer.id])

        // the groups' policies give 10 grace days: their overdue stage (+5) goes out 10 days after the due date
        const distPolicy = await createPolicy({
          name: "Distributors",
          customer_group_ids: [distributors],
          priority: 10,
          tolerance_days: 10,
          cc: ["credit@distributors.test"],
          stages: [sendStage("Distributor overdue notice", 5, "Distributors: overdue invoices – {{customer.company}}")],
        })
        const keyPolicy = await createPolicy({
          name: "Key accounts",
          customer_group_ids: [keyAccounts],
          priority: 20,
          tolerance_days: 10,
          cc: ["credit@key-accounts.test"],
          stages: [sendStage("Key account overdue notice", 5, "Key accounts: overdue invoices – {{customer.company}}")],
        })
        const gentle = await createPolicy({
          name: "Gentle",
          cc: ["gentle@acme-wholesale.test"],
          stages: [sendStage("Gentle word", 10, "A gentle word about your invoices – {{customer.company}}")],
        })
        const retired = await createPolicy({
          name: "Retired",
          enabled: false,
          cc: ["retired@acme-wholesale.test"],
          stages: [sendStage("Retired notice", 10, "Retired – {{customer.company}}")],
        })
        await api.post(`/admin/dunning/profiles/${pinned.customer.id}`, { policy_id: gentle.id }, admin)
        // a pin to a policy that is switched off is passed over like any disabled policy: the groups decide
        await api.post(`/admin/dunning/profiles/${pinnedOff.customer.id}`, { policy_id: retired.id }, admin)

        // +9 days (Wednesday 25 March): the default policy's overdue stage (+5, 5 grace days) has come; the
        // groups' +5 stages wait for their 10 grace days, the other policies' stages are at +10
        expect((await run(at("2026-03-25"))).run).toMatchObject({ status: "succeeded", notices_created: 1 })
        await deliver(at("2026-03-25"))
        expect(smtp.messages).toHaveLength(1)
        expect(mailFor("ap.plain@test.dev")).toEqual({ subject: "Notification of Overdue Invoices – plain GmbH", cc: [], copies: [] })

        // +10 days: every group member, each under the policy that applies to it
        expect((await run(at("2026-03-26"))).run).toMatchObject({ status: "succeeded", notices_created: 4 })
        await deliver(at("2026-03-26"))
        expect(mailFor("ap.dist@test.dev")).toEqual({
          subject: "Distributors: overdue invoices – dist GmbH",
          cc: ["credit@distributors.test"],
          copies: [["credit@distributors.test"]],
        })
        expect(mailFor("ap.both@test.dev")).toEqual({
          subject: "Key accounts: overdue invoices – both GmbH",
          cc: ["credit@key-accounts.test"],
          copies: [["credit@key-accounts.test"]],
        })
        expect(mailFor("ap.pinned@test.dev")).toEqual({
          subject: "A gentle word about your invoices – pinned GmbH",
          cc: ["gentle@acme-wholesale.test"],
          copies: [["gentle@acme-wholesale.test"]],
        })
        expect(mailFor("ap.pinnedoff@test.dev")).toEqual({
          subject: "Distributors: overdue invoices – pinnedoff GmbH",
          cc: ["credit@distributors.test"],
          copies: [["credit@distributors.test"]],
        })
        expect(smtp.messages).toHaveLength(1 + 4 * 2)

        const policyOf = async (customerId: string) => (await noticesOf(customerId)).map((n) => [n.policy_id, n.stage_name])
        expect(await policyOf(plain.customer.id)).toEqual([[(await defaultPolicy()).id, "Notification of Overdue Invoices"]])
        expect(await policyOf(dist.customer.id)).toEqual([[distPolicy.id, "Distributor overdue notice"]])
        expect(await policyOf(both.customer.id)).toEqual([[keyPolicy.id, "Key account overdue notice"]])
        expect(await policyOf(pinned.customer.id)).toEqual([[gentle.id, "Gentle word"]])
        expect(await policyOf(pinnedOff.customer.id)).toEqual([[distPolicy.id, "Distributor overdue notice"]])
      })
    })

    describe("delivery", () => {
      it("sends the BCC copy to the blind-copy address without naming it in any header", async () => {
        const policy = await defaultPolicy()
        await api.post(`/admin/dunning/policies/${policy.id}`, { cc: ["collections@acme-wholesale.test"], bcc: ["audit@acme-wholesale.test"] }, admin)
        const { customer } = await customerWithInvoices("blind@test.dev", [{ number: "BL-1", amount: 100 }])
        await run(at("2026-03-23"))
        expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 1, sent: 1 })

        // the customer's message, then one copy to the CC and BCC addresses together
        expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap.blind@test.dev"], ["collections@acme-wholesale.test", "audit@acme-wholesale.test"]])
        for (const mail of smtp.messages) {
          expect((mail.cc as any).value.map((v: any) => v.address)).toEqual(["collections@acme-wholesale.test"])
          expect(mail.bcc).toBeUndefined()
          expect(mail.headerLines.map((h) => h.line).join("\n")).not.toContain("audit@")
        }
        const [notice] = await noticesOf(customer.id)
        expect(notice.recipients).toEqual({ to: ["ap.blind@test.dev"], cc: ["collections@acme-wholesale.test"], bcc: ["audit@acme-wholesale.test"], reply_to: null })
      })

      it("sends a notice over two invoices with one of them paid through Medusa: only the unpaid invoice is listed", async () => {
        // about the reminders alone: the invoice e-mails of its orders (on by default) are switched off
        const policies = (await api.get("/admin/dunning/policies", admin)).data.policies
        await api.post(`/admin/dunning/policies/${policies.find((p: any) => p.is_default).id}`, { send_invoice_on_issue: false }, admin)
        const { customer } = await createBusinessCustomer(getContainer(), {
          email: "ap@twoorders.test",
          company_name: "Two Orders",
          profile: { terms_days: 30, billing_emails: ["ap@twoorders.test"] },
        })
        // 2 × 125.50 = 251.00 EUR and 3 × 125.50 = 376.50 EUR, both on 30 days of terms
        const first = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
        const second = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 3 })
        const [paidLater] = await dunning().listReceivables({ order_id: first.order.id })
        const [unpaid] = await dunning().listReceivables({ order_id: second.order.id })
        const runAt = new Date(new Date(unpaid.due_at).getTime() + 6 * 86_400_000).toISOString()
        await run(runAt, { customer_id: customer.id })
        const [notice] = await noticesOf(customer.id)
        expect(notice).toMatchObject({ status: "scheduled" })
        expect([...(notice.receivable_ids as unknown as string[])].sort()).toEqual([paidLater.id, unpaid.id].sort())

        // the first order is paid in full through Medusa's capture; its payment.captured subscriber books it
        await capture(getContainer(), first.paymentId)
        expect((await dunning().listReceivables({ id: paidLater.id }))[0]).toMatchObject({ status: "paid" })
        // the notice still claims the second invoice: it stays scheduled
        expect((await noticesOf(customer.id))[0]).toMatchObject({ id: notice.id, status: "scheduled", cancel_reason: null })

        expect(await deliver(runAt)).toMatchObject({ claimed: 1, sent: 1 })
        const [mail] = smtp.messages.filter((m) => m.envelope.to.includes("ap@twoorders.test"))
        const day = (d: Date) => new Date(d).toISOString().slice(0, 10)
        expect(mail.attachments[0].content.toString("utf-8").split("\r\n")).toEqual([
          "Invoice,Issued,Due,Days overdue,Currency,Amount,Paid,Outstanding",
          `${second.order.display_id},${day(unpaid.issued_at)},${day(unpaid.due_at)},6,EUR,376.5,0,376.5`,
          "Total EUR,,,,EUR,,,376.5",
          "",
        ])
        expect(String(mail.html)).toContain("€376.50")
        expect(String(mail.html)).not.toContain("€251.00")
        expect(String(mail.html)).not.toContain("€627.50")
        const [sent] = await noticesOf(customer.id)
        expect(sent).toMatchObject({ status: "sent", receivable_ids: [unpaid.id] })
        expect((sent.lines as unknown as any[]).map((l) => l.number)).toEqual([String(second.order.display_id)])
        expect(sent.totals).toEqual([{ currency_code: "eur", outstanding: "376.5", count: 1 }])
      })
    })

    describe("the contact cap", () => {
      it("holds back a fourth notice within 30 days and plans it for when the window opens again", async () => {
        const { customer, receivableIds } = await customerWithInvoices("capped@test.dev", [
          { number: "CAP-1", amount: 100 },
          { number: "CAP-2", amount: 40, due_at: "2026-03-30T00:00:00.000Z" },
        ])
        // CAP-1: reminder 13 March, due day 16 March, overdue 23 March: three notices, all sent
        for (const day of ["2026-03-13", "2026-03-16", "2026-03-23"]) {
          expect((await run(at(day))).totals).toMatchObject({ notices_created: 1 })
          expect(await deliver(at(day))).toMatchObject({ sent: 1 })
        }
        // CAP-2's reminder comes due on Friday 27 March, the fourth notice in 15 days
        const capped = await run(at("2026-03-27"))
        expect(capped.run).toMatchObject({ status: "succeeded", notices_created: 0 })
        expect(capped.totals.skipped).toEqual({ contact_cap: 1 })
        expect(await noticesOf(customer.id)).toHaveLength(3)
        // the first contact (13 March, 09:00) leaves the 30 days on Sunday 12 April at 09:00: the send window
        // opens next on Monday 13 April at 08:00; CAP-1 keeps its own next action (its re-send on 30 March)
        expect(await nextActions(receivableIds)).toEqual([new Date("2026-03-30T08:00:00.000Z"), new Date("2026-04-13T08:00:00.000Z")])

        const reopened = await run(at("2026-04-13"))
        expect(reopened.totals).toMatchObject({ notices_created: 1, skipped: {} })
        const latest = (await noticesOf(customer.id))[3]
        expect([...(latest.receivable_ids as unknown as string[])].sort()).toEqual([...receivableIds].sort())
        expect(smtp.messages.filter((m) => m.envelope.to.includes("ap.capped@test.dev"))).toHaveLength(3)
      })
    })

    describe("re-planning after a policy change", () => {
      it("moves the next action of open receivables not on hold when a policy's stages or re-send days change", async () => {
        const overdue = await customerWithInvoices("overdue@test.dev", [{ number: "OV-1", amount: 100 }])
        const upcoming = await customerWithInvoices("upcoming@test.dev", [{ number: "UP-1", amount: 100, due_at: "2026-03-30T00:00:00.000Z" }])
        const held = await customerWithInvoices("held@test.dev", [{ number: "HE-1", amount: 100 }])
        await api.post("/admin/dunning/holds", { customer_id: held.customer.id, reason: "Waiting for the credit note", until: "2026-04-20", now: at("2026-03-20") }, admin)
        await run(at("2026-03-23"))
        const ids = [overdue.receivableIds[0], upcoming.receivableIds[0], held.receivableIds[0]]
        // OV-1 had its overdue notice today, re-sent in 7 days; UP-1's reminder is 3 days before its due date
        expect(await nextActions(ids)).toEqual([
          new Date("2026-03-30T08:00:00.000Z"),
          new Date("2026-03-27T08:00:00.000Z"),
          new Date("2026-04-20T00:00:00.000Z"),
        ])

        const policy = await defaultPolicy()
        const stages = stagesOf(policy).map((s) => (s.offset_days === -3 ? { ...s, offset_days: -5 } : s))
        const replanned = TestEventUtils.waitSubscribersExecution("dunning.policy.saved", eventBus())
        await api.post(`/admin/dunning/policies/${policy.id}`, { resend_days: 3, stages }, admin)
        await replanned
        // handed back to the next run; the held receivable keeps its hold
        expect(await nextActions(ids)).toEqual([new Date(0), new Date(0), new Date("2026-04-20T00:00:00.000Z")])

        expect((await run(at("2026-03-24"))).totals).toMatchObject({ notices_created: 0 })
        expect(await nextActions(ids)).toEqual([
          new Date("2026-03-26T08:00:00.000Z"),
          new Date("2026-03-25T08:00:00.000Z"),
          new Date("2026-04-20T00:00:00.000Z"),
        ])
      })
    })

    describe("notices and runs in the admin API", () => {
      it("lists notices by customer, status and run, and shows one notice and one run as they were recorded", async () => {
        const a = await customerWithInvoices("alpha@test.dev", [{ number: "AL-1", amount: 1250.5 }])
        const b = await customerWithInvoices("beta@test.dev", [{ number: "BE-1", amount: 80 }])
        const reminders = (await run(at("2026-03-13"))).run
        await deliver(at("2026-03-13"))
        const dueDayRun = (await run(at("2026-03-16"))).run
        // beta pays before the due-day notice goes out: it is cancelled, alpha's is sent
        await api.post(`/admin/dunning/receivables/${b.receivableIds[0]}/payments`, { amount: 80, external_ref: "BANK-BE-1", now: at("2026-03-16") }, admin)
        await deliver(at("2026-03-16"))

        const list = async (query: string) => {
          const { data } = await api.get(`/admin/dunning/notices?${query}`, admin)
          return { count: data.count, notices: data.notices.map((n: any) => [n.customer_id === a.customer.id ? "alpha" : "beta", n.stage_name, n.status]) }
        }
        expect(await list(`customer_id=${a.customer.id}`)).toEqual({
          count: 2,
          notices: [
            ["alpha", "Due today", "sent"],
            ["alpha", "Friendly reminder", "sent"],
          ],
        })
        expect(await list("status=cancelled")).toEqual({ count: 1, notices: [["beta", "Due today", "cancelled"]] })
        expect((await list(`run_id=${dueDayRun.id}`)).notices.sort()).toEqual([
          ["alpha", "Due today", "sent"],
          ["beta", "Due today", "cancelled"],
        ])
        expect(await list(`run_id=${reminders.id}&customer_id=${b.customer.id}`)).toEqual({ count: 1, notices: [["beta", "Friendly reminder", "sent"]] })
        expect(await list(`run_id=${dueDayRun.id}&status=sent`)).toEqual({ count: 1, notices: [["alpha", "Due today", "sent"]] })
        expect(await list("status=scheduled")).toEqual({ count: 0, notices: [] })

        const [alphaDue] = (await api.get(`/admin/dunning/notices?customer_id=${a.customer.id}&limit=1`, admin)).data.notices
        const { notice } = (await api.get(`/admin/dunning/notices/${alphaDue.id}`, admin)).data
        const mail = smtp.messages.find((m) => m.envelope.to.includes("ap.alpha@test.dev") && m.subject === notice.subject)!
        expect(notice).toMatchObject({
          id: alphaDue.id,
          customer_id: a.customer.id,
          run_id: dueDayRun.id,
          stage_name: "Due today",
          channel: "email",
          status: "sent",
          attempts: 1,
          last_error: null,
          recipients: { to: ["ap.alpha@test.dev"], cc: [], bcc: [], reply_to: null },
          receivable_ids: a.receivableIds,
          totals: [{ currency_code: "eur", outstanding: "1250.5", count: 1 }],
          subject: "Invoices due today – Medusa Store",
          provider_message_id: mail.messageId,
          scheduled_for: "2026-03-16T09:00:00.000Z",
          sent_at: "2026-03-16T09:00:00.000Z",
        })
        expect((notice.lines as any[]).map((l) => [l.number, l.outstanding, l.days_overdue])).toEqual([["AL-1", "1250.5", 0]])
        // exactly what went out
        expect(notice.body_html.trim()).toBe(String(mail.html).trim())
        expect(notice.body_text.trim()).toBe(String(mail.text).trim())

        const [betaDue] = (await api.get(`/admin/dunning/notices?customer_id=${b.customer.id}&status=cancelled`, admin)).data.notices
        expect((await api.get(`/admin/dunning/notices/${betaDue.id}`, admin)).data.notice).toMatchObject({
          status: "cancelled",
          cancel_reason: "paid before delivery",
          attempts: 0,
          subject: null,
          body_html: null,
          sent_at: null,
        })

        const { run: dueDay } = (await api.get(`/admin/dunning/runs/${dueDayRun.id}`, admin)).data
        expect(dueDay).toEqual({
          id: dueDayRun.id,
          trigger: "manual",
          triggered_by: admin.userId,
          as_of: "2026-03-16T09:00:00.000Z",
          started_at: expect.any(String),
          finished_at: expect.any(String),
          status: "succeeded",
          batches: expect.any(Number),
          customers_seen: 2,
          receivables_seen: 2,
          notices_created: 2,
          invoice_emails_created: 0,
          escalations_created: 0,
          skipped: {},
          error: null,
        })
        expect(new Date(dueDay.finished_at).getTime()).toBeGreaterThanOrEqual(new Date(dueDay.started_at).getTime())
        // one batch per stream that found work: the run's two streams split the customers by a hash of their ids
        expect([1, 2]).toContain(dueDay.batches)
        await expectStatus(api.get("/admin/dunning/notices/dntc_ghost", admin), 404)
        await expectStatus(api.get("/admin/dunning/runs/drun_ghost", admin), 404)
      })
    })

    describe("aging by customer group", () => {
      it("counts a customer in two groups in both, and the store-wide figures once", async () => {
        const both = await customerWithInvoices("twogroups@test.dev", [{ number: "TG-1", amount: 100 }])
        const one = await customerWithInvoices("onegroup@test.dev", [{ number: "OG-1", amount: 50 }])
        await customerWithInvoices("nogroup@test.dev", [{ number: "NG-1", amount: 30 }])
        const distributors = await createCustomerGroupWith(getContainer(), "Distributors", [both.customer.id, one.customer.id])
        const keyAccounts = await createCustomerGroupWith(getContainer(), "Key accounts", [both.customer.id])

        const { aging } = (await api.get("/admin/dunning/aging?by=customer_group&now=2026-04-01T12:00:00Z", admin)).data
        const tally = (g: any) => [g.customer_group_id, g.name, g.currencies.map((c: any) => [c.currency_code, c.total_outstanding, c.overdue_amount, c.open_count])]
        expect(aging.groups.map(tally)).toEqual([
          [distributors, "Distributors", [["eur", 150, 150, 2]]],
          [keyAccounts, "Key accounts", [["eur", 100, 100, 1]]],
          [null, null, [["eur", 30, 30, 1]]],
        ])
        // 16 days overdue on 1 April
        expect(aging.groups[1].currencies[0].buckets.find((b: any) => b.key === "1-30")).toMatchObject({ amount: 100, count: 1 })
        expect(aging.currencies.map((c: any) => [c.currency_code, c.total_outstanding, c.overdue_amount, c.open_count])).toEqual([["eur", 180, 180, 3]])
      })
    })
  },
})
