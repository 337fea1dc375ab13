// notices go to an in-process SMTP server, and only when a test delivers them
const SMTP_PORT = 2780 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "false"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { followOrdersWorkflow } from "../../src/workflows/order-changes/workflows/follow-orders"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { fulfilOrder, seedShipping, type TestShipping } from "../helpers/fulfilment"
import { editOrderQuantity, receiveReturn, requestReturn } from "../helpers/order-changes"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, PAY_NOW, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const DAY = 86_400_000

/** The first weekday at 10:00 UTC at least `days` after `from` (the default policy sends Monday to Friday, 8 to 18 UTC). */
function businessMorningAfter(from: Date, days: number): Date {
  const at = new Date(from.getTime() + days * DAY)
  at.setUTCHours(10, 0, 0, 0)
  while (at.getUTCDay() === 0 || at.getUTCDay() === 6) {
    at.setTime(at.getTime() + DAY)
  }
  return at
}

/**
 * What the customer hears while the order changes: nothing for returned goods, and nothing changes
 * twice for replayed, late or stray events; holds a rep or a dispute set stay theirs.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: TestStore
    let warehouse: TestShipping
    let admin: AdminSession
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      await smtp.start()
      store = await seedStore(getContainer())
      warehouse = await seedShipping(getContainer())
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(async () => {
      smtp.messages = []
      admin = await createAdminSession(getContainer())
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const receivableOf = async (orderId: string) => (await dunning().listReceivables({ order_id: orderId }))[0] as any
    const eventsOf = async (customerId: string) => await dunning().listCollectionEvents({ customer_id: customerId }, { take: null })
    const deliver = async (at: Date) => (await deliverNoticesWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
    const mailedTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address))

    /** Emits an event as Medusa would and waits for every subscriber of it. */
    const emit = async (name: string, data: Record<string, unknown>) => {
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      const handled = TestEventUtils.waitSubscribersExecution(name, eventBus)
      await eventBus.emit({ name, data })
      await handled
    }

    const orderOnTerms = async (email: string, quantity: number) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[0]} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { terms_days: 30, billing_emails: [`ap.${email}`] }, admin)
      const placed = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity })
      return { customer, ...placed, receivable: await receivableOf(placed.order.id) }
    }

    it("never reminds the customer of goods on their way back or returned, while others are reminded as usual", async () => {
      // about the reminders alone: the invoice e-mails of its orders (on by default) are switched off
      const policies = (await api.get("/admin/dunning/policies", admin)).data.policies
      await api.post(`/admin/dunning/policies/${policies.find((p: any) => p.is_default).id}`, { send_invoice_on_issue: false }, admin)
      const returning = await orderOnTerms("returns@retail.test", 4)
      await orderOnTerms("keeps@retail.test", 1)
      await fulfilOrder(getContainer(), warehouse, returning.order.id)
      const overdue = businessMorningAfter(new Date(returning.receivable.due_at), 8)

      // both are overdue: the run schedules a notice for each
      const run = await runDunningNow(api, admin, { now: overdue.toISOString() })
      expect(run.totals.notices_created).toBe(2)

      // the goods go back before the notice is delivered: its invoice is held, the notice goes nowhere
      const returnId = await requestReturn(getContainer(), api, admin, returning.order.id, 4)
      await deliver(new Date(overdue.getTime() + 5 * 60_000))
      expect(mailedTo("ap.keeps@retail.test")).toHaveLength(1)
      expect(mailedTo("ap.returns@retail.test")).toHaveLength(0)
      const [notice] = await dunning().listNotices({ customer_id: returning.customer.id })
      expect(notice).toMatchObject({ status: "cancelled" })

      // received in full: nothing is owed, and the following weeks bring no reminder either
      await receiveReturn(getContainer(), api, admin, returnId)
      expect(await receivableOf(returning.order.id)).toMatchObject({ status: "void", hold_reason: null })
      for (const week of [1, 2, 3]) {
        const later = businessMorningAfter(overdue, 7 * week)
        await runDunningNow(api, admin, { now: later.toISOString() })
        await deliver(new Date(later.getTime() + 5 * 60_000))
      }
      expect(mailedTo("ap.returns@retail.test")).toHaveLength(0)
      expect(mailedTo("ap.keeps@retail.test").length).toBeGreaterThan(1)
    })

    it("a replayed event, a late event and the workflow run again change nothing twice", async () => {
      const { customer, order } = await orderOnTerms("replay@retail.test", 4)
      await editOrderQuantity(getContainer(), api, admin, order.id, 3)
      const after = await receivableOf(order.id)
      const history = (await eventsOf(customer.id)).length
      expect(history).toBe(3)

      // the same confirmation again, the request arriving after the confirmation, a details update
      await emit("order-edit.confirmed", { order_id: order.id, actions: [] })
      await emit("order-edit.requested", { order_id: order.id, actions: [] })
      await emit("order.updated", { id: order.id })
      const { result } = await followOrdersWorkflow(getContainer()).run({ input: { order_ids: [order.id, order.id] } })
      expect(result).toMatchObject({ orders_followed: 1, amounts_revised: [], held: [], released: [], event_ids: [] })

      const now = await receivableOf(order.id)
      expect({ amount: Number(now.amount), hold: now.hold_reason, updated_at: now.updated_at }).toEqual({
        amount: 376.5,
        hold: null,
        updated_at: after.updated_at,
      })
      expect(await eventsOf(customer.id)).toHaveLength(history)
    })

    it("a return requested event arriving after the goods were received holds nothing", async () => {
      const { customer, order } = await orderOnTerms("late@retail.test", 2)
      await fulfilOrder(getContainer(), warehouse, order.id)
      const returnId = await requestReturn(getContainer(), api, admin, order.id, 1)
      await receiveReturn(getContainer(), api, admin, returnId)
      const events = (await eventsOf(customer.id)).length

      await emit("order.return_requested", { order_id: order.id, return_id: returnId })
      const r = await receivableOf(order.id)
      expect({ amount: Number(r.amount), hold: r.hold_reason }).toEqual({ amount: 125.5, hold: null })
      expect(await eventsOf(customer.id)).toHaveLength(events)
    })

    it("events for orders that do not exist, have no receivable or name no order change nothing", async () => {
      const { customer: cardBuyer } = await createBusinessCustomer(getContainer(), { email: "card@retail.test", company_name: "Card" })
      const { order: paidAtCheckout } = await placeOrder(getContainer(), store, {
        customerId: cardBuyer.id,
        email: cardBuyer.email,
        quantity: 1,
        provider: PAY_NOW,
      })
      expect(await receivableOf(paidAtCheckout.id)).toBeUndefined()
      const { order: other } = await orderOnTerms("bystander@retail.test", 1)
      const before = await receivableOf(other.id)

      await emit("order-edit.confirmed", { order_id: "order_does_not_exist", actions: [] })
      await emit("order.return_received", { order_id: paidAtCheckout.id, return_id: "return_x" })
      await emit("order.claim_created", {})
      await emit("order.updated", { id: 42 })

      expect(await dunning().listReceivables({ order_id: paidAtCheckout.id })).toHaveLength(0)
      expect(await receivableOf(other.id)).toMatchObject({ amount: before.amount, updated_at: before.updated_at, hold_reason: null })
      const { result } = await followOrdersWorkflow(getContainer()).run({ input: { order_ids: ["order_does_not_exist", paidAtCheckout.id] } })
      expect(result).toMatchObject({ orders_followed: 0, amounts_revised: [], held: [], released: [] })
    })

    it("a rep's hold and a dispute's hold stay theirs: the order change neither replaces nor releases them", async () => {
      const held = await orderOnTerms("rep-held@retail.test", 2)
      const disputed = await orderOnTerms("disputed@retail.test", 2)
      for (const { order } of [held, disputed]) {
        await fulfilOrder(getContainer(), warehouse, order.id)
      }
      const until = new Date(Date.now() + 20 * DAY).toISOString()
      await api.post("/admin/dunning/holds", { customer_id: held.customer.id, reason: "Waiting for their new AP clerk", until }, admin)
      await api.post(
        `/admin/customers/${disputed.customer.id}/collection-events`,
        { type: "dispute_opened", receivable_ids: [disputed.receivable.id], note: "Says two bags were missing" },
        admin
      )
      const repHold = (await receivableOf(held.order.id)).hold_reason
      expect(repHold).toMatch(/^manual:/)

      for (const { order } of [held, disputed]) {
        const returnId = await requestReturn(getContainer(), api, admin, order.id, 1)
        expect((await receivableOf(order.id)).hold_reason).not.toMatch(/^order-change:/)
        await receiveReturn(getContainer(), api, admin, returnId)
      }
      const [r1, r2] = [await receivableOf(held.order.id), await receivableOf(disputed.order.id)]
      // the amount follows the order all the same
      expect([Number(r1.amount), r1.hold_reason]).toEqual([125.5, repHold])
      expect([Number(r2.amount), r2.hold_reason]).toEqual([125.5, expect.stringMatching(/^dispute:/)])
    })
  },
})
