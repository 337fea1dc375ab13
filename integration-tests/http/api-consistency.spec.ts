import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(180_000)

// a Monday; the invoices fell due on 1 October, 46 days before
const NOW = "2026-11-16T09:00:00.000Z"

/**
 * The admin API answers alike wherever the same thing is asked or shown: list filters take several values
 * the same two ways, amounts owed and next actions mean what the run means, a release by hand ends only
 * the holds a rep may end, a stage sent with its id keeps what is not sent, a replayed payment looks like
 * the first answer, and a 404 names what was not found.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let northwind: string
    let contoso: string
    const ids: Record<string, string> = {}
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    beforeAll(async () => {
      // the scheduled jobs act at the wall clock: keep them from chasing these invoices meanwhile
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE]) {
        await dunning().acquireLease({ name, holder: "api-consistency-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
      admin = await createAdminSession(getContainer())
      northwind = (await createBusinessCustomer(getContainer(), { email: "ap@northwind.test", company_name: "Northwind" })).customer.id
      contoso = (await createBusinessCustomer(getContainer(), { email: "ap@contoso.test", company_name: "Contoso" })).customer.id
      const row = (customer_id: string, number: string, amount: string) => ({
        customer_id,
        number,
        external_ref: number,
        currency_code: "eur",
        amount,
        issued_at: "2026-09-01",
        due_at: "2026-10-01",
      })
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          now: NOW,
          receivables: [
            row(northwind, "N-1", "100.00"),
            row(northwind, "N-2", "200.00"),
            row(northwind, "N-3", "300.00"),
            row(northwind, "N-4", "400.00"),
            row(contoso, "C-1", "50.00"),
          ],
        },
        admin
      )
      for (const r of data.receivables) {
        ids[r.external_ref] = r.id
      }
    })

    const numbers = (rows: Array<{ number: string }>) => rows.map((r) => r.number).sort()
    const get = async (url: string) => (await api.get(url, admin)).data
    const event = (customerId: string, body: Record<string, unknown>) =>
      api.post(`/admin/customers/${customerId}/collection-events`, { now: NOW, ...body }, admin)

    describe("list filters", () => {
      it("take several values as a repeated parameter, as a comma-separated list, or both", async () => {
        await api.post(`/admin/dunning/receivables/${ids["N-2"]}/payments`, { amount: "200.00", external_ref: "BANK-2", now: NOW }, admin)
        await api.post(`/admin/dunning/receivables/${ids["N-3"]}`, { status: "void", now: NOW }, admin)

        expect(numbers((await get("/admin/dunning/receivables?status=paid,void")).receivables)).toEqual(["N-2", "N-3"])
        expect(numbers((await get("/admin/dunning/receivables?status=paid&status=void")).receivables)).toEqual(["N-2", "N-3"])
        expect(numbers((await get("/admin/dunning/receivables?status=paid,void&status=open&customer_id=" + contoso)).receivables)).toEqual(["C-1"])
        const both = `${northwind},${contoso}`
        expect((await get(`/admin/dunning/receivables?customer_id=${both}&status=open`)).count).toBe(3)
        expect((await get(`/admin/dunning/receivables?customer_id=${northwind}&customer_id=${contoso}&status=open`)).count).toBe(3)
        const refused = await expectStatus(api.get("/admin/dunning/receivables?status=open,settled", admin), 400)
        expect(refused.message).toMatch(/^status: must be one of open, paid, void, written_off/)

        await runDunningWorkflow(getContainer()).run({ input: { now: NOW, customer_ids: [northwind, contoso] } })
        const notices = await get(`/admin/dunning/notices?customer_id=${northwind},${contoso}&status=scheduled,sent`)
        expect(notices.notices.map((n: any) => n.customer_id).sort()).toEqual([northwind, contoso].sort())
        expect((await get(`/admin/dunning/notices?customer_id=${northwind}&status=failed,cancelled`)).count).toBe(0)
      })

      it("take known event types only, in the history and the call list alike", async () => {
        await event(northwind, { type: "note", note: "Asked for a copy", follow_up: true })
        await event(northwind, { type: "call_logged", outcome: "no_answer", follow_up: true })
        await event(northwind, { type: "promise_to_pay", promised_date: "2026-11-30" })
        const history = await get(`/admin/customers/${northwind}/collection-events?type=note,call_logged`)
        expect(history.collection_events.map((e: any) => e.type).sort()).toEqual(["call_logged", "note"])
        const calls = await get(`/admin/dunning/follow-ups?type=note,call_logged&now=${NOW}`)
        expect(calls.follow_ups.map((e: any) => e.type).sort()).toEqual(["call_logged", "note"])
        for (const url of [
          `/admin/customers/${northwind}/collection-events?type=note,promise-to-pay`,
          `/admin/customers/${northwind}/collection-events?type=payment_recieved`,
          "/admin/dunning/follow-ups?type=note,hold_placed",
        ]) {
          const refused = await expectStatus(api.get(url, admin), 400, url)
          expect(refused.message).toMatch(/^type: must be one of /)
        }
      })

      it("that take one id refuse a list instead of matching nothing", async () => {
        for (const url of [
          `/admin/dunning/overdue?customer_id=${northwind},${contoso}`,
          `/admin/dunning/follow-ups?customer_id=${northwind},${contoso}`,
          `/admin/dunning/kpis?customer_id=${northwind},${contoso}`,
        ]) {
          const refused = await expectStatus(api.get(url, admin), 400, url)
          expect(refused.message).toBe("customer_id: takes one id, not a list")
        }
      })
    })

    describe("what the answers show", () => {
      it("a void or written-off receivable owes nothing, whichever fields are asked for", async () => {
        const voided = await api.post(`/admin/dunning/receivables/${ids["N-3"]}`, { status: "void", now: NOW }, admin)
        expect(voided.data.receivable).toMatchObject({ status: "void", amount: 300, amount_paid: 0, outstanding_amount: 0 })
        await api.post(`/admin/dunning/receivables/${ids["N-4"]}`, { status: "written_off", status_reason: "Insolvent", now: NOW }, admin)
        expect((await get(`/admin/dunning/receivables/${ids["N-4"]}`)).receivable).toMatchObject({ status: "written_off", outstanding_amount: 0 })
        const list = await get(`/admin/dunning/receivables?customer_id=${northwind}&fields=id,number,amount,amount_paid&order=number`)
        expect(list.receivables.map((r: any) => [r.number, r.outstanding_amount])).toEqual([
          ["N-1", 100],
          ["N-2", 200],
          ["N-3", 0],
          ["N-4", 0],
        ])
        // only what was asked for: the status it needed is not shown
        expect(Object.keys(list.receivables[0]).sort()).toEqual(["amount", "amount_paid", "id", "number", "outstanding_amount"])
      })

      it("'at the next run' as no date and due_for_next_run, never as 1970", async () => {
        const created = await api.post(
          "/admin/dunning/receivables",
          { customer_id: contoso, number: "C-2", currency_code: "eur", amount: "10.00", issued_at: "2026-09-01", due_at: "2026-10-01", now: NOW },
          admin
        )
        expect(created.data.receivable).toMatchObject({ next_action_at: null, due_for_next_run: true })
        // stored as the run's scan needs it
        const [stored] = await dunning().listReceivables({ id: created.data.receivable.id })
        expect(stored.next_action_at).toEqual(new Date(0))
        const overdue = await get(`/admin/dunning/overdue?customer_id=${contoso}&now=${NOW}`)
        expect(overdue.receivables.map((r: any) => [r.number, r.next_action_at, r.due_for_next_run])).toEqual([
          ["C-1", null, true],
          ["C-2", null, true],
        ])
        await api.post("/admin/dunning/holds", { customer_id: contoso, reason: "Credit note", until: "2026-12-01", now: NOW }, admin)
        expect((await get(`/admin/dunning/receivables/${ids["C-1"]}`)).receivable).toMatchObject({
          next_action_at: "2026-12-01T00:00:00.000Z",
          due_for_next_run: false,
        })
        expect(JSON.stringify(await get(`/admin/dunning/receivables?customer_id=${contoso}`))).not.toContain("1970")
      })

      it("a replayed payment answers the payment in the shape of the first answer", async () => {
        const body = { amount: "25.50", external_ref: "SEPA-77", paid_at: "2026-11-10", note: "Part payment", now: NOW }
        const first = await api.post(`/admin/dunning/receivables/${ids["N-1"]}/payments`, body, admin)
        const replay = await api.post(`/admin/dunning/receivables/${ids["N-1"]}/payments`, body, admin)
        expect([first.status, replay.status, replay.data.replayed]).toEqual([201, 200, true])
        expect(first.data.payment).toEqual({
          id: expect.stringMatching(/^rcvpay_/),
          receivable_id: ids["N-1"],
          kind: "payment",
          amount: "25.5",
          currency_code: "eur",
          paid_at: "2026-11-10T00:00:00.000Z",
          source: "erp",
          external_ref: "SEPA-77",
        })
        expect(replay.data.payment).toEqual(first.data.payment)
        expect(replay.data.receivable).toEqual(first.data.receivable)
      })

      it("a dry run shows no notice ids, since it stores no notice", async () => {
        const { data } = await api.post("/admin/dunning/runs", { dry_run: true, now: NOW }, admin)
        expect(data.totals.notices.map((n: any) => [n.customer_id, n.id]).sort()).toEqual([[northwind, null], [contoso, null]].sort())
        expect(data.totals.notice_ids).toEqual([])
        expect(await dunning().listNotices({})).toEqual([])
      })

      it("a 404 names what was not found, in the same words everywhere", async () => {
        const missing: Array<[() => Promise<unknown>, string]> = [
          [() => api.get("/admin/dunning/receivables/rcv_ghost", admin), "Receivable 'rcv_ghost' was not found"],
          [() => api.post("/admin/dunning/receivables/rcv_ghost", { number: "X" }, admin), "Receivable 'rcv_ghost' was not found"],
          [() => api.post("/admin/dunning/receivables/rcv_ghost/payments", { amount: 1, external_ref: "X" }, admin), "Receivable 'rcv_ghost' was not found"],
          [() => api.post("/admin/dunning/events/cevt_ghost", { note: "x" }, admin), "Collection event 'cevt_ghost' was not found"],
          [() => api.get("/admin/dunning/notices/dntc_ghost", admin), "Notice 'dntc_ghost' was not found"],
          [() => api.post("/admin/dunning/notices/dntc_ghost/retry", {}, admin), "Notice 'dntc_ghost' was not found"],
          [() => api.get("/admin/dunning/runs/drun_ghost", admin), "Dunning run 'drun_ghost' was not found"],
          [() => api.get("/admin/dunning/policies/dpol_ghost", admin), "Dunning policy 'dpol_ghost' was not found"],
          [() => api.post("/admin/dunning/holds", { customer_id: "cus_ghost", reason: "x", until: "2026-12-01", now: NOW }, admin), "Customer 'cus_ghost' was not found"],
          [() => api.post("/admin/dunning/holds/release", { customer_id: "cus_ghost" }, admin), "Customer 'cus_ghost' was not found"],
          [() => api.post("/admin/dunning/runs", { customer_id: "cus_ghost" }, admin), "Customer 'cus_ghost' was not found"],
          [() => api.post("/admin/dunning/profiles/cus_ghost", { terms_days: 10 }, admin), "Customer 'cus_ghost' was not found"],
          [() => api.get("/admin/customers/cus_ghost/collection-events", admin), "Customer 'cus_ghost' was not found"],
          [() => api.get("/admin/customers/cus_ghost/collection-summary", admin), "Customer 'cus_ghost' was not found"],
          [() => api.get("/admin/customers/cus_ghost/collection-links", admin), "Customer 'cus_ghost' was not found"],
          [() => api.post("/admin/customers/cus_ghost/collection-links/revoke", {}, admin), "Customer 'cus_ghost' was not found"],
          [() => api.post("/admin/dunning/group-terms/cusgroup_ghost", { terms_days: 10 }, admin), "Customer group 'cusgroup_ghost' was not found"],
          [() => api.delete("/admin/dunning/group-terms/cusgroup_ghost", admin), "Customer group 'cusgroup_ghost' was not found"],
          [() => api.post("/admin/dunning/templates/preview", { stage_id: "dstg_ghost" }, admin), "Dunning stage 'dstg_ghost' was not found"],
        ]
        for (const [request, message] of missing) {
          expect(await expectStatus(request(), 404, message)).toEqual({ type: "not_found", message })
        }
      })
    })

    describe("holds", () => {
      it("a disputed receivable is on hold in the overdue list, as the run reads it", async () => {
        await event(northwind, { type: "dispute_opened", receivable_ids: [ids["N-1"]], note: "Damaged pallets" })
        const held = await get(`/admin/dunning/overdue?on_hold=true&now=${NOW}`)
        expect(held.receivables.map((r: any) => [r.number, r.on_hold, r.hold_until, r.next_action_at])).toEqual([["N-1", true, null, null]])
        const chased = await get(`/admin/dunning/overdue?on_hold=false&customer_id=${northwind}&now=${NOW}`)
        expect(numbers(chased.receivables)).toEqual(["N-2", "N-3", "N-4"])
        expect(chased.receivables.every((r: any) => r.on_hold === false)).toBe(true)
      })

      it("a release by hand ends manual holds and promises, and leaves disputes and holds it does not own", async () => {
        // another part of the plugin holds N-4 while its order has an open return
        await dunning().setHolds({ receivable_ids: [ids["N-4"]], hold_until: null, hold_reason: "order-change:ordch_1", next_action_at: null })
        await event(northwind, { type: "dispute_opened", receivable_ids: [ids["N-3"]], note: "Wrong price" })
        // a manual hold on everything takes the place of neither
        await api.post("/admin/dunning/holds", { customer_id: northwind, reason: "CFO on holiday", until: "2026-12-10", now: NOW }, admin)
        const promise = await event(northwind, { type: "promise_to_pay", promised_date: "2026-11-25", receivable_ids: [ids["N-2"]] })
        const before = await dunning().listReceivables({ customer_id: northwind }, { order: { number: "ASC" } })
        expect(before.map((r) => r.hold_reason?.split(":")[0])).toEqual(["manual", "promise_to_pay", "dispute", "order-change"])

        const { status, data } = await api.post("/admin/dunning/holds/release", { customer_id: northwind, note: "Paying this week", now: NOW }, admin)
        expect(status).toBe(201)
        expect(numbers(data.released)).toEqual(["N-1", "N-2"])
        const stillHeld = [...data.still_held].sort((a: any, b: any) => a.number.localeCompare(b.number))
        expect(stillHeld.map((r: any) => [r.number, r.hold_reason, r.why])).toEqual([
          ["N-3", expect.stringMatching(/^dispute:/), expect.stringMatching(/record a dispute_resolved event/)],
          ["N-4", "order-change:ordch_1", "held by 'order-change', which lifts its own hold; a release by hand does not end it"],
        ])
        const after = await dunning().listReceivables({ customer_id: northwind }, { order: { number: "ASC" } })
        expect(after.map((r) => [r.number, r.hold_reason?.split(":")[0] ?? null, r.next_action_at])).toEqual([
          ["N-1", null, new Date(0)],
          ["N-2", null, new Date(0)],
          ["N-3", "dispute", null],
          ["N-4", "order-change", null],
        ])
        // the promise ended early is in the customer's history
        expect(data.collection_event).toMatchObject({
          type: "hold_released",
          title: "Dunning resumed; promise to pay ended early",
          note: "Paying this week",
          metadata: { ended_promise_ids: [promise.data.collection_event.id] },
        })
        const history = await get(`/admin/customers/${northwind}/collection-events?type=hold_released`)
        expect(history.collection_events.map((e: any) => e.title)).toEqual(["Dunning resumed; promise to pay ended early"])
      })
    })

    describe("policy stages", () => {
      const stage = (overrides: Record<string, unknown> = {}) => ({
        name: "Overdue reminder",
        offset_days: 10,
        tone: "firm",
        repeats: true,
        subject_template: "Overdue invoices",
        body_html_template: "<p>{{> invoiceTable}}</p>",
        body_text_template: "Please pay",
        translations: { de: { subject_template: "Überfällige Rechnungen" } },
        ...overrides,
      })

      it("keep the stored value of every field a stage sent with its id leaves out", async () => {
        const { data } = await api.post(
          "/admin/dunning/policies",
          { name: "Distributors", stages: [stage(), { name: "Hand to the rep", offset_days: 60, action: "escalate" }] },
          admin
        )
        const [reminder, escalation] = data.policy.stages
        const saved = await api.post(
          `/admin/dunning/policies/${data.policy.id}`,
          {
            stages: [
              { id: reminder.id, name: "First reminder", offset_days: 12 },
              { name: "Last call", offset_days: 30, subject_template: "Last call", body_html_template: "<p>Pay</p>" },
              { id: escalation.id },
            ],
          },
          admin
        )
        expect(saved.status).toBe(200)
        expect(saved.data.policy.stages).toEqual([
          { ...reminder, name: "First reminder", offset_days: 12 },
          expect.objectContaining({ name: "Last call", tone: "neutral", repeats: false, action: "send", body_text_template: null, translations: null }),
          escalation,
        ])
        // a field sent as null is cleared
        const cleared = await api.post(`/admin/dunning/policies/${data.policy.id}`, { stages: [{ id: reminder.id, body_text_template: null, translations: null }] }, admin)
        expect(cleared.data.policy.stages).toEqual([{ ...reminder, name: "First reminder", offset_days: 12, body_text_template: null, translations: null }])
      })

      it("refuse an id that is not a stage of the policy, naming stages.N.id, and change nothing", async () => {
        const first = await api.post("/admin/dunning/policies", { name: "Distributors", stages: [stage()] }, admin)
        const other = await api.post("/admin/dunning/policies", { name: "Exporters", stages: [stage()] }, admin)
        const policy = first.data.policy
        const foreign = other.data.policy.stages[0].id
        const cases: Array<[unknown[], string]> = [
          [[{ id: policy.stages[0].id }, { id: foreign, name: "x" }], `stages.1.id: '${foreign}' is not a stage of this policy; leave the id out to add a new stage`],
          [[{ id: policy.stages[0].id }, { id: policy.stages[0].id }], `stages.1.id: '${policy.stages[0].id}' is sent twice (also as stages.0)`],
          [[{ offset_days: 3 }], "stages.0.name: is required for a new stage (one sent without an id)"],
        ]
        for (const [stages, message] of cases) {
          const refused = await expectStatus(api.post(`/admin/dunning/policies/${policy.id}`, { stages }, admin), 400, message)
          expect(refused.message).toBe(message)
        }
        const created = await expectStatus(api.post("/admin/dunning/policies", { name: "Copy", stages: [{ id: policy.stages[0].id }] }, admin), 400)
        expect(created.message).toMatch(/^stages\.0\.id: '.+' is not a stage of this policy/)
        expect((await get(`/admin/dunning/policies/${policy.id}`)).policy).toEqual(policy)
        // the default, the shipped High risk policy and the two above: "Copy" was not created
        expect((await get("/admin/dunning/policies")).policies.map((p: any) => p.name).sort()).toEqual(["Distributors", "Exporters", "High risk", "Standard collections"])
      })
    })
  },
})
