import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let customerId: string
    let otherCustomerId: string

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      customerId = (await createBusinessCustomer(getContainer(), { email: "ap@northwind.test", company_name: "Northwind" })).customer.id
      otherCustomerId = (await createBusinessCustomer(getContainer(), { email: "ap@contoso.test", company_name: "Contoso" })).customer.id
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const invoice = (overrides: Record<string, unknown> = {}) => ({
      customer_id: customerId,
      number: "INV-1001",
      currency_code: "EUR",
      amount: "1250.00",
      issued_at: "2026-09-01",
      due_at: "2026-10-01",
      external_ref: "INV-1001",
      ...overrides,
    })

    describe("authentication", () => {
      it.each([
        ["get", "/admin/dunning/receivables"],
        ["post", "/admin/dunning/receivables"],
        ["post", "/admin/dunning/receivables/batch"],
        ["get", "/admin/dunning/receivables/rcv_1"],
        ["post", "/admin/dunning/receivables/rcv_1/payments"],
        ["get", "/admin/dunning/profiles/cus_1"],
        ["post", "/admin/dunning/profiles/cus_1"],
        ["get", "/admin/dunning/group-terms"],
        ["get", "/admin/customers/cus_1/collection-events"],
        ["post", "/admin/customers/cus_1/collection-events"],
        ["post", "/admin/dunning/events/cevt_1"],
      ])("%s %s answers 401 without an admin session", async (method, url) => {
        await expectStatus(method === "get" ? api.get(url) : api.post(url, {}), 401)
      })
    })

    describe("receivables", () => {
      it("creates, reads, lists and filters receivables", async () => {
        const created = await api.post("/admin/dunning/receivables", invoice(), admin)
        expect(created.status).toBe(201)
        expect(created.data.receivable).toMatchObject({
          number: "INV-1001",
          currency_code: "eur",
          amount: 1250,
          amount_paid: 0,
          outstanding_amount: 1250,
          status: "open",
          source: "manual",
        })
        await api.post(
          "/admin/dunning/receivables",
          invoice({ number: "INV-2002", external_ref: "INV-2002", due_at: "2026-12-31", amount: 80 }),
          admin
        )
        await api.post(
          "/admin/dunning/receivables",
          invoice({ customer_id: otherCustomerId, number: "C-1", external_ref: "C-1", currency_code: "usd" }),
          admin
        )

        const one = await api.get(`/admin/dunning/receivables/${created.data.receivable.id}`, admin)
        expect(one.data.receivable.id).toBe(created.data.receivable.id)

        const mine = await api.get(`/admin/dunning/receivables?customer_id=${customerId}&order=-amount`, admin)
        expect(mine.data.count).toBe(2)
        expect(mine.data.receivables.map((r: any) => r.number)).toEqual(["INV-1001", "INV-2002"])

        const overdue = await api.get(`/admin/dunning/receivables?overdue=true&now=2026-11-15T00:00:00Z`, admin)
        expect(overdue.data.receivables.map((r: any) => r.number).sort()).toEqual(["C-1", "INV-1001"])

        const range = await api.get(`/admin/dunning/receivables?due_from=2026-12-01&due_to=2027-01-01`, admin)
        expect(range.data.receivables.map((r: any) => r.number)).toEqual(["INV-2002"])

        const search = await api.get(`/admin/dunning/receivables?q=2002`, admin)
        expect(search.data.receivables.map((r: any) => r.number)).toEqual(["INV-2002"])

        const page = await api.get(`/admin/dunning/receivables?limit=1&offset=1&order=number`, admin)
        expect(page.data).toMatchObject({ count: 3, offset: 1, limit: 1 })
        expect(page.data.receivables.map((r: any) => r.number)).toEqual(["INV-1001"])

        const withCustomer = await api.get(`/admin/dunning/receivables?fields=id,number,customer.company_name&q=C-1`, admin)
        expect(withCustomer.data.receivables[0].customer.company_name).toBe("Contoso")
      })

      it("refuses bad input with a 400 naming the field and writes nothing", async () => {
        const cases: Array<[Record<string, unknown>, RegExp]> = [
          [invoice({ amount: -5 }), /amount/],
          [invoice({ amount: "12,50" }), /amount/],
          [invoice({ amount: "abc" }), /amount/],
          [invoice({ currency_code: "eru" }), /currency_code/],
          [invoice({ due_at: "2026-08-01" }), /due_at.*before issued_at/],
          [invoice({ due_at: "next week" }), /due_at|ISO 8601/],
          [invoice({ customer_id: "cus_missing" }), /customer_id.*no customer/],
          [invoice({ amount_paid: 2000 }), /amount_paid.*exceed/],
          [invoice({ colour: "red" }), /colour/],
          [invoice({ customer_id: { $ne: "x" } }), /customer_id/],
        ]
        for (const [body, message] of cases) {
          const data = await expectStatus(api.post("/admin/dunning/receivables", body, admin), 400, JSON.stringify(body))
          expect(data.message).toMatch(message)
        }
        const json = { headers: { ...admin.headers, "content-type": "application/json" } }
        const polluted = await expectStatus(
          api.post("/admin/dunning/receivables", JSON.stringify(invoice()).replace(/}$/, ',"metadata":{"__proto__":{"admin":true}}}'), json),
          400
        )
        expect(polluted.message).toMatch(/metadata.__proto__: the keys '__proto__', 'constructor' and 'prototype' are not accepted/)
        const malformed = await expectStatus(
          api.post("/admin/dunning/receivables", "{not json", {
            headers: { ...admin.headers, "content-type": "application/json" },
            // as typed: axios would otherwise quote a string that is not JSON into a valid JSON string
            transformRequest: [(body: unknown) => body],
          }),
          400
        )
        // the body parser's own refusal, pointing at the place in the body
        expect(malformed).toEqual({ type: "invalid_data", message: expect.stringMatching(/ in JSON at position 1\b/) })
        expect(await dunning().listReceivables({})).toHaveLength(0)
        expect(({} as any).admin).toBeUndefined()
      })

      it("refuses a second receivable with the same source and external_ref", async () => {
        await api.post("/admin/dunning/receivables", invoice(), admin)
        const data = await expectStatus(api.post("/admin/dunning/receivables", invoice(), admin), 422)
        expect(data.message).toMatch(/already has source 'manual' and external_ref 'INV-1001'/)
      })

      it("refuses unknown query parameters, operator objects and fields outside the allow-list", async () => {
        await expectStatus(api.get("/admin/dunning/receivables?colour=red", admin), 400)
        await expectStatus(api.get("/admin/dunning/receivables?customer_id[$ne]=x", admin), 400)
        await api.post("/admin/dunning/receivables", invoice(), admin)
        const stripped = await api.get("/admin/dunning/receivables?fields=id,customer.metadata,payments.metadata", admin)
        expect(stripped.data.receivables[0]).toEqual({ id: expect.any(String) })
        await expectStatus(api.get("/admin/dunning/receivables?order=raw_amount", admin), 400)
        await expectStatus(api.get("/admin/dunning/receivables?limit=100000", admin), 400)
        await expectStatus(api.get("/admin/dunning/receivables?due_from=2026-12-01&due_to=2026-01-01", admin), 400)
        // an accepted `now` is the moment the list is read at: INV-1001, due 1 October 2026, is not yet overdue on
        // 1 January 2026, and is on 2 October (whatever the wall clock says)
        expect((await api.get("/admin/dunning/receivables?overdue=true&now=2026-01-01", admin)).data).toMatchObject({ count: 0, receivables: [] })
        const late = await api.get("/admin/dunning/receivables?overdue=true&now=2026-10-02", admin)
        expect(late.data.receivables.map((r: any) => r.number)).toEqual(["INV-1001"])
        const data = await expectStatus(api.get("/admin/dunning/receivables?now=yesterday", admin), 400)
        expect(data.message).toMatch(/now: must be an ISO 8601 date \('2026-03-31'\) or date-time/)
      })

      it("updates, voids, writes off and re-opens a receivable, refusing what the ledger forbids", async () => {
        const { data } = await api.post("/admin/dunning/receivables", invoice(), admin)
        const id = data.receivable.id

        const moved = await api.post(`/admin/dunning/receivables/${id}`, { due_at: "2026-10-15", number: "INV-1001-A" }, admin)
        expect(moved.data.receivable).toMatchObject({ number: "INV-1001-A", due_at: "2026-10-15T00:00:00.000Z" })

        const voided = await api.post(`/admin/dunning/receivables/${id}`, { status: "void", status_reason: "Issued twice" }, admin)
        expect(voided.data.receivable).toMatchObject({ status: "void", status_reason: "Issued twice", next_action_at: null })
        expect(voided.data.receivable.closed_at).not.toBeNull()

        const reopened = await api.post(`/admin/dunning/receivables/${id}`, { status: "open" }, admin)
        expect(reopened.data.receivable.status).toBe("open")
        // back to the next run, whenever it runs
        expect(reopened.data.receivable).toMatchObject({ next_action_at: null, due_for_next_run: true })

        const writtenOff = await api.post(`/admin/dunning/receivables/${id}`, { status: "written_off" }, admin)
        expect(writtenOff.data.receivable.status).toBe("written_off")
        await api.post(`/admin/dunning/receivables/${id}`, { status: "open" }, admin)

        await api.post(`/admin/dunning/receivables/${id}/payments`, { amount: 1250, external_ref: "BANK-1" }, admin)
        const paidVoid = await expectStatus(api.post(`/admin/dunning/receivables/${id}`, { status: "void" }, admin), 400)
        expect(paidVoid.message).toMatch(/status: a paid receivable cannot be voided/)
        const shrink = await expectStatus(api.post(`/admin/dunning/receivables/${id}`, { amount: 100 }, admin), 400)
        expect(shrink.message).toMatch(/amount: must not be less than what is already paid/)
        await expectStatus(api.post(`/admin/dunning/receivables/${id}`, {}, admin), 400)
        await expectStatus(api.post(`/admin/dunning/receivables/rcv_missing`, { number: "X" }, admin), 404)
      })

      it("books ERP payments idempotently and refuses more than is outstanding", async () => {
        const { data } = await api.post("/admin/dunning/receivables", invoice(), admin)
        const id = data.receivable.id

        const first = await api.post(
          `/admin/dunning/receivables/${id}/payments`,
          { amount: "250.00", external_ref: "BANK-77", paid_at: "2026-10-05" },
          admin
        )
        expect(first.status).toBe(201)
        expect(first.data.receivable).toMatchObject({ amount_paid: 250, outstanding_amount: 1000, status: "open" })

        const replay = await api.post(
          `/admin/dunning/receivables/${id}/payments`,
          { amount: "250.00", external_ref: "BANK-77", paid_at: "2026-10-05" },
          admin
        )
        expect(replay.status).toBe(200)
        expect(replay.data.replayed).toBe(true)
        expect(replay.data.receivable.amount_paid).toBe(250)

        const tooMuch = await expectStatus(
          api.post(`/admin/dunning/receivables/${id}/payments`, { amount: 1000.01, external_ref: "BANK-78" }, admin),
          400
        )
        expect(tooMuch.message).toMatch(/amount: 1000.01 is more than the outstanding 1000 EUR/)
        await expectStatus(api.post(`/admin/dunning/receivables/${id}/payments`, { amount: 0, external_ref: "B0" }, admin), 400)
        await expectStatus(
          api.post(`/admin/dunning/receivables/${id}/payments`, { amount: 10, external_ref: "B1", currency_code: "usd" }, admin),
          400
        )
        await expectStatus(api.post(`/admin/dunning/receivables/rcv_nope/payments`, { amount: 1, external_ref: "B2" }, admin), 404)

        const rest = await api.post(
          `/admin/dunning/receivables/${id}/payments`,
          { amount: 1000, external_ref: "BANK-79", paid_at: "2026-10-20T09:30:00Z" },
          admin
        )
        expect(rest.data.receivable).toMatchObject({ status: "paid", paid_at: "2026-10-20T09:30:00.000Z", outstanding_amount: 0 })
        const events = await api.get(`/admin/customers/${customerId}/collection-events?type=payment_received`, admin)
        expect(events.data.count).toBe(2)
        expect(events.data.collection_events[0]).toMatchObject({ title: "Payment received", author_type: "user", author_id: admin.userId })
      })
    })

    describe("batch upsert", () => {
      const rows = (n: number, from = 0) =>
        Array.from({ length: n }, (_, i) => ({
          customer_id: i % 2 ? customerId : otherCustomerId,
          number: `ERP-${from + i}`,
          external_ref: `ERP-${from + i}`,
          currency_code: "eur",
          amount: 100 + i,
          issued_at: "2026-09-01",
          due_at: "2026-10-01",
        }))

      it("creates and then updates up to 1,000 rows by external_ref, syncing amount_paid through the ledger", async () => {
        const first = await api.post("/admin/dunning/receivables/batch", { receivables: rows(1000) }, admin)
        expect(first.data).toMatchObject({ created: 1000, updated: 0 })
        const changed = rows(2).map((r, i) => ({ ...r, amount: 500, amount_paid: i === 0 ? 500 : 120 }))
        const second = await api.post("/admin/dunning/receivables/batch", { receivables: changed }, admin)
        expect(second.data).toMatchObject({ created: 0, updated: 2 })
        expect(second.data.receivables.map((r: any) => r.action)).toEqual(["updated", "updated"])

        const [paid] = await dunning().listReceivables({ source: "erp", external_ref: "ERP-0" })
        expect(paid).toMatchObject({ status: "paid" })
        expect(Number(paid.amount)).toBe(500)
        const [partly] = await dunning().listReceivables({ source: "erp", external_ref: "ERP-1" })
        expect(Number(partly.amount_paid)).toBe(120)
        expect(partly.status).toBe("open")

        // the ERP corrects its paid amount down: the difference is booked as a negative adjustment
        await api.post("/admin/dunning/receivables/batch", { receivables: [{ ...changed[0], amount_paid: 300 }] }, admin)
        const [corrected] = await dunning().listReceivables({ source: "erp", external_ref: "ERP-0" })
        expect(corrected.status).toBe("open")
        expect(Number(corrected.amount_paid)).toBe(300)
        expect(await dunning().listReceivables({ source: "erp" }, { take: null })).toHaveLength(1000)
      })

      it("rejects the whole batch with every problem by row and field, writing nothing", async () => {
        const bad = rows(5)
        bad[1] = { ...bad[1], amount: -1 } as any
        bad[2] = { ...bad[2], external_ref: bad[0].external_ref }
        bad[3] = { ...bad[3], currency_code: "xxx1" } as any
        const { customer_id, ...noCustomer } = bad[4]
        bad[4] = noCustomer as any
        const data = await expectStatus(api.post("/admin/dunning/receivables/batch", { receivables: bad }, admin), 400)
        expect(data.message).toMatch(/nothing was written/)
        expect(data.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ index: 1, field: "amount" }),
            expect.objectContaining({ index: 3, field: "currency_code" }),
            expect.objectContaining({ index: 4, field: "customer_id" }),
          ])
        )
        expect(await dunning().listReceivables({})).toHaveLength(0)

        const dup = rows(3)
        dup[2] = { ...dup[2], external_ref: dup[0].external_ref }
        const dupData = await expectStatus(api.post("/admin/dunning/receivables/batch", { receivables: dup }, admin), 400)
        expect(dupData.errors).toEqual([
          { index: 2, field: "external_ref", message: "'ERP-0' appears more than once in this batch (first at row 0)" },
        ])

        const unknown = rows(2)
        unknown[1] = { ...unknown[1], customer_id: "cus_ghost" }
        const unknownData = await expectStatus(api.post("/admin/dunning/receivables/batch", { receivables: unknown }, admin), 400)
        expect(unknownData.errors).toEqual([{ index: 1, field: "customer_id", message: "no customer with id 'cus_ghost'" }])

        await expectStatus(api.post("/admin/dunning/receivables/batch", { receivables: rows(1001) }, admin), 400)
        await expectStatus(api.post("/admin/dunning/receivables/batch", { receivables: [] }, admin), 400)
        await expectStatus(api.post("/admin/dunning/receivables/batch", { rows: rows(1) }, admin), 400)
        expect(await dunning().listReceivables({})).toHaveLength(0)
      })
    })

    describe("collection profiles and group terms", () => {
      it("returns defaults for a customer without a profile, then creates and updates one", async () => {
        const empty = await api.get(`/admin/dunning/profiles/${customerId}`, admin)
        expect(empty.data.collection_profile).toMatchObject({ id: null, billing_emails: [], do_not_dun: false })
        expect(empty.data.default_terms_days).toBe(30)

        const saved = await api.post(
          `/admin/dunning/profiles/${customerId}`,
          { billing_emails: ["ap@northwind.test", "finance@northwind.test"], terms_days: 45, rep_user_id: admin.userId, preferred_language: "de" },
          admin
        )
        expect(saved.data.collection_profile).toMatchObject({ terms_days: 45, preferred_language: "de", rep_user_id: admin.userId })
        const updated = await api.post(`/admin/dunning/profiles/${customerId}`, { do_not_dun: true }, admin)
        expect(updated.data.collection_profile).toMatchObject({
          id: saved.data.collection_profile.id,
          do_not_dun: true,
          terms_days: 45,
          billing_emails: ["ap@northwind.test", "finance@northwind.test"],
        })
      })

      it("refuses bad profiles and unknown customers", async () => {
        const injected = await expectStatus(
          api.post(`/admin/dunning/profiles/${customerId}`, { billing_emails: ["ap@x.test\r\nBcc: all@evil.test"] }, admin),
          400
        )
        expect(injected.message).toMatch(/billing_emails/)
        await expectStatus(api.post(`/admin/dunning/profiles/${customerId}`, { billing_emails: ["not-an-email"] }, admin), 400)
        await expectStatus(api.post(`/admin/dunning/profiles/${customerId}`, { terms_days: -3 }, admin), 400)
        await expectStatus(api.post(`/admin/dunning/profiles/${customerId}`, { preferred_language: "german!" }, admin), 400)
        const rep = await expectStatus(api.post(`/admin/dunning/profiles/${customerId}`, { rep_user_id: "user_ghost" }, admin), 400)
        expect(rep.message).toMatch(/rep_user_id/)
        const policy = await expectStatus(api.post(`/admin/dunning/profiles/${customerId}`, { policy_id: "dpol_ghost" }, admin), 400)
        expect(policy.message).toBe("policy_id: no dunning policy with id 'dpol_ghost'")
        expect((await api.get(`/admin/dunning/profiles/${customerId}`, admin)).data.collection_profile.policy_id).toBeNull()
        await expectStatus(api.get(`/admin/dunning/profiles/cus_ghost`, admin), 404)
        await expectStatus(api.post(`/admin/dunning/profiles/cus_ghost`, { terms_days: 10 }, admin), 404)
        expect(await dunning().listCollectionProfiles({})).toHaveLength(0)
      })

      it("sets, lists and removes a customer group's terms", async () => {
        const { groupId } = await createBusinessCustomer(getContainer(), {
          email: "g@dist.test",
          company_name: "Dist",
          group: { name: "Distributors" },
        })
        await api.post(`/admin/dunning/group-terms/${groupId}`, { terms_days: 60 }, admin)
        await api.post(`/admin/dunning/group-terms/${groupId}`, { terms_days: 75 }, admin)
        const list = await api.get(`/admin/dunning/group-terms`, admin)
        expect(list.data.group_terms).toEqual([expect.objectContaining({ customer_group_id: groupId, terms_days: 75 })])
        await api.delete(`/admin/dunning/group-terms/${groupId}`, admin)
        expect((await api.get(`/admin/dunning/group-terms`, admin)).data.group_terms).toEqual([])
        await expectStatus(api.post(`/admin/dunning/group-terms/cusgroup_ghost`, { terms_days: 60 }, admin), 404)
        await expectStatus(api.post(`/admin/dunning/group-terms/${groupId}`, { terms_days: "sixty" }, admin), 400)
      })
    })

    describe("collection events", () => {
      it("logs calls, notes, promises and disputes, newest first, and works follow-ups", async () => {
        const { data } = await api.post("/admin/dunning/receivables", invoice(), admin)
        const receivableId = data.receivable.id

        const call = await api.post(
          `/admin/customers/${customerId}/collection-events`,
          { type: "call_logged", outcome: "left_voicemail", note: "Asked AP to call back", occurred_at: "2026-10-10T09:00:00Z", follow_up: true, follow_up_due_at: "2026-10-12" },
          admin
        )
        expect(call.status).toBe(201)
        expect(call.data.collection_event).toMatchObject({
          type: "call_logged",
          title: "Call logged",
          outcome: "left_voicemail",
          author_type: "user",
          author_id: admin.userId,
          follow_up_status: "open",
          assigned_to: admin.userId,
        })
        await api.post(
          `/admin/customers/${customerId}/collection-events`,
          { type: "promise_to_pay", promised_date: "2026-10-20", promised_amount: "1250", promised_currency_code: "eur", receivable_ids: [receivableId], occurred_at: "2026-10-11T09:00:00Z" },
          admin
        )
        await api.post(
          `/admin/customers/${customerId}/collection-events`,
          { type: "dispute_opened", receivable_ids: [receivableId], note: "Two pallets arrived damaged", occurred_at: "2026-10-12T09:00:00Z" },
          admin
        )

        const history = await api.get(`/admin/customers/${customerId}/collection-events`, admin)
        expect(history.data.collection_events.map((e: any) => e.type)).toEqual(["dispute_opened", "promise_to_pay", "call_logged"])
        expect(history.data.collection_events[1]).toMatchObject({ promised_amount: 1250, promised_currency_code: "eur", title: "Promise to pay" })

        const done = await api.post(`/admin/dunning/events/${call.data.collection_event.id}`, { follow_up_status: "done" }, admin)
        expect(done.data.collection_event).toMatchObject({ follow_up_status: "done", follow_up_done_by: admin.userId })
        expect(done.data.collection_event.follow_up_done_at).not.toBeNull()

        const open = await api.get(`/admin/customers/${customerId}/collection-events?open_follow_ups=true`, admin)
        expect(open.data.count).toBe(0)
        const page = await api.get(`/admin/customers/${customerId}/collection-events?limit=1&offset=1`, admin)
        expect(page.data).toMatchObject({ count: 3, limit: 1, offset: 1 })
      })

      it("refuses events the system alone writes, bad fields and receivables of another customer", async () => {
        const other = await api.post("/admin/dunning/receivables", invoice({ customer_id: otherCustomerId }), admin)
        await expectStatus(api.post(`/admin/customers/${customerId}/collection-events`, { type: "claim_for_non_payment" }, admin), 400)
        await expectStatus(api.post(`/admin/customers/${customerId}/collection-events`, { type: "call_logged", outcome: "teleported" }, admin), 400)
        await expectStatus(api.post(`/admin/customers/${customerId}/collection-events`, { type: "promise_to_pay" }, admin), 400)
        await expectStatus(api.post(`/admin/customers/${customerId}/collection-events`, { type: "dispute_opened", note: "x", receivable_ids: [] }, admin), 400)
        const foreign = await expectStatus(
          api.post(`/admin/customers/${customerId}/collection-events`, { type: "dispute_opened", note: "x", receivable_ids: [other.data.receivable.id] }, admin),
          400
        )
        expect(foreign.message).toMatch(/belongs to another customer/)
        await expectStatus(api.post(`/admin/customers/cus_ghost/collection-events`, { type: "note", note: "hi" }, admin), 404)
        await expectStatus(api.post(`/admin/dunning/events/cevt_ghost`, { follow_up_status: "done" }, admin), 404)
        expect(await dunning().listCollectionEvents({})).toHaveLength(0)
      })
    })
  },
})
