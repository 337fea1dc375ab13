import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { reconcileWorkflow } from "../../src/workflows/reconcile/workflows/reconcile"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { fulfilOrder, seedShipping, type TestShipping } from "../helpers/fulfilment"
import {
  cancelReturn,
  claimDamagedItems,
  confirmOrderEdit,
  draftOrderEdit,
  editOrderQuantity,
  exchangeItems,
  payOpenCollection,
  receiveReturn,
  requestOrderEdit,
  requestReturn,
} from "../helpers/order-changes"
import { capture, createBusinessCustomer, placeOrder, refund, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

/**
 * The receivable follows its order through Medusa's own admin routes: order edits that lower and raise
 * the total, returns requested (on hold) and received (lowered, resumed), a return canceled (found by the
 * reconcile), claims and exchanges, and an order paid through the payment collection an edit created.
 * The store sells one product at 125.50 EUR; every customer has net terms.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: TestStore
    let warehouse: TestShipping
    let admin: AdminSession

    beforeAll(async () => {
      store = await seedStore(getContainer())
      warehouse = await seedShipping(getContainer())
    })
    beforeEach(async () => {
      admin = await createAdminSession(getContainer())
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const receivableOf = async (orderId: string) => (await dunning().listReceivables({ order_id: orderId }))[0] as any
    const historyOf = async (customerId: string) =>
      (await dunning().listCollectionEvents({ customer_id: customerId }, { order: { created_at: "ASC" }, take: null })).map((e: any) => ({
        type: e.type,
        title: e.title,
        note: e.note,
      }))

    /** A customer on net 30 (a collection profile) who orders `quantity` bags on terms. */
    const orderOnTerms = async (email: string, quantity: number) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[0]} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { terms_days: 30, billing_emails: [`ap.${email}`] }, admin)
      const placed = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity })
      const receivable = await receivableOf(placed.order.id)
      expect(Number(receivable.amount)).toBe(125.5 * quantity)
      return { customer, ...placed, receivable }
    }

    it("an order edit that lowers the total: on hold while the customer is asked, then the invoice claims the new total", async () => {
      const { customer, order, receivable } = await orderOnTerms("lower@acme.test", 4)

      await draftOrderEdit(api, admin, order.id, 3)
      await requestOrderEdit(getContainer(), api, admin, order.id)
      let r = await receivableOf(order.id)
      expect(r).toMatchObject({ hold_reason: `order-change:order edit awaiting confirmation on order #${order.display_id}`, hold_until: null })
      expect(r.next_action_at).toBeNull()
      // the admin API answers the reason the widget shows
      const { data } = await api.get(`/admin/dunning/receivables/${receivable.id}`, admin)
      expect(data.receivable.hold_reason).toBe(`order-change:order edit awaiting confirmation on order #${order.display_id}`)

      await confirmOrderEdit(getContainer(), api, admin, order.id)
      r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), status: r.status, hold_reason: r.hold_reason }).toEqual({ amount: 376.5, status: "open", hold_reason: null })
      expect(r.next_action_at).not.toBeNull()
      // the release and the new amount are written together, in no particular order
      const history = await historyOf(customer.id)
      expect(history).toHaveLength(3)
      expect(history[0]).toEqual({
        type: "hold_placed",
        title: `Dunning on hold: order edit awaiting confirmation on order #${order.display_id}`,
        note: expect.any(String),
      })
      expect(history.slice(1)).toEqual(
        expect.arrayContaining([
          { type: "hold_released", title: `Dunning resumed: nothing is open on order #${order.display_id} any more`, note: null },
          {
            type: "note",
            title: "Order edited: amount 502.00 → 376.50 EUR",
            note: `Order #${order.display_id} now comes to 376.50 EUR; 376.50 EUR outstanding.`,
          },
        ])
      )
    })

    it("an order edit that raises the total re-opens a paid invoice for the difference", async () => {
      const { order, paymentId } = await orderOnTerms("raise@acme.test", 2)
      await capture(getContainer(), paymentId)
      expect(await receivableOf(order.id)).toMatchObject({ status: "paid" })

      await editOrderQuantity(getContainer(), api, admin, order.id, 5)
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), paid: Number(r.amount_paid), status: r.status, hold: r.hold_reason }).toEqual({
        amount: 627.5,
        paid: 251,
        status: "open",
        hold: null,
      })
      expect(r.paid_at).toBeNull()
    })

    it("an order whose first payment collection an edit cancelled is paid through the second, and the invoice is settled", async () => {
      const { customer, order } = await orderOnTerms("second@acme.test", 4)
      await editOrderQuantity(getContainer(), api, admin, order.id, 6)
      const { data } = await api.get(`/admin/orders/${order.id}?fields=payment_collections.status,payment_collections.amount`, admin)
      expect(data.order.payment_collections.map((c: any) => [c.status, Number(c.amount)]).sort()).toEqual([
        ["canceled", 502],
        ["not_paid", 753],
      ])
      expect(Number((await receivableOf(order.id)).amount)).toBe(753)

      await payOpenCollection(getContainer(), api, admin, order.id)
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), paid: Number(r.amount_paid), status: r.status }).toEqual({ amount: 753, paid: 753, status: "paid" })
      expect((await historyOf(customer.id)).map((e) => e.title).sort()).toEqual([
        `Dunning on hold: order edit awaiting confirmation on order #${order.display_id}`,
        `Dunning resumed: nothing is open on order #${order.display_id} any more`,
        "Order edited: amount 502.00 → 753.00 EUR",
        "Payment received",
      ])
    })

    it("a return: on hold while the goods are on their way back, lowered and resumed when they are received", async () => {
      const { order } = await orderOnTerms("return@acme.test", 4)
      await fulfilOrder(getContainer(), warehouse, order.id)

      const returnId = await requestReturn(getContainer(), api, admin, order.id, 1)
      let r = await receivableOf(order.id)
      // the amount waits for the goods: Medusa's figure is not final before they are back
      expect({ amount: Number(r.amount), hold: r.hold_reason }).toEqual({
        amount: 502,
        hold: `order-change:return requested on order #${order.display_id}`,
      })

      await receiveReturn(getContainer(), api, admin, returnId)
      r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), status: r.status, hold: r.hold_reason }).toEqual({ amount: 376.5, status: "open", hold: null })
      const [note] = await dunning().listCollectionEvents({ customer_id: r.customer_id, type: "note" })
      expect(note.title).toBe("Return received: amount 502.00 → 376.50 EUR")
    })

    it("a return canceled emits no event: the reconcile finds it and resumes the invoice", async () => {
      const { order } = await orderOnTerms("cancel@acme.test", 4)
      await fulfilOrder(getContainer(), warehouse, order.id)
      const returnId = await requestReturn(getContainer(), api, admin, order.id, 2)
      await cancelReturn(api, admin, returnId)
      expect((await receivableOf(order.id)).hold_reason).toBe(`order-change:return requested on order #${order.display_id}`)

      const { result } = await reconcileWorkflow(getContainer()).run({ input: {} })
      expect(result.order_changes).toMatchObject({ holds_released: 1, amounts_revised: 0 })
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), hold: r.hold_reason, status: r.status }).toEqual({ amount: 502, hold: null, status: "open" })
      expect(r.next_action_at).not.toBeNull()

      // the next reconcile has nothing left to do
      const { result: again } = await reconcileWorkflow(getContainer()).run({ input: {} })
      expect(again.order_changes).toMatchObject({ holds_released: 0, holds_placed: 0, amounts_revised: 0 })
    })

    it("a claim: a draft claim is found by the reconcile, the confirmed claim waits for its return, the goods back lower the invoice", async () => {
      const { customer, order } = await orderOnTerms("claim@acme.test", 4)
      await fulfilOrder(getContainer(), warehouse, order.id)
      // planned by a run: its next action is weeks away, so only the order's change can bring it to the reconcile
      await runDunningNow(api, admin, {})
      expect(new Date((await receivableOf(order.id)).next_action_at).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000)

      // begun and left open: Medusa announces nothing, the reconcile sees the open change
      const { claimId } = await claimDamagedItems(getContainer(), api, admin, order.id, 1, { draft: true })
      expect((await receivableOf(order.id)).hold_reason).toBeNull()
      await reconcileWorkflow(getContainer()).run({ input: {} })
      expect((await receivableOf(order.id)).hold_reason).toBe(`order-change:claim in progress on order #${order.display_id}`)

      await api.post(`/admin/claims/${claimId}/request`, {}, admin)
      const { data } = await api.get(`/admin/claims/${claimId}?fields=return_id`, admin)
      await reconcileWorkflow(getContainer()).run({ input: {} })
      expect((await receivableOf(order.id)).hold_reason).toBe(`order-change:return requested on order #${order.display_id}`)

      await receiveReturn(getContainer(), api, admin, data.claim.return_id)
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), hold: r.hold_reason }).toEqual({ amount: 376.5, hold: null })
      // one hold line for the whole time the order was in question
      expect((await historyOf(customer.id)).filter((e) => e.type === "hold_placed")).toHaveLength(1)
    })

    it("a claim confirmed through its event holds the invoice at once", async () => {
      const { order } = await orderOnTerms("claim-event@acme.test", 2)
      await fulfilOrder(getContainer(), warehouse, order.id)
      await claimDamagedItems(getContainer(), api, admin, order.id, 1)
      expect((await receivableOf(order.id)).hold_reason).toBe(`order-change:return requested on order #${order.display_id}`)
    })

    it("an exchange: on hold until the returned goods are back, then the invoice claims the new total", async () => {
      const { order } = await orderOnTerms("exchange@acme.test", 4)
      await fulfilOrder(getContainer(), warehouse, order.id)
      const { returnId } = await exchangeItems(getContainer(), api, admin, order.id, { quantity: 1, variantId: store.variantId, newQuantity: 2 })
      let r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), hold: r.hold_reason }).toEqual({
        amount: 502,
        hold: `order-change:return requested on order #${order.display_id}`,
      })

      await receiveReturn(getContainer(), api, admin, returnId)
      r = await receivableOf(order.id)
      // four bags, one back, two more out: five bags
      expect({ amount: Number(r.amount), hold: r.hold_reason, status: r.status }).toEqual({ amount: 627.5, hold: null, status: "open" })
    })

    it("goods returned after payment: the invoice is settled by what was paid, and the store's refund keeps it settled", async () => {
      const { customer, order, paymentId } = await orderOnTerms("paid@acme.test", 4)
      await capture(getContainer(), paymentId)
      await fulfilOrder(getContainer(), warehouse, order.id)
      const returnId = await requestReturn(getContainer(), api, admin, order.id, 1)
      await receiveReturn(getContainer(), api, admin, returnId)

      let r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), paid: Number(r.amount_paid), status: r.status }).toEqual({ amount: 376.5, paid: 502, status: "paid" })
      // what was paid over is the store's to refund, not a debt below zero
      const { data } = await api.get(`/admin/dunning/receivables/${r.id}`, admin)
      expect(data.receivable.outstanding_amount).toBe(0)
      const notes = (await historyOf(customer.id)).filter((e) => e.type === "note")
      expect(notes).toEqual([
        {
          type: "note",
          title: "Return received: amount 502.00 → 376.50 EUR",
          note: `Order #${order.display_id} now comes to 376.50 EUR; the payments received settle it and 125.50 EUR paid over is the store's to refund.`,
        },
      ])

      await refund(getContainer(), paymentId, 125.5)
      r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), paid: Number(r.amount_paid), status: r.status }).toEqual({ amount: 376.5, paid: 376.5, status: "paid" })
    })

    it("everything returned: the order comes to nothing and its invoice is void", async () => {
      const { order } = await orderOnTerms("all-back@acme.test", 2)
      await fulfilOrder(getContainer(), warehouse, order.id)
      const returnId = await requestReturn(getContainer(), api, admin, order.id, 2)
      await receiveReturn(getContainer(), api, admin, returnId)
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), status: r.status, reason: r.status_reason, next: r.next_action_at, hold: r.hold_reason }).toEqual({
        amount: 0,
        status: "void",
        reason: `Nothing is owed on order #${order.display_id} any more`,
        next: null,
        hold: null,
      })
    })
  },
})
