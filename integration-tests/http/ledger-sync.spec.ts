import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createReceivableFromOrderWorkflow } from "../../src/workflows/receivables/workflows/create-receivable-from-order"
import { createAdminSession } from "../helpers/admin"
import {
  cancelOrder,
  capture,
  createBusinessCustomer,
  PAY_NOW,
  placeOrder,
  refund,
  seedStore,
  type TestStore,
} from "../helpers/store"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: TestStore

    beforeAll(async () => {
      store = await seedStore(getContainer())
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const receivableOf = async (orderId: string) => {
      const [r] = await dunning().listReceivables({ order_id: orderId })
      return r
    }

    describe("order.placed", () => {
      it("turns an order on terms into an open receivable due after the default terms", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), {
          email: "ap@acme.test",
          company_name: "Acme",
          // a business customer set up for collections, without terms of its own
          profile: { billing_emails: ["ap@acme.test"] },
        })
        const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 4 })

        const r = await receivableOf(order.id)
        expect(r).toMatchObject({
          customer_id: customer.id,
          number: String(order.display_id),
          currency_code: "eur",
          status: "open",
          source: "medusa_order",
          external_ref: order.id,
        })
        expect(Number(r.amount)).toBe(Number(order.total))
        expect(Number(r.amount)).toBe(502)
        expect(Number(r.amount_paid)).toBe(0)
        expect(new Date(r.due_at).getTime() - new Date(r.issued_at).getTime()).toBe(30 * DAY)
        expect(new Date(r.issued_at).toISOString()).toBe(new Date(order.created_at).toISOString())
      })

      it("uses the customer's own terms, else the longest terms of the customer's groups", async () => {
        const admin = await createAdminSession(getContainer())
        const { customer: withProfile } = await createBusinessCustomer(getContainer(), { email: "a@p.test", company_name: "P" })
        await api.post(`/admin/dunning/profiles/${withProfile.id}`, { terms_days: 45 }, admin)
        const { customer: inGroup, groupId } = await createBusinessCustomer(getContainer(), {
          email: "b@g.test",
          company_name: "G",
          group: { name: "Distributors" },
        })
        await api.post(`/admin/dunning/group-terms/${groupId}`, { terms_days: 60 }, admin)

        const a = await placeOrder(getContainer(), store, { customerId: withProfile.id, email: withProfile.email, quantity: 1 })
        const b = await placeOrder(getContainer(), store, { customerId: inGroup.id, email: inGroup.email, quantity: 1 })
        const ra = await receivableOf(a.order.id)
        const rb = await receivableOf(b.order.id)
        expect(new Date(ra.due_at).getTime() - new Date(ra.issued_at).getTime()).toBe(45 * DAY)
        expect(new Date(rb.due_at).getTime() - new Date(rb.issued_at).getTime()).toBe(60 * DAY)
        expect(ra).toMatchObject({ terms_days: 45, terms_start: "order" })
        expect(rb).toMatchObject({ terms_days: 60, terms_start: "order" })
      })

      it("creates nothing for an order paid at checkout", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "card@shop.test", company_name: "Card Co", profile: { terms_days: 30 } })
        const { order } = await placeOrder(getContainer(), store, {
          customerId: customer.id,
          email: customer.email,
          quantity: 1,
          provider: PAY_NOW,
        })
        expect(await receivableOf(order.id)).toBeUndefined()
      })

      it("creates one receivable when the same order.placed arrives twice", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "twice@acme.test", company_name: "Twice", profile: { terms_days: 30 } })
        const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1 })

        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const again = TestEventUtils.waitSubscribersExecution("order.placed", eventBus)
        await eventBus.emit({ name: "order.placed", data: { id: order.id } })
        await again
        const { result } = await createReceivableFromOrderWorkflow(getContainer()).run({ input: { order_id: order.id } })
        expect(result.receivable_id).toBeNull()
        expect(result.skipped_because).toMatch(/already has receivable/)
        expect(await dunning().listReceivables({ order_id: order.id })).toHaveLength(1)
      })
    })

    describe("payment.captured and payment.refunded", () => {
      it("books captures, settles the receivable on the last one and records each payment in the history", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "pay@acme.test", company_name: "Pay", profile: { terms_days: 30 } })
        const { order, paymentId } = await placeOrder(getContainer(), store, {
          customerId: customer.id,
          email: customer.email,
          quantity: 2,
        })

        await capture(getContainer(), paymentId, 100)
        let r = await receivableOf(order.id)
        expect(r.status).toBe("open")
        expect(Number(r.amount_paid)).toBe(100)

        await capture(getContainer(), paymentId, 151)
        r = await receivableOf(order.id)
        expect(r.status).toBe("paid")
        expect(Number(r.amount_paid)).toBe(251)
        expect(r.paid_at).not.toBeNull()
        expect(r.next_action_at).toBeNull()

        const events = await dunning().listCollectionEvents({ customer_id: customer.id }, { order: { occurred_at: "ASC" } })
        expect(events.map((e) => [e.type, e.title])).toEqual([
          ["payment_received", "Payment received"],
          ["payment_received", "Payment received"],
        ])
        expect(events[1].note).toMatch(/151 EUR received; invoice settled/)
        expect(events[0].receivable_ids).toEqual([r.id])

        // a replayed event books nothing twice
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const replay = TestEventUtils.waitSubscribersExecution("payment.captured", eventBus)
        await eventBus.emit({ name: "payment.captured", data: { id: paymentId } })
        await replay
        expect(Number((await receivableOf(order.id)).amount_paid)).toBe(251)
        expect(await dunning().listReceivablePayments({ receivable_id: r.id })).toHaveLength(2)
        expect(await dunning().listCollectionEvents({ customer_id: customer.id })).toHaveLength(2)
      })

      it("scores the customer's risk as of the capture, not as of the moment its event is handled", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "risk@acme.test", company_name: "Risk", profile: { terms_days: 30 } })
        const { order, paymentId } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
        await capture(getContainer(), paymentId)
        const [booked] = await dunning().listReceivablePayments({ receivable_id: (await receivableOf(order.id)).id })
        const [risk] = await dunning().listCustomerRisks({ customer_id: customer.id })
        expect(new Date(risk.computed_at).toISOString()).toBe(new Date(booked.paid_at).toISOString())
      })

      it("re-opens a paid receivable when part of the payment is refunded", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "ref@acme.test", company_name: "Ref", profile: { terms_days: 30 } })
        const { order, paymentId } = await placeOrder(getContainer(), store, {
          customerId: customer.id,
          email: customer.email,
          quantity: 2,
        })
        await capture(getContainer(), paymentId)
        expect((await receivableOf(order.id)).status).toBe("paid")

        await refund(getContainer(), paymentId, 51)
        const r = await receivableOf(order.id)
        expect(r.status).toBe("open")
        expect(Number(r.amount_paid)).toBe(200)
        expect(r.paid_at).toBeNull()
        expect(r.next_action_at).not.toBeNull()
        const refunds = await dunning().listCollectionEvents({ customer_id: customer.id, type: "payment_refunded" })
        expect(refunds).toHaveLength(1)
        expect(refunds[0].title).toBe("Refund issued")
      })

      it("voids the open receivable of a canceled order", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "cx@acme.test", company_name: "Cx", profile: { terms_days: 30 } })
        const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1 })
        await cancelOrder(getContainer(), order.id)
        const r = await receivableOf(order.id)
        expect(r.status).toBe("void")
        expect(r.status_reason).toBe("Order canceled")
        expect(r.next_action_at).toBeNull()
      })
    })
  },
})
