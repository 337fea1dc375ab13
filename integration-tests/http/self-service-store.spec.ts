// The host app reads this when it boots: the collection page (and with it online payment) is on.
process.env.DUNNING_SELF_SERVICE_SECRET = "store-test-secret-of-at-least-32-characters"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { customerToken, publishableKey } from "../helpers/collection-page"
import { createBusinessCustomer, placeOrder, PAY_LATER, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(240_000)

const DAY = 86_400_000

/**
 * The storefront's routes through the real app: Medusa's publishable key and customer login in front of
 * them, a customer sees and answers about their own invoices only, strict validation that names the
 * field and writes nothing, answers recorded once per idempotency key, and the payment collection a
 * storefront pays an order's invoice through.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    let store: TestStore
    let key: string
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const day = (offset: number) => new Date(Date.now() + offset * DAY)
    const iso = (offset: number) => day(offset).toISOString().slice(0, 10)

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      key = await publishableKey(getContainer())
    })

    /** A customer with a profile (terms, rep) and ERP invoices, and the headers of their logged-in storefront. */
    const buyer = async (email: string, invoices: Array<{ number: string; amount: string; due: number; currency_code?: string }>) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: email.split("@")[1] })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [email], rep_user_id: admin.userId, terms_days: 30 }, admin)
      const { data } = !invoices.length ? { data: { receivables: [] } } : await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customer.id,
            number: i.number,
            external_ref: `${email}:${i.number}`,
            currency_code: i.currency_code ?? "eur",
            amount: i.amount,
            issued_at: day(i.due - 30).toISOString(),
            due_at: day(i.due).toISOString(),
          })),
        },
        admin
      )
      const token = await customerToken(getContainer(), customer)
      const headers = { "x-publishable-api-key": key, authorization: `Bearer ${token}` }
      return { customer, ids: data.receivables.map((r: any) => r.id) as string[], as: { headers, validateStatus: () => true } }
    }

    /** Each dunning table's rows, to show a refused request wrote nothing. */
    const tables = async () => {
      const { rows } = await dbConnection.raw(
        `SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM dunning_collection_event t) AS events,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM dunning_receivable t) AS receivables`
      )
      return rows[0]
    }

    it("needs the publishable key and the customer's login, and shows a customer only their own invoices", async () => {
      const a = await buyer("ap@northwind.test", [
        { number: "NW-1", amount: "1250.50", due: -20 },
        { number: "NW-2", amount: "300.00", due: 10 },
        { number: "NW-3", amount: "99.99", due: -5, currency_code: "usd" },
      ])
      const b = await buyer("ap@contoso.test", [{ number: "CC-1", amount: "10.00", due: -3 }])

      expect((await api.get("/store/dunning/receivables", { validateStatus: () => true })).status).toBe(400)
      expect((await api.get("/store/dunning/receivables", { headers: { "x-publishable-api-key": key }, validateStatus: () => true })).status).toBe(401)

      const list = await api.get("/store/dunning/receivables", a.as)
      expect(list.status).toBe(200)
      expect(list.data.receivables.map((r: any) => [r.number, r.currency_code, r.outstanding_amount, r.days_overdue, r.status, r.hold])).toEqual([
        ["NW-1", "eur", expect.stringMatching(/^1250\.50?$/), 20, "open", null],
        ["NW-3", "usd", "99.99", 5, "open", null],
        ["NW-2", "eur", expect.stringMatching(/^300(\.00?)?$/), 0, "open", null],
      ])
      expect(list.data).toMatchObject({ count: 3, limit: 50, offset: 0 })
      expect(list.data.totals.map((t: any) => [t.currency_code, Number(t.outstanding), t.count])).toEqual([["eur", 1550.5, 2], ["usd", 99.99, 1]])
      expect(list.data.receivables[0]).not.toHaveProperty("next_action_at")

      expect((await api.get(`/store/dunning/receivables/${a.ids[0]}`, a.as)).data.receivable).toMatchObject({ number: "NW-1", payable_online: false })
      // another customer's invoice is not found, as if it did not exist
      const foreign = await api.get(`/store/dunning/receivables/${b.ids[0]}`, a.as)
      expect(foreign.status).toBe(404)
      const missing = await api.get(`/store/dunning/receivables/rcv_missing`, a.as)
      expect([missing.status, missing.data.message, foreign.data.message]).toEqual([
        404,
        "Receivable 'rcv_missing' was not found",
        `Receivable '${b.ids[0]}' was not found`,
      ])
      // paging, a status filter, and strict queries that name the field
      expect((await api.get("/store/dunning/receivables?limit=1&offset=1", a.as)).data.receivables.map((r: any) => r.number)).toEqual(["NW-3"])
      expect((await api.get("/store/dunning/receivables?status=paid", a.as)).data).toMatchObject({ receivables: [], count: 0 })
      for (const [query, field] of [
        ["customer_id=" + b.customer.id, "customer_id"],
        ["status=settled", "status"],
        ["limit=1000", "limit"],
        ["offset=-1", "offset"],
        ["limit[$gt]=1", "limit"],
      ]) {
        const res = await api.get(`/store/dunning/receivables?${query}`, a.as)
        expect([query, res.status, res.data.message.includes(field)]).toEqual([query, 400, true])
      }
    })

    it("records a promise once per idempotency key, holding the named invoices, and refuses bad ones naming the field without writing", async () => {
      const a = await buyer("ap@fabrikam.test", [
        { number: "FB-1", amount: "800.00", due: -20 },
        { number: "FB-2", amount: "200.00", due: -10 },
      ])
      const b = await buyer("ap@litware.test", [{ number: "LW-1", amount: "50.00", due: -10 }])
      const before = await tables()
      const refused: Array<[Record<string, unknown>, number, string]> = [
        [{ promised_date: iso(45) }, 400, "promised_date"],
        [{ promised_date: iso(-2) }, 400, "promised_date"],
        [{ promised_date: "soon" }, 400, "promised_date"],
        [{ promised_date: iso(5), promised_amount: "100.001", promised_currency_code: "eur" }, 400, "promised_amount"],
        [{ promised_date: iso(5), promised_amount: "100" }, 400, "promised_currency_code"],
        [{ promised_date: iso(5), promised_amount: "5000", promised_currency_code: "eur" }, 400, "promised_amount"],
        [{ promised_date: iso(5), receivable_ids: [b.ids[0]] }, 404, "receivable_ids"],
        [{ promised_date: iso(5), customer_id: b.customer.id }, 400, "customer_id"],
        [{ promised_date: iso(5), note: { $gt: "" } }, 400, "note"],
        [{ promised_date: iso(5), idempotency_key: "bad key with spaces" }, 400, "idempotency_key"],
      ]
      for (const [body, status, field] of refused) {
        const res = await api.post("/store/dunning/promises", body, a.as)
        expect([JSON.stringify(body), res.status, String(res.data.message).includes(field)]).toEqual([JSON.stringify(body), status, true])
      }
      expect(await tables()).toEqual(before)

      const body = { promised_date: iso(7), receivable_ids: [a.ids[0]], promised_amount: "800", promised_currency_code: "eur", idempotency_key: "checkout-7f3a9c" }
      const first = await api.post("/store/dunning/promises", body, a.as)
      expect(first.status).toBe(201)
      expect(first.data).toMatchObject({ replayed: false, collection_event: { type: "promise_to_pay", title: `Promise to pay by ${iso(7)}`, receivable_ids: [a.ids[0]] } })
      const again = await api.post("/store/dunning/promises", body, a.as)
      expect(again.status).toBe(200)
      expect(again.data).toEqual({ ...first.data, replayed: true })

      const events = await dunning().listCollectionEvents({ customer_id: a.customer.id })
      expect(events.map((e: any) => [e.type, e.author_type, e.author_id, e.metadata, e.follow_up_status, e.assigned_to])).toEqual([
        ["promise_to_pay", "customer", a.customer.id, { answered_via: "storefront" }, "open", admin.userId],
      ])
      const [held, free] = await dunning().listReceivables({ id: a.ids }, { order: { number: "ASC" } })
      expect([held.hold_reason, free.hold_reason]).toEqual([`promise_to_pay:${events[0].id}`, null])
      const listed = await api.get("/store/dunning/receivables", a.as)
      expect(listed.data.receivables[0].hold).toEqual({ kind: "promise_to_pay", until: expect.any(String) })
      // the other customer's key space is their own
      expect((await api.post("/store/dunning/promises", { promised_date: iso(7), idempotency_key: body.idempotency_key }, b.as)).status).toBe(201)
    })

    it("records a dispute with its reason, holding the disputed invoice until it is resolved", async () => {
      const a = await buyer("ap@adatum.test", [
        { number: "AD-1", amount: "100.00", due: -20 },
        { number: "AD-2", amount: "100.00", due: -20 },
      ])
      const before = await tables()
      for (const [body, field] of [
        [{ receivable_ids: [a.ids[0]], reason: "x".repeat(1001) }, "reason"],
        [{ receivable_ids: [a.ids[0]], reason: "   " }, "reason"],
        [{ receivable_ids: [], reason: "wrong" }, "receivable_ids"],
        [{ reason: "wrong" }, "receivable_ids"],
      ] as Array<[Record<string, unknown>, string]>) {
        const res = await api.post("/store/dunning/disputes", body, a.as)
        expect([res.status, String(res.data.message).includes(field)]).toEqual([400, true])
      }
      expect(await tables()).toEqual(before)

      const res = await api.post("/store/dunning/disputes", { receivable_ids: [a.ids[1]], reason: "Delivered to the wrong site" }, a.as)
      expect(res.status).toBe(201)
      expect(res.data.collection_event).toMatchObject({ type: "dispute_opened", note: "Delivered to the wrong site", receivable_ids: [a.ids[1]] })
      const [, disputed] = await dunning().listReceivables({ id: a.ids }, { order: { number: "ASC" } })
      expect(disputed).toMatchObject({ hold_reason: `dispute:${res.data.collection_event.id}`, next_action_at: null })
      const one = await api.get(`/store/dunning/receivables/${a.ids[1]}`, a.as)
      expect(one.data.receivable.hold).toEqual({ kind: "dispute", until: null })
    })

    it("gives the storefront the payment collection of an order's invoice, the same one each time, and none for an invoice without an order", async () => {
      const a = await buyer("buyer@proseware.test", [{ number: "PW-ERP-1", amount: "10.00", due: -20 }])
      const { order } = await placeOrder(getContainer(), store, { customerId: a.customer.id, email: "buyer@proseware.test", quantity: 3, provider: PAY_LATER })
      const [receivable] = await dunning().listReceivables({ order_id: order.id })
      expect((await api.get(`/store/dunning/receivables/${receivable.id}`, a.as)).data.receivable.payable_online).toBe(true)

      const first = await api.post(`/store/dunning/receivables/${receivable.id}/payment-collection`, {}, a.as)
      expect(first.status).toBe(200)
      expect(first.data).toMatchObject({ order_id: order.id, already_paid: false, payment_collection: { currency_code: "eur", status: "not_paid" } })
      expect(Number(first.data.payment_collection.amount)).toBe(376.5)
      const second = await api.post(`/store/dunning/receivables/${receivable.id}/payment-collection`, {}, a.as)
      expect(second.data.payment_collection.id).toBe(first.data.payment_collection.id)

      // the storefront's own payment UI takes it from there, through Medusa's route
      const session = await api.post(`/store/payment-collections/${first.data.payment_collection.id}/payment-sessions`, { provider_id: PAY_LATER }, a.as)
      expect(session.status).toBe(200)

      const erp = await api.post(`/store/dunning/receivables/${a.ids[0]}/payment-collection`, {}, a.as)
      expect([erp.status, erp.data.message]).toEqual([400, expect.stringMatching(/^receivable_id: invoice PW-ERP-1 is not an order of this store/)])
      const other = await buyer("ap@wingtip.test", [])
      expect((await api.post(`/store/dunning/receivables/${receivable.id}/payment-collection`, {}, other.as)).status).toBe(404)
      expect((await api.post(`/store/dunning/receivables/${receivable.id}/payment-collection`, { amount: 1 }, a.as)).status).toBe(400)
    })
  },
})
