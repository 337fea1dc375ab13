// The host app reads these when it boots: a merchant who widened the terms options (every customer's
// order on the manual provider is on terms, terms run from shipment, notices may go to the account's own
// e-mail), with notices going to an in-process SMTP server as soon as a run ends.
const SMTP_PORT = 2760 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "true"
process.env.DUNNING_TERMS_CUSTOMERS = "all"
process.env.DUNNING_TERMS_START_AT = "shipment"
process.env.DUNNING_FALLBACK_TO_CUSTOMER_EMAIL = "true"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { fulfilmentDates, fulfilOrder, seedShipping, shipFulfilment, type TestShipping } from "../helpers/fulfilment"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, PAY_BY_CARD, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000

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

    it("with terms.customers 'all', any customer's manual-payment order is on terms, from shipment (terms.startAt); a card still is not", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), { email: "walkin@retail.test", company_name: "Walk-in" })
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
      const [r] = await receivablesOf(order.id)
      expect(r).toMatchObject({ customer_id: customer.id, terms_days: 30, terms_start: "shipment", due_at: null, next_action_at: null })

      const fulfilment = await fulfilOrder(getContainer(), shipping, order.id)
      await shipFulfilment(getContainer(), order.id, fulfilment)
      const { shipped_at } = await fulfilmentDates(getContainer(), fulfilment)
      expect(new Date((await dunning().retrieveReceivable(r.id)).due_at!).getTime()).toBe(shipped_at!.getTime() + 30 * DAY)

      const byCard = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1, provider: PAY_BY_CARD })
      expect(await receivablesOf(byCard.order.id)).toEqual([])
    })

    it("a collection profile's terms start wins over the plugin's", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "ap@orderdate.test",
        company_name: "Order Date",
        profile: { terms_days: 10, terms_start: "order" },
      })
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1 })
      const [r] = await receivablesOf(order.id)
      expect(r).toMatchObject({ terms_days: 10, terms_start: "order" })
      expect(new Date(r.due_at!).getTime() - new Date(order.created_at).getTime()).toBe(10 * DAY)
    })

    it("with delivery.fallbackToCustomerEmail, a notice without billing e-mails goes to the customer's account e-mail", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), { email: "buyer@own-address.test", company_name: "Own Address" })
      await api.post(
        "/admin/dunning/receivables",
        { customer_id: customer.id, number: "OA-1", currency_code: "eur", amount: "400.00", issued_at: "2026-02-14", due_at: "2026-03-16", now: "2026-02-14T09:00:00.000Z" },
        admin
      )
      const delivered = TestEventUtils.waitSubscribersExecution("dunning.run.completed", getContainer().resolve(Modules.EVENT_BUS))
      await runDunningNow(api, admin, { now: "2026-03-23T09:00:00.000Z" })
      await delivered

      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["buyer@own-address.test"]])
      const [notice] = await dunning().listNotices({ customer_id: customer.id })
      expect(notice).toMatchObject({ status: "sent", recipients: expect.objectContaining({ to: ["buyer@own-address.test"] }) })
    })
  },
})
