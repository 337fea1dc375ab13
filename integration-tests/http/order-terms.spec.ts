// The host app reads these when it boots: notices go to an in-process SMTP server and are handed to
// delivery as soon as a run ends. The plugin's terms options keep a merchant's defaults.
const SMTP_PORT = 2720 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "true"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { startReceivableTermsWorkflow } from "../../src/workflows/receivables/workflows/start-receivable-terms"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { deliverFulfilment, fulfilmentDates, fulfilOrder, seedShipping, shipFulfilment, type TestShipping } from "../helpers/fulfilment"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { capture, createBusinessCustomer, PAY_BY_CARD, PAY_NOW, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const NEXT_RUN = "1970-01-01T00:00:00.000Z"

/**
 * Which orders become receivables, by the merchant's rules: a payment on terms (Medusa's manual provider)
 * or a customer with terms, and only for customers set up for collections; an admin invoices any other
 * order by hand. Terms that run from the first shipment or delivery, not from the order date. Notices
 * without billing e-mails never go to the account's own e-mail unless the merchant allows it.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    let shipping: TestShipping
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      shipping = await seedShipping(getContainer())
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const receivablesOf = (orderId: string) => dunning().listReceivables({ order_id: orderId })
    const orderReceivable = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/dunning-receivable`, admin)).data
    const customer = (email: string, profile?: Record<string, unknown>, group?: string) =>
      createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[1]} GmbH`, profile, group: group ? { name: group } : undefined })
    const order = async (c: { id: string; email: string }, provider?: string, quantity = 2) =>
      (await placeOrder(getContainer(), store, { customerId: c.id, email: c.email, quantity, provider })).order

    describe("orders on terms", () => {
      it("a card authorised at checkout creates nothing, even for a customer with a collection profile", async () => {
        const { customer: c } = await customer("buyer@card.test", { billing_emails: ["ap@card.test"] })
        const o = await order(c, PAY_BY_CARD)

        expect(await receivablesOf(o.id)).toEqual([])
        const { receivable, proposal } = await orderReceivable(o.id)
        expect(receivable).toBeNull()
        expect(proposal).toMatchObject({ on_terms: false, not_invoiceable_because: null, terms_days: 30, terms_start: "order" })
        expect(proposal.not_on_terms_because).toBe(
          "it was paid with pp_card_card, which is not a payment on terms, and the customer has no terms of their own"
        )
      })

      it("a manual-payment order of a customer with terms becomes a receivable due after those terms", async () => {
        const { customer: c } = await customer("ap@net45.test", { terms_days: 45 })
        const o = await order(c)

        const [r] = await receivablesOf(o.id)
        expect(r).toMatchObject({ customer_id: c.id, status: "open", terms_days: 45, terms_start: "order", next_action_at: new Date(NEXT_RUN) })
        expect(new Date(r.due_at!).getTime() - new Date(o.created_at).getTime()).toBe(45 * DAY)
      })

      it("a customer with terms of their own is on terms whatever they paid with; paid at checkout never", async () => {
        const { customer: c, groupId } = await customer("ap@group.test", undefined, "Distributors")
        await api.post(`/admin/dunning/group-terms/${groupId}`, { terms_days: 60 }, admin)

        const byCard = await order(c, PAY_BY_CARD)
        const [r] = await receivablesOf(byCard.id)
        expect(r).toMatchObject({ terms_days: 60, terms_start: "order" })
        const paidNow = await order(c, PAY_NOW)
        expect(await receivablesOf(paidNow.id)).toEqual([])
        expect((await orderReceivable(paidNow.id)).proposal).toMatchObject({
          on_terms: false,
          not_on_terms_because: "the order was paid at checkout",
          not_invoiceable_because: "the order was paid at checkout",
        })
      })

      it("a customer without a collection profile or group terms creates nothing by default", async () => {
        const { customer: c } = await customer("someone@retail.test")
        const o = await order(c)

        expect(await receivablesOf(o.id)).toEqual([])
        expect((await orderReceivable(o.id)).proposal).toMatchObject({
          on_terms: false,
          not_on_terms_because: "the customer has no collection profile and is in no customer group with terms",
        })
      })
    })

    describe("invoicing an order by hand", () => {
      it("turns an order into a receivable on the customer's terms once, and refuses what cannot be invoiced", async () => {
        const { customer: c } = await customer("someone@byhand.test")
        const o = await order(c, PAY_BY_CARD)
        expect(await receivablesOf(o.id)).toEqual([])

        const created = await api.post(`/admin/orders/${o.id}/dunning-receivable`, {}, admin)
        expect(created.status).toBe(201)
        expect(created.data.receivable).toMatchObject({
          order_id: o.id,
          customer_id: c.id,
          number: String(o.display_id),
          source: "medusa_order",
          status: "open",
          amount: 251,
          terms_days: 30,
          terms_start: "order",
          awaiting: null,
          metadata: { opened_by: { type: "user", id: admin.userId } },
        })
        expect(new Date(created.data.receivable.due_at).getTime() - new Date(o.created_at).getTime()).toBe(30 * DAY)
        expect(await receivablesOf(o.id)).toHaveLength(1)
        expect(await orderReceivable(o.id)).toMatchObject({ receivable: { id: created.data.receivable.id }, proposal: null })

        const again = await expectStatus(api.post(`/admin/orders/${o.id}/dunning-receivable`, {}, admin), 409)
        expect(again).toEqual({
          type: "conflict",
          message: `order_id: the order already has receivable ${created.data.receivable.id}`,
          receivable_id: created.data.receivable.id,
        })
        expect(await receivablesOf(o.id)).toHaveLength(1)

        const unknown = await expectStatus(api.post("/admin/orders/order_unknown/dunning-receivable", {}, admin), 404)
        expect(unknown.message).toBe("Order with id 'order_unknown' was not found")
        await expectStatus(api.get("/admin/orders/order_unknown/dunning-receivable", admin), 404)

        const paid = await order(c, PAY_NOW)
        const refused = await expectStatus(api.post(`/admin/orders/${paid.id}/dunning-receivable`, {}, admin), 400)
        expect(refused.message).toBe("order_id: cannot be invoiced: the order was paid at checkout")
        expect(await receivablesOf(paid.id)).toEqual([])

        const typo = await expectStatus(api.post(`/admin/orders/${o.id}/dunning-receivable`, { terms_days: 10 }, admin), 400)
        expect(typo.message).toMatch(/terms_days/)
      })
    })

    describe("terms that start at shipment or delivery", () => {
      it("an order awaiting shipment is never chased, is not overdue anywhere, and is due from its first shipment", async () => {
        const { customer: c } = await customer("ap@shipment.test", { terms_days: 30, terms_start: "shipment", billing_emails: ["ap@shipment.test"] })
        const o = await order(c, undefined, 4)
        const [waiting] = await receivablesOf(o.id)
        expect(waiting).toMatchObject({ due_at: null, next_action_at: null, terms_days: 30, terms_start: "shipment", status: "open" })
        const shown = (await api.get(`/admin/dunning/receivables/${waiting.id}`, admin)).data.receivable
        expect(shown).toMatchObject({ due_at: null, awaiting: "shipment", outstanding_amount: 502 })
        // its details can still be changed: the reference the customer's buyer gave
        const renamed = await api.post(`/admin/dunning/receivables/${waiting.id}`, { metadata: { po: "PO-778" } }, admin)
        expect(renamed.data.receivable).toMatchObject({ due_at: null, awaiting: "shipment", metadata: { po: "PO-778" } })
        // a year later it has still not shipped: no notice, even asked for one, not overdue, in the current bucket
        const later = new Date(Date.now() + 365 * DAY).toISOString()
        const onRequest = await api.post("/admin/dunning/runs", { customer_id: c.id, now: later }, admin)
        expect(onRequest.data.totals).toMatchObject({ notices_created: 0, skipped: {} })
        // beside it, an invoice entered by hand that is not due yet either
        const today = new Date().toISOString().slice(0, 10)
        const dueLater = new Date(Date.now() + 400 * DAY).toISOString().slice(0, 10)
        await api.post("/admin/dunning/receivables", { customer_id: c.id, number: "M-1", currency_code: "eur", amount: "100.00", issued_at: today, due_at: dueLater }, admin)
        const run = await runDunningNow(api, admin, { now: later })
        expect(run.totals.notices_created).toBe(0)
        expect(await dunning().listNotices({ customer_id: c.id })).toEqual([])
        expect(await dunning().listCollectionEvents({ customer_id: c.id })).toEqual([])
        expect(smtp.messages).toEqual([])
        const { aging } = (await api.get(`/admin/dunning/aging?now=${later}`, admin)).data
        const [eur] = aging.currencies
        expect(eur).toMatchObject({ currency_code: "eur", total_outstanding: 602, overdue_amount: 0, open_count: 2, top_customers: [] })
        expect(eur.buckets[0]).toMatchObject({ key: "current", amount: 602, count: 2 })
        expect((await api.get(`/admin/dunning/overdue?now=${later}`, admin)).data).toMatchObject({ count: 0, receivables: [] })
        expect((await api.get(`/admin/dunning/receivables?overdue=true&now=${later}`, admin)).data.count).toBe(0)
        const { collection_summary } = (await api.get(`/admin/customers/${c.id}/collection-summary?now=${later}`, admin)).data
        expect(collection_summary.currencies).toEqual([expect.objectContaining({ outstanding: 602, overdue: 0, open_count: 2, overdue_count: 0 })])
        expect(collection_summary.oldest_overdue_days).toBeNull()
        // a hold that ends, or a re-plan of the customer, does not make it due either
        await api.post(`/admin/dunning/profiles/${c.id}`, { notes: "ships in spring" }, admin)
        expect((await dunning().retrieveReceivable(waiting.id)).next_action_at).toBeNull()

        // half of the order ships: the terms run from that shipment
        const first = await fulfilOrder(getContainer(), shipping, o.id, 2)
        await shipFulfilment(getContainer(), o.id, first)
        const { shipped_at } = await fulfilmentDates(getContainer(), first)
        const started = await dunning().retrieveReceivable(waiting.id)
        expect(new Date(started.due_at!).getTime()).toBe(shipped_at!.getTime() + 30 * DAY)
        expect(started.next_action_at).toEqual(new Date(NEXT_RUN))
        expect((await api.get(`/admin/dunning/receivables/${waiting.id}`, admin)).data.receivable.awaiting).toBeNull()

        // the rest ships later, and the first shipment's event comes again: nothing changes
        const second = await fulfilOrder(getContainer(), shipping, o.id, 2)
        await shipFulfilment(getContainer(), o.id, second)
        const { result: replay } = await startReceivableTermsWorkflow(getContainer()).run({ input: { fulfillment_id: first } })
        expect(replay).toMatchObject({ receivable_id: null, skipped_because: `order ${o.id} has no receivable waiting for its terms to start` })
        expect((await dunning().retrieveReceivable(waiting.id)).due_at).toEqual(started.due_at)
      })

      it("terms from delivery wait through the shipment and start at the first delivery", async () => {
        const { customer: c } = await customer("ap@delivery.test", { terms_days: 14, terms_start: "delivery" })
        const o = await order(c)
        const [waiting] = await receivablesOf(o.id)
        expect(waiting).toMatchObject({ due_at: null, terms_start: "delivery" })

        const fulfilment = await fulfilOrder(getContainer(), shipping, o.id)
        await shipFulfilment(getContainer(), o.id, fulfilment)
        const shipped = await api.get(`/admin/dunning/receivables/${waiting.id}`, admin)
        expect(shipped.data.receivable).toMatchObject({ due_at: null, awaiting: "delivery", next_action_at: null })

        await deliverFulfilment(getContainer(), o.id, fulfilment)
        const { delivered_at } = await fulfilmentDates(getContainer(), fulfilment)
        const started = await dunning().retrieveReceivable(waiting.id)
        expect(new Date(started.due_at!).getTime()).toBe(delivered_at!.getTime() + 14 * DAY)
        expect(started.next_action_at).toEqual(new Date(NEXT_RUN))
      })

      it("an invoice paid before its terms started was paid on time", async () => {
        const { customer: c } = await customer("ap@prepaid.test", { terms_days: 30, terms_start: "shipment" })
        const { order: o, paymentId } = await placeOrder(getContainer(), store, { customerId: c.id, email: c.email, quantity: 2 })
        await capture(getContainer(), paymentId)
        const [paid] = await receivablesOf(o.id)
        expect(paid).toMatchObject({ status: "paid", due_at: null, next_action_at: null })

        const { collection_summary } = (await api.get(`/admin/customers/${c.id}/collection-summary`, admin)).data
        expect(collection_summary).toMatchObject({ paid_count: 1, on_time_rate: 1, average_days_late: 0 })

        // it still gets its due date when the order ships, for the record
        const fulfilment = await fulfilOrder(getContainer(), shipping, o.id)
        await shipFulfilment(getContainer(), o.id, fulfilment)
        const { shipped_at } = await fulfilmentDates(getContainer(), fulfilment)
        const shipped = await dunning().retrieveReceivable(paid.id)
        expect(shipped).toMatchObject({ status: "paid", next_action_at: null })
        expect(new Date(shipped.due_at!).getTime()).toBe(shipped_at!.getTime() + 30 * DAY)
      })

      it("an order invoiced by hand after it shipped is due from that shipment at once", async () => {
        const { customer: c } = await customer("someone@lateinvoice.test")
        await api.post(`/admin/dunning/profiles/${c.id}`, { terms_start: "shipment" }, admin)
        const o = await order(c, PAY_BY_CARD)
        const fulfilment = await fulfilOrder(getContainer(), shipping, o.id)
        await shipFulfilment(getContainer(), o.id, fulfilment)
        expect(await receivablesOf(o.id)).toEqual([])

        const { proposal } = await orderReceivable(o.id)
        const { shipped_at } = await fulfilmentDates(getContainer(), fulfilment)
        expect(proposal).toMatchObject({ terms_days: 30, terms_start: "shipment", due_at: new Date(shipped_at!.getTime() + 30 * DAY).toISOString() })
        const { data } = await api.post(`/admin/orders/${o.id}/dunning-receivable`, {}, admin)
        expect(data.receivable).toMatchObject({ due_at: proposal.due_at, terms_start: "shipment", awaiting: null })
      })
    })

    describe("where notices go", () => {
      const overdueInvoice = async (customerId: string, number: string) =>
        api.post(
          "/admin/dunning/receivables",
          { customer_id: customerId, number, currency_code: "eur", amount: "400.00", issued_at: "2026-02-14", due_at: "2026-03-16", now: "2026-02-14T09:00:00.000Z" },
          admin
        )
      const runAndDeliver = async (now: string) => {
        const delivered = TestEventUtils.waitSubscribersExecution("dunning.run.completed", getContainer().resolve(Modules.EVENT_BUS))
        await runDunningNow(api, admin, { now })
        await delivered
      }

      it("never to the customer's account e-mail by default: the notice fails with a follow-up to add billing e-mails", async () => {
        const { customer: c } = await customer("registered@stranger.test", { terms_days: 30, rep_user_id: admin.userId })
        await overdueInvoice(c.id, "N-1")
        const { customer: billed } = await customer("buyer@billed.test", { billing_emails: ["ap@billed.test"] })
        await overdueInvoice(billed.id, "B-1")

        await runAndDeliver("2026-03-23T09:00:00.000Z")

        expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap@billed.test"]])
        const [notice] = await dunning().listNotices({ customer_id: c.id })
        expect(notice).toMatchObject({ status: "failed" })
        expect(notice.last_error).toContain("the customer's collection profile has no billing e-mail")
        const followUps = await dunning().listCollectionEvents({ customer_id: c.id, type: "delivery_failed" })
        expect(followUps).toEqual([expect.objectContaining({ notice_id: notice.id, follow_up_status: "open", assigned_to: admin.userId })])
        expect(followUps[0].note).toContain("delivery.fallbackToCustomerEmail")
      })
    })
  },
})
