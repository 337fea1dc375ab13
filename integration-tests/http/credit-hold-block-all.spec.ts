// The host app reads this when it boots: a customer on credit hold can place no order at all.
process.env.DUNNING_CREDIT_HOLD_BLOCK_ALL = "true"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { cartReadyToComplete, completeCart, tryCompleteCart } from "../helpers/checkout"
import { customerToken, publishableKey } from "../helpers/collection-page"
import { createBusinessCustomer, PAY_BY_CARD, PAY_NOW, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(240_000)

/**
 * With `creditHold.blockAllOrders`, a held customer's checkout is refused whatever pays for it (a card, a
 * payment captured at checkout), other customers' orders go through, and a paid order placed past the
 * checks is flagged for the rep although it is no receivable.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    let key: string

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      key = await publishableKey(getContainer())
    })

    const buyer = async (email: string) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: email.split("@")[1] })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [email], rep_user_id: admin.userId, terms_days: 30 }, admin)
      const headers = { "x-publishable-api-key": key, authorization: `Bearer ${await customerToken(getContainer(), customer)}` }
      return { customer, headers }
    }
    const cart = (customer: { id: string; email: string }, provider: string) =>
      cartReadyToComplete(getContainer(), store, { customerId: customer.id, email: customer.email, provider })

    it("refuses every checkout of a held customer, by card or paid up front, and lets others through", async () => {
      const held = await buyer("ap@northwind.test")
      await api.post(`/admin/customers/${held.customer.id}/credit-hold`, { reason: "Account under review" }, admin)
      for (const provider of [PAY_BY_CARD, PAY_NOW]) {
        const refused = await tryCompleteCart(api, await cart(held.customer, provider), held.headers)
        expect({ provider, status: refused.status, body: refused.data }).toMatchObject({
          provider,
          status: 400,
          body: { code: "credit_hold", message: "Orders on account are paused for your account. Please contact us." },
        })
      }
      const other = await buyer("ap@contoso.test")
      expect((await completeCart(getContainer(), api, await cart(other.customer, PAY_BY_CARD), other.headers)).data.type).toBe("order")
    })

    it("flags a paid order a held customer placed past the checks, with no receivable to mark", async () => {
      const held = await buyer("ap@fabrikam.test")
      await api.post(`/admin/customers/${held.customer.id}/credit-hold`, { reason: "Account under review" }, admin)
      const { order } = await placeOrder(getContainer(), store, { customerId: held.customer.id, email: held.customer.email, quantity: 1, provider: PAY_NOW })
      const { collection_events } = (await api.get(`/admin/customers/${held.customer.id}/collection-events?type=order_on_credit_hold`, admin)).data
      expect(collection_events).toHaveLength(1)
      expect(collection_events[0]).toMatchObject({ follow_up_status: "open", receivable_ids: [] })
      expect(collection_events[0].note).toMatch(/^Order #\d+ was placed while the customer is on credit hold \(since \d{4}-\d\d-\d\d: Account under review\)\. Decide whether to fulfil it\.$/)
      expect((await api.get(`/admin/orders/${order.id}/dunning-receivable`, admin)).data.receivable).toBeNull()
    })
  },
})
