import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import dunningScheduledRun, { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { reconcileWorkflow } from "../../src/workflows/reconcile/workflows/reconcile"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"
import { capture, createBusinessCustomer, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

// Monday 16 March 2026 is the due date of the invoices below; the default policy sends Monday to Friday,
// 08:00 to 18:00 UTC: reminder Friday 13 March (-3), due day Monday 16, overdue Monday 23 (+5 = Saturday 21,
// moved to the next opening), then escalation at +45.
const DUE = "2026-03-16T00:00:00.000Z"
const at = (iso: string) => `${iso}T09:00:00.000Z`

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    let store: TestStore

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    const customerWithInvoices = async (
      email: string,
      invoices: Array<{ number: string; amount: number; due_at?: string; currency_code?: string }>,
      profile: Record<string, unknown> = {}
    ) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[0]} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap+${email}`], rep_user_id: admin.userId, ...profile }, admin)
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customer.id,
            number: i.number,
            external_ref: i.number,
            currency_code: i.currency_code ?? "eur",
            amount: i.amount,
            issued_at: "2026-02-14",
            due_at: i.due_at ?? DUE,
          })),
        },
        admin
      )
      return { customer, receivableIds: data.receivables.map((r: any) => r.id) as string[] }
    }

    const run = async (now: string, body: Record<string, unknown> = {}) => await runDunningNow(api, admin, { now, ...body })
    // a customer has one notice in flight: while a notice waits for delivery, what comes due is folded into
    // it, so a story of several notices delivers each one (to the file outbox of the test host) before the next
    const runAndDeliver = async (now: string) => {
      const result = await run(now)
      await deliverNoticesWorkflow(getContainer()).run({ input: { now } })
      return result
    }
    const notices = async (customerId: string) =>
      dunning().listNotices({ customer_id: customerId }, { order: { scheduled_for: "ASC" }, take: null })

    describe("policies", () => {
      it("creates the default policy on first use with reminder, due day, overdue and escalation stages", async () => {
        const { data } = await api.get("/admin/dunning/policies", admin)
        // beside it, the shipped High risk policy, disabled until the merchant enables it (see risk-policies.spec.ts)
        expect(data.policies.map((p: any) => [p.name, p.is_default, p.enabled])).toEqual([
          ["Standard collections", true, true],
          ["High risk", false, false],
        ])
        const policy = data.policies[0]
        // reminders go on until the invoice is paid: no maximum of notices
        expect(policy).toMatchObject({ is_default: true, tolerance_days: 5, resend_days: 7, max_notices: null, max_contacts_per_30_days: 3 })
        expect(policy.stages.map((s: any) => [s.name, s.offset_days, s.action])).toEqual([
          ["Friendly reminder", -3, "send"],
          ["Due today", 0, "send"],
          ["Notification of Overdue Invoices", 5, "send"],
          ["Escalation to account rep", 45, "escalate"],
        ])
        // asking twice does not create a second default
        await api.get("/admin/dunning/policies", admin)
        expect(await dunning().listDunningPolicies({ is_default: true })).toHaveLength(1)
      })

      it("creates, changes and deletes a group policy; refuses invalid policies naming the field", async () => {
        const base = (await api.get("/admin/dunning/policies", admin)).data.policies[0]
        const stages = base.stages.map(({ id, ...s }: any) => s)
        const created = await api.post(
          "/admin/dunning/policies",
          { name: "Distributors", customer_group_ids: ["cusgroup_1"], priority: 10, tolerance_days: 10, stages: stages.map((s: any) => (s.offset_days === 5 ? { ...s, offset_days: 10 } : s)), cc: ["collections@shop.test"] },
          admin
        )
        expect(created.status).toBe(201)
        expect(created.data.policy).toMatchObject({ name: "Distributors", is_default: false, tolerance_days: 10, cc: ["collections@shop.test"] })
        const id = created.data.policy.id

        const changed = await api.post(`/admin/dunning/policies/${id}`, { resend_days: 14, stages: created.data.policy.stages.slice(0, 3) }, admin)
        expect(changed.data.policy.resend_days).toBe(14)
        expect(changed.data.policy.stages.map((s: any) => s.id)).toEqual(created.data.policy.stages.slice(0, 3).map((s: any) => s.id))

        const bad: Array<[Record<string, unknown>, RegExp]> = [
          [{ tolerance_days: -1 }, /tolerance_days/],
          [{ stages: [] }, /stages/],
          [{ timezone: "Mars/Base" }, /timezone: 'Mars\/Base' is not an IANA timezone/],
          [{ cc: ["not an email"] }, /cc/],
          [{ cc: ["boss@shop.test\r\nBcc: x@evil.test"] }, /cc/],
          [{ stages: [stages[1], stages[0]] }, /stages.1.offset_days: must be after the previous stage/],
          [{ stages: stages.map((s: any, i: number) => (i === 1 ? { ...s, stops_reminders: true } : s)) }, /stages.1.stops_reminders: reminders stop at this stage, so the later stage\(s\) 'Notification of Overdue Invoices' would never be sent/],
          [{ max_notices: 0 }, /max_notices/],
          [{ stages: [{ ...stages[2], body_html_template: "<p>Hello</p>\n{{#if customer.name}}\n<p>unclosed" }] }, /stages.0.body_html_template \(line 3\)/],
          [{ stages: [{ ...stages[2], subject_template: "{{constructor.constructor 'return process'}}" }] }, /stages.0.subject_template/],
          [{ send_hour_start: 18, send_hour_end: 8 }, /send_hour_end: must be after send_hour_start/],
          [{ colour: "blue" }, /colour/],
        ]
        for (const [body, message] of bad) {
          const error = await expectStatus(api.post(`/admin/dunning/policies/${id}`, body, admin), 400, JSON.stringify(body).slice(0, 80))
          expect({ body, message: error.message }).toEqual({ body, message: expect.stringMatching(message) })
        }
        expect((await api.get(`/admin/dunning/policies/${id}`, admin)).data.policy.resend_days).toBe(14)

        await expectStatus(api.delete(`/admin/dunning/policies/${base.id}`, admin), 400)
        await api.delete(`/admin/dunning/policies/${id}`, admin)
        await expectStatus(api.get(`/admin/dunning/policies/${id}`, admin), 404)
      })
    })

    describe("the run", () => {
      it("sends one consolidated notice per customer per stage, records the claim, and does it once", async () => {
        const { customer, receivableIds } = await customerWithInvoices("northwind@test.dev", [
          { number: "INV-1", amount: 1200 },
          { number: "INV-2", amount: 300.5 },
          { number: "INV-3", amount: 99, currency_code: "usd" },
        ])

        // nothing is due on 10 March, but the first run plans every receivable
        const early = await run(at("2026-03-10"))
        expect(early.totals.notices_created).toBe(0)
        expect((await dunning().listReceivables({ id: receivableIds })).map((r) => r.next_action_at)).toEqual(
          receivableIds.map(() => new Date("2026-03-13T08:00:00.000Z"))
        )

        const reminder = await run(at("2026-03-13"))
        expect(reminder.run).toMatchObject({ status: "succeeded", notices_created: 1, customers_seen: 1 })
        let sent = await notices(customer.id)
        expect(sent).toHaveLength(1)
        expect(sent[0]).toMatchObject({
          stage_name: "Friendly reminder",
          status: "scheduled",
          recipients: { to: ["ap+northwind@test.dev"], cc: [], bcc: [], reply_to: null },
          idempotency_key: `${customer.id}:${sent[0].stage_id}:2026-03-13`,
        })
        expect([...(sent[0].receivable_ids as string[])].sort()).toEqual([...receivableIds].sort())
        expect(sent[0].totals).toEqual([
          { currency_code: "eur", outstanding: "1500.5", count: 2 },
          { currency_code: "usd", outstanding: "99", count: 1 },
        ])

        const [claim] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "claim_for_non_payment" })
        expect(claim).toMatchObject({
          title: "Claim for Non-Payment",
          notice_id: sent[0].id,
          follow_up_status: "open",
          assigned_to: admin.userId,
          author_type: "system",
        })
        expect(claim.note).toMatch(/"Friendly reminder" to ap\+northwind@test.dev covering 3 invoices/)

        // the same moment again, and a manual run a minute later: nothing new
        expect((await run(at("2026-03-13"))).totals.notices_created).toBe(0)
        expect((await run("2026-03-13T09:01:00.000Z")).totals.notices_created).toBe(0)

        await deliverNoticesWorkflow(getContainer()).run({ input: { now: at("2026-03-13") } })
        await runAndDeliver(at("2026-03-16"))
        await runAndDeliver(at("2026-03-20"))
        await runAndDeliver(at("2026-03-23"))
        sent = await notices(customer.id)
        expect(sent.map((n) => [n.stage_name, (n.scheduled_for as Date).toISOString().slice(0, 10)])).toEqual([
          ["Friendly reminder", "2026-03-13"],
          ["Due today", "2026-03-16"],
          ["Notification of Overdue Invoices", "2026-03-23"],
        ])
        const lines = sent[2].lines as any[]
        expect(lines.map((l) => [l.number, l.days_overdue])).toEqual([
          ["INV-1", 7],
          ["INV-2", 7],
          ["INV-3", 7],
        ])
        expect(await dunning().listCollectionEvents({ customer_id: customer.id, type: "claim_for_non_payment" })).toHaveLength(3)

        const runs = (await api.get("/admin/dunning/runs", admin)).data.runs
        expect(runs[0]).toMatchObject({ status: "succeeded", notices_created: 1, trigger: "manual", triggered_by: admin.userId })
      })

      it("previews a run without writing anything", async () => {
        const { customer } = await customerWithInvoices("preview@test.dev", [{ number: "P-1", amount: 50 }])
        await run(at("2026-03-10"))
        const preview = await run(at("2026-03-13"), { dry_run: true })
        expect(preview.dry_run).toBe(true)
        expect(preview.run).toBeNull()
        expect(preview.totals.notices_created).toBe(1)
        expect(preview.totals.notices[0]).toMatchObject({ customer_id: customer.id, stage_name: "Friendly reminder", to: ["ap+preview@test.dev"] })
        expect(preview.totals.notices[0].subject).toBe("Friendly reminder: invoices due soon – Medusa Store")
        expect(await notices(customer.id)).toHaveLength(0)
        expect((await api.get("/admin/dunning/runs", admin)).data.count).toBe(1)
      })

      it("stops chasing the moment a payment is captured: the scheduled notice is cancelled", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "ap@paysoon.test", company_name: "Pay Soon", profile: { terms_days: 30 } })
        const { order, paymentId } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
        const [receivable] = await dunning().listReceivables({ order_id: order.id })
        // issued when the order was placed, due after the customer's 30 days of terms
        const placedAt = new Date(order.created_at)
        expect(receivable).toMatchObject({ status: "open", issued_at: placedAt, due_at: new Date(placedAt.getTime() + 30 * 86_400_000) })
        await run(new Date(new Date(receivable.due_at).getTime() + 6 * 86_400_000).toISOString(), { customer_id: customer.id })
        const [notice] = await notices(customer.id)
        expect(notice).toMatchObject({ status: "scheduled", receivable_ids: [receivable.id] })

        await capture(getContainer(), paymentId)
        const [after] = await notices(customer.id)
        expect(after).toMatchObject({ status: "cancelled", cancel_reason: "paid before delivery" })
        const [claim] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "claim_for_non_payment" })
        expect(claim.follow_up_status).toBe("done")
        expect(claim.note).toMatch(/not sent: paid before delivery/)
        const [paid] = await dunning().listReceivables({ order_id: order.id })
        expect(paid).toMatchObject({ status: "paid", next_action_at: null })
      })

      it("holds for a promise to pay and a dispute, and resumes by itself", async () => {
        const { customer, receivableIds } = await customerWithInvoices("promise@test.dev", [
          { number: "PR-1", amount: 100 },
          { number: "PR-2", amount: 200 },
        ])
        await run(at("2026-03-10"))
        await api.post(
          `/admin/customers/${customer.id}/collection-events`,
          { type: "promise_to_pay", promised_date: "2026-03-25", promised_amount: 300, promised_currency_code: "eur", now: at("2026-03-11") },
          admin
        )
        const held = await dunning().listReceivables({ id: receivableIds })
        expect(held.map((r) => [r.hold_until, r.next_action_at])).toEqual(
          receivableIds.map(() => [new Date("2026-03-27T00:00:00.000Z"), new Date("2026-03-27T00:00:00.000Z")])
        )
        for (const day of ["2026-03-13", "2026-03-16", "2026-03-23", "2026-03-26"]) {
          await runAndDeliver(at(day))
        }
        expect(await notices(customer.id)).toHaveLength(0)

        // promise broken: on the 27th (a Friday) dunning resumes with the overdue stage
        await runAndDeliver(at("2026-03-27"))
        const resumed = await notices(customer.id)
        expect(resumed.map((n) => n.stage_name)).toEqual(["Notification of Overdue Invoices"])

        // a dispute on PR-2 holds it until resolved; PR-1 goes on alone
        await api.post(
          `/admin/customers/${customer.id}/collection-events`,
          { type: "dispute_opened", receivable_ids: [receivableIds[1]], note: "Damaged goods", now: at("2026-03-28") },
          admin
        )
        await runAndDeliver(at("2026-04-03"))
        const afterDispute = await notices(customer.id)
        expect(afterDispute).toHaveLength(2)
        expect(afterDispute[1].receivable_ids).toEqual([receivableIds[0]])

        await api.post(
          `/admin/customers/${customer.id}/collection-events`,
          { type: "dispute_resolved", receivable_ids: [receivableIds[1]], note: "Credit note agreed, rest payable", now: at("2026-04-06") },
          admin
        )
        const [resolved] = await dunning().listReceivables({ id: receivableIds[1] })
        expect(resolved.hold_reason).toBeNull()

        // a manual hold with an end date, then an early release
        await api.post("/admin/dunning/holds", { customer_id: customer.id, reason: "CFO on holiday", until: "2026-04-20", now: at("2026-04-06") }, admin)
        await runAndDeliver(at("2026-04-10"))
        expect(await notices(customer.id)).toHaveLength(2)
        await api.post("/admin/dunning/holds/release", { customer_id: customer.id, now: at("2026-04-13") }, admin)
        await runAndDeliver(at("2026-04-13"))
        expect(await notices(customer.id)).toHaveLength(3)
        const history = (await api.get(`/admin/customers/${customer.id}/collection-events?type=hold_placed`, admin)).data
        expect(history.collection_events[0]).toMatchObject({ title: "Dunning on hold", note: "CFO on holiday" })
        await expectStatus(api.post("/admin/dunning/holds", { customer_id: customer.id, reason: "x", until: "2026-01-01", now: at("2026-04-06") }, admin), 400)
      })

      it("skips customers not to be chased, and notices a customer without billing e-mails (delivery finds the address)", async () => {
        const { customer: dnd } = await customerWithInvoices("dnd@test.dev", [{ number: "D-1", amount: 10 }], { do_not_dun: true })
        const { customer: plain } = await createBusinessCustomer(getContainer(), { email: "buyer@plain.test", company_name: "Plain Ltd" })
        await api.post(
          "/admin/dunning/receivables",
          { customer_id: plain.id, number: "N-1", currency_code: "eur", amount: 10, issued_at: "2026-02-14", due_at: DUE },
          admin
        )
        const result = await run(at("2026-03-24"))
        expect(await notices(dnd.id)).toHaveLength(0)
        expect(result.totals.skipped.do_not_dun).toBe(1)
        const [notice] = await notices(plain.id)
        // the address is looked up when the notice is delivered
        expect(notice.recipients).toMatchObject({ to: [] })
        const [claim] = await dunning().listCollectionEvents({ customer_id: plain.id, type: "claim_for_non_payment" })
        expect(claim.note).toMatch(/" to the customer \(no billing e-mail on the profile\) covering 1 invoice \(1 overdue\)/)

        // turning do-not-dun off hands the customer back to the next run
        await api.post(`/admin/dunning/profiles/${dnd.id}`, { do_not_dun: false }, admin)
        await run(at("2026-03-25"))
        expect(await notices(dnd.id)).toHaveLength(1)
      })

      it("escalates to the rep with the history and a suggested next step", async () => {
        const { customer } = await customerWithInvoices("late@test.dev", [{ number: "L-1", amount: 12400 }])
        for (const day of ["2026-03-13", "2026-03-16", "2026-03-23", "2026-04-13", "2026-04-20", "2026-04-27", "2026-05-04", "2026-05-11", "2026-05-18"]) {
          await runAndDeliver(at(day))
        }
        const [escalation] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "escalated" })
        expect(escalation).toMatchObject({ title: "Escalated to account rep", follow_up_status: "open", assigned_to: admin.userId })
        // notices on 13 and 16 March, 23 March (+5), 13 April (its repeat, after 30 March passed without a run), 20 and
        // 27 April: six (reminders go on until paid); escalation at +45 (30 April) is first acted on by the run of 4 May
        expect(escalation.note).toBe("6 notices unanswered, 49 days overdue, 12,400.00 EUR: call the customer; consider a credit hold")
      })

      it("sends a customer's next reminder on request, exactly once", async () => {
        const { customer } = await customerWithInvoices("now@test.dev", [{ number: "X-1", amount: 10, due_at: "2026-06-30T00:00:00.000Z" }])
        const first = await run(at("2026-03-10"), { customer_id: customer.id })
        expect(first.run).toMatchObject({ trigger: "customer", notices_created: 1 })
        const again = await run(at("2026-03-10"), { customer_id: customer.id })
        expect(again.totals.notices_created).toBe(0)
        expect(await notices(customer.id)).toHaveLength(1)
        await expectStatus(api.post("/admin/dunning/runs", { customer_id: "cus_ghost" }, admin), 404)
      })
    })

    describe("the periodic check", () => {
      it("books a payment whose event was lost and cancels the notice that would have chased it", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "ap@reconcile.test", company_name: "Reconcile", profile: { terms_days: 30 } })
        const { order, paymentId } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1 })
        const [receivable] = await dunning().listReceivables({ order_id: order.id })
        const runAt = new Date(new Date(receivable.due_at).getTime() + 6 * 86_400_000)
        await run(runAt.toISOString(), { customer_id: customer.id })
        expect((await notices(customer.id))[0].status).toBe("scheduled")

        // captured in Medusa, but payment.captured never reached the plugin
        await getContainer().resolve(Modules.PAYMENT).capturePayment({ payment_id: paymentId })
        const { result } = await reconcileWorkflow(getContainer()).run({ input: { now: runAt } })
        expect(result).toMatchObject({ payments_booked: 1 })
        expect((await dunning().listReceivables({ order_id: order.id }))[0]).toMatchObject({ status: "paid", next_action_at: null })
        expect((await notices(customer.id))[0]).toMatchObject({ status: "cancelled", cancel_reason: "paid before delivery" })
      })
    })

    describe("exactly once", () => {
      const seedMany = async (customers: number, perCustomer: number) => {
        const created = await getContainer()
          .resolve("customer")
          .createCustomers(Array.from({ length: customers }, (_, c) => ({ email: `bulk${c}@test.dev`, company_name: `Bulk ${c}` })))
        const ids = created.map((c: { id: string }) => c.id)
        const rows = ids.flatMap((id, c) =>
          Array.from({ length: perCustomer }, (_, k) => ({
            customer_id: id,
            number: `B-${c}-${k}`,
            external_ref: `B-${c}-${k}`,
            currency_code: "eur",
            amount: 10 + k,
            issued_at: "2026-02-01",
            due_at: "2026-03-02",
          }))
        )
        for (let i = 0; i < rows.length; i += 1000) {
          await api.post("/admin/dunning/receivables/batch", { receivables: rows.slice(i, i + 1000) }, admin)
        }
        return ids
      }

      it("four concurrent runs over 10,000 due receivables create each notice once", async () => {
        const customers = await seedMany(400, 25)
        const runs = await Promise.all(
          [0, 1, 2, 3].map(() =>
            runDunningWorkflow(getContainer()).run({ input: { now: at("2026-03-10"), batch_size: 500 } })
          )
        )
        const created = runs.reduce((sum, r) => sum + r.result.totals.notices_created, 0)
        const { rows } = await dbConnection.raw(
          "SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys, count(DISTINCT customer_id)::int AS customers FROM dunning_notice"
        )
        expect(rows[0]).toEqual({ n: customers.length, keys: customers.length, customers: customers.length })
        expect(created).toBe(customers.length)
        const events = await dbConnection.raw(
          "SELECT count(*)::int AS n FROM dunning_collection_event WHERE type = 'claim_for_non_payment'"
        )
        expect(events.rows[0].n).toBe(customers.length)
        const leftover = await dbConnection.raw(
          "SELECT count(*)::int AS n FROM dunning_receivable WHERE status = 'open' AND next_action_at <= '2026-03-10T09:00:00Z'"
        )
        expect(leftover.rows[0].n).toBe(0)
      })

      it("a run split into concurrent batch streams handles every customer once, in one stream", async () => {
        const customers = await seedMany(40, 3)
        const { result } = await runDunningWorkflow(getContainer()).run({
          input: { now: at("2026-03-10"), batch_size: 7, concurrency: 3 },
        })
        // a customer in two streams would be found busy by one of them and left due for the next run
        expect(result.totals.notices_created).toBe(customers.length)
        expect(result.totals.customers_seen).toBe(customers.length)
        expect(result.totals.receivables_seen).toBe(customers.length * 3)
        const { rows } = await dbConnection.raw(
          "SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS customers, min(jsonb_array_length(receivable_ids))::int AS covered FROM dunning_notice"
        )
        expect(rows[0]).toEqual({ n: customers.length, customers: customers.length, covered: 3 })
        const leftover = await dbConnection.raw(
          "SELECT count(*)::int AS n FROM dunning_receivable WHERE status = 'open' AND next_action_at <= '2026-03-10T09:00:00Z'"
        )
        expect(leftover.rows[0].n).toBe(0)
      })

      it("a run that fails half-way loses nothing and sends nothing twice when run again", async () => {
        const customers = await seedMany(30, 4)
        // a real failure inside the database: inserting a notice for one customer raises
        const victim = customers[17]
        await dbConnection.raw(`
          CREATE OR REPLACE FUNCTION dunning_test_fail() RETURNS trigger AS $$
          BEGIN
            IF NEW.customer_id = '${victim}' THEN RAISE EXCEPTION 'simulated crash while recording a batch'; END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql;
          CREATE TRIGGER dunning_test_fail BEFORE INSERT ON dunning_notice FOR EACH ROW EXECUTE FUNCTION dunning_test_fail();
        `)
        const failed = await runDunningWorkflow(getContainer()).run({
          input: { now: at("2026-03-10"), batch_size: 20 },
          throwOnError: false,
        })
        expect(failed.errors.length).toBeGreaterThan(0)
        const partial = (await dbConnection.raw("SELECT count(*)::int AS n FROM dunning_notice")).rows[0].n
        expect(partial).toBeLessThan(customers.length)
        const [failedRun] = await dunning().listDunningRuns({}, { order: { started_at: "DESC" }, take: 1 })
        expect(failedRun.status).toBe("failed")
        // its progress was recorded batch by batch: the history says what the failed run had done
        expect(failedRun.batches).toBeGreaterThan(0)
        expect(failedRun.notices_created).toBe(partial)

        await dbConnection.raw("DROP TRIGGER dunning_test_fail ON dunning_notice; DROP FUNCTION dunning_test_fail();")
        await runDunningWorkflow(getContainer()).run({ input: { now: at("2026-03-10"), batch_size: 20 } })
        const { rows } = await dbConnection.raw(
          "SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS customers FROM dunning_notice"
        )
        expect(rows[0]).toEqual({ n: customers.length, customers: customers.length })
        const stuck = await dbConnection.raw("SELECT count(*)::int AS n FROM dunning_receivable WHERE status = 'open' AND next_action_at <= '2026-03-10T09:00:00Z'")
        expect(stuck.rows[0].n).toBe(0)
      })

      it("closes a run whose process ended half-way, keeping what it had done, and leaves live runs alone", async () => {
        const customers = await seedMany(5, 2)
        const started = new Date(Date.now() - 30 * 60_000)
        const [dead, live] = await dunning().createDunningRuns([
          { trigger: "schedule", as_of: started, started_at: started, status: "running" },
          { trigger: "manual", as_of: new Date(), started_at: new Date(), status: "running" },
        ])
        await dunning().recordRunProgress({ run_id: dead.id, batches: 3, customers_seen: 40, receivables_seen: 90, notices_created: 38, escalations_created: 1 })
        // the first run's process was killed 11 minutes ago; the other run reported a batch a minute ago
        await dbConnection.raw("UPDATE dunning_run SET updated_at = now() - interval '11 minutes' WHERE id = ?", [dead.id])
        await dbConnection.raw("UPDATE dunning_run SET updated_at = now() - interval '1 minute' WHERE id = ?", [live.id])

        const data = await run(at("2026-03-10"))
        expect(data.run.status).toBe("succeeded")
        expect(data.totals.customers_seen).toBe(customers.length)

        const closed = await dunning().retrieveDunningRun(dead.id)
        expect(closed).toMatchObject({ status: "failed", batches: 3, customers_seen: 40, notices_created: 38, escalations_created: 1 })
        expect(closed.error).toMatch(/stopped without finishing/)
        expect(closed.finished_at).not.toBeNull()
        expect((await dunning().retrieveDunningRun(live.id)).status).toBe("running")
      })
    })

    describe("the scheduled job", () => {
      it("steps aside while another worker holds the lease, and takes over an expired one", async () => {
        const { receivableIds } = await customerWithInvoices("job@test.dev", [{ number: "J-1", amount: 10 }])
        const [due] = await dunning().listReceivables({ id: receivableIds })
        // another worker's run holds the lease for the next hour: a tick that queued behind it instead of
        // stepping aside would not come back before this test times out
        await dunning().acquireLease({ name: SCHEDULED_RUN_LEASE, holder: "other-worker", until: new Date(Date.now() + 3_600_000), now: new Date() })
        const [held] = await dunning().listDunningLeases({ name: SCHEDULED_RUN_LEASE })
        expect(await dunningScheduledRun(getContainer(), { scheduledFor: new Date() })).toEqual({ skipped: true })
        // it stepped aside: the lease is still the other worker's, untouched; no run started; the receivable is still due
        expect(await dunning().listDunningLeases({})).toEqual([expect.objectContaining({ id: held.id, holder: "other-worker", expires_at: held.expires_at })])
        expect(await dunning().listDunningRuns({})).toHaveLength(0)
        expect((await dunning().listReceivables({ id: receivableIds }))[0]).toMatchObject({ next_action_at: due.next_action_at, notices_sent: 0 })

        // the other worker died: its lease ran out
        await dbConnection.raw("UPDATE dunning_lease SET expires_at = now() - interval '1 second'")
        const outcome = await dunningScheduledRun(getContainer(), { scheduledFor: new Date() })
        expect(outcome).toMatchObject({ skipped: false })
        const [scheduled] = await dunning().listDunningRuns({})
        expect(scheduled).toMatchObject({ trigger: "schedule", status: "succeeded", customers_seen: 1 })
        expect(await dunning().listDunningLeases({})).toHaveLength(0)
      })
    })
  },
})
