import { MedusaError, Modules } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { completeCart, cartReadyToComplete, tryCompleteCart } from "../helpers/checkout"
import { customerToken, publishableKey } from "../helpers/collection-page"
import { runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"
import { capture, createBusinessCustomer, PAY_BY_CARD, PAY_LATER, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(300_000)

/**
 * A host app's own check at cart completion, registered as the official B2B starter registers its
 * approval check: the one handler Medusa allows on `completeCartWorkflow.hooks.validate`. The plugin takes
 * no handler of its own (registering this one would throw if it did), and both checks run.
 */
const hostHookCarts: string[] = []
const NEEDS_APPROVAL = "This order needs your company's approval before it can be placed"
completeCartWorkflow.hooks.validate(async ({ cart }: { cart: any }) => {
  hostHookCarts.push(cart.id)
  if (cart.metadata?.requires_approval) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, NEEDS_APPROVAL)
  }
})

const OVERDUE_MESSAGE = "Your account has overdue invoices. Please pay them or contact us."
const DAY = 86_400_000

/**
 * Credit holds through the real app: placed by the dunning run (a stage, a policy rule) and by hand, lifted
 * by payment and by hand; the store's checkout refused for orders on terms only, beside the host app's own
 * hook; the admin's draft-order conversion refused and overridden; an order placed past the checks flagged.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    let key: string
    let limitPolicyId: string
    const iso = (offset: number) => new Date(Date.now() + offset * DAY).toISOString()

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      key = await publishableKey(getContainer())
      // held while more than 100.00 EUR is overdue
      const { data } = await api.post(
        "/admin/dunning/policies",
        {
          name: "Credit limit",
          credit_hold_overdue_above: [{ currency_code: "EUR", amount: "100.00" }],
          stages: [{ name: "Reminder", offset_days: 5, subject_template: "Overdue invoices", body_html_template: "<p>Please pay</p>" }],
        },
        admin
      )
      limitPolicyId = data.policy.id
    })

    /** A business customer with terms, the given policy, and the headers of their logged-in storefront. */
    const buyer = async (email: string, policyId: string | null = limitPolicyId) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: email.split("@")[1] })
      await api.post(
        `/admin/dunning/profiles/${customer.id}`,
        { billing_emails: [email], rep_user_id: admin.userId, terms_days: 30, ...(policyId ? { policy_id: policyId } : {}) },
        admin
      )
      const headers = { "x-publishable-api-key": key, authorization: `Bearer ${await customerToken(getContainer(), customer)}` }
      return { customer, headers }
    }

    /** An invoice pushed in by the ERP, due `daysAgo` days ago. */
    const overdueInvoice = async (customerId: string, number: string, amount: string, daysAgo: number) => {
      const { data } = await api.post(
        "/admin/dunning/receivables",
        { customer_id: customerId, number, external_ref: number, currency_code: "eur", amount, issued_at: iso(-daysAgo - 30), due_at: iso(-daysAgo) },
        admin
      )
      return data.receivable.id as string
    }

    const pay = (receivableId: string, amount: string, ref: string) =>
      api.post(`/admin/dunning/receivables/${receivableId}/payments`, { amount, external_ref: ref }, admin)
    const holdOf = async (customerId: string) => (await api.get(`/admin/customers/${customerId}/credit-hold`, admin)).data
    const events = async (customerId: string, type: string) =>
      (await api.get(`/admin/customers/${customerId}/collection-events?type=${type}`, admin)).data.collection_events
    const cart = (customerId: string, email: string, provider: string, metadata?: Record<string, unknown>) =>
      cartReadyToComplete(getContainer(), store, { customerId, email, provider, metadata })

    /** The customer over the policy's limit and the run's hold on them. */
    const heldByRules = async (email: string) => {
      const b = await buyer(email)
      const invoice = await overdueInvoice(b.customer.id, `${email}-1`, "500.00", 10)
      const run = await runDunningNow(api, admin, {})
      expect(run.run.status).toBe("succeeded")
      return { ...b, invoice }
    }

    it("places a hold by a policy rule at the run, shows it everywhere, and lifts it once enough is paid", async () => {
      const { customer, headers, invoice } = await heldByRules("ap@northwind.test")
      const { credit_hold } = await holdOf(customer.id)
      expect(credit_hold).toMatchObject({
        source: "rule",
        reason: "10 days overdue, 500.00 EUR: 500.00 EUR overdue is above the limit of 100.00 EUR",
        policy_id: limitPolicyId,
        placed_by: null,
        lifts_on_payment: true,
        receivable_ids: [],
      })
      expect(credit_hold.amounts_to_lift.map((a: any) => [a.currency_code, Number(a.amount)])).toEqual([["eur", 400]])
      const [placed] = await events(customer.id, "credit_hold_placed")
      expect(placed).toMatchObject({ title: "Credit hold placed", follow_up_status: "open", assigned_to: admin.userId, author_type: "system" })
      expect(placed.note).toBe(
        "Credit hold placed: 10 days overdue, 500.00 EUR: 500.00 EUR overdue is above the limit of 100.00 EUR. Orders on terms are refused until 400.00 EUR is paid."
      )

      const summary = (await api.get(`/admin/customers/${customer.id}/collection-summary`, admin)).data.collection_summary
      expect(summary.credit_hold).toMatchObject({ id: credit_hold.id, source: "rule" })
      const held = (await api.get("/admin/dunning/follow-ups?credit_hold=true", admin)).data.follow_ups
      expect(held.map((f: any) => [f.customer_id, f.type, f.credit_hold?.id])).toContainEqual([customer.id, "credit_hold_placed", credit_hold.id])
      const notHeld = (await api.get("/admin/dunning/follow-ups?credit_hold=false", admin)).data.follow_ups
      expect(notHeld.filter((f: any) => f.customer_id === customer.id)).toEqual([])

      const status = (await api.get("/store/dunning/credit-status", { headers })).data.credit_status
      expect(status).toMatchObject({ on_hold: true, kind: "overdue", message: OVERDUE_MESSAGE, lifts_on_payment: true })
      expect(status.amounts_to_lift.map((a: any) => [a.currency_code, Number(a.amount)])).toEqual([["eur", 400]])

      // 300 paid: 200 still overdue, above the limit: held, with what lifts it brought up to date
      await pay(invoice, "300.00", "bank-1")
      const still = (await holdOf(customer.id)).credit_hold
      expect(still.id).toBe(credit_hold.id)
      expect(still.amounts_to_lift.map((a: any) => Number(a.amount))).toEqual([100])
      // 100 more: 100 overdue is not above the limit: lifted at once, with the rep's follow-up done
      await pay(invoice, "100.00", "bank-2")
      expect((await holdOf(customer.id)).credit_hold).toBeNull()
      const [lifted] = await events(customer.id, "credit_hold_released")
      expect(lifted).toMatchObject({ title: "Credit hold lifted", author_type: "system" })
      expect(lifted.note).toBe("Credit hold lifted: no longer past the policy's credit hold rules (10 days overdue, 100.00 EUR)")
      expect((await events(customer.id, "credit_hold_placed"))[0]).toMatchObject({ follow_up_status: "done" })
      expect((await api.get("/store/dunning/credit-status", { headers })).data.credit_status).toMatchObject({ on_hold: false, message: null, amounts_to_lift: [] })
    })

    it("refuses a held customer's checkout on terms with the message, in their language, and lets a card order through", async () => {
      const { customer, headers } = await heldByRules("ap@contoso.test")
      const email = customer.email
      const onTerms = await cart(customer.id, email, PAY_LATER)
      const refused = await tryCompleteCart(api, onTerms, headers)
      expect(refused.status).toBe(400)
      expect(refused.data).toMatchObject({ type: "not_allowed", code: "credit_hold", message: OVERDUE_MESSAGE })
      const german = await tryCompleteCart(api, onTerms, { ...headers, "x-medusa-locale": "de-DE" })
      expect(german.data.message).toBe("Auf Ihrem Konto sind Rechnungen überfällig. Bitte begleichen Sie diese oder kontaktieren Sie uns.")
      const { data: carts } = await getContainer().resolve("query").graph({ entity: "cart", fields: ["id", "completed_at"], filters: { id: onTerms } })
      expect(carts[0].completed_at).toBeNull()
      // the plugin refused before Medusa's workflow ran: the host app's hook never saw the cart
      expect(hostHookCarts).not.toContain(onTerms)

      const byCard = await cart(customer.id, email, PAY_BY_CARD)
      const placed = await completeCart(getContainer(), api, byCard, headers)
      expect(placed.data.type).toBe("order")
      // both checks ran: the plugin's middleware let it pass, the host app's hook saw it
      expect(hostHookCarts).toContain(byCard)
      expect(await events(customer.id, "order_on_credit_hold")).toEqual([])
    })

    it("leaves the host app's own hook its say: it refuses what it refuses, for customers on hold or not", async () => {
      const { customer, headers } = await buyer("ap@fabrikam.test")
      const needsApproval = await cart(customer.id, customer.email, PAY_LATER, { requires_approval: true })
      const refused = await tryCompleteCart(api, needsApproval, headers)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(NEEDS_APPROVAL)
      expect(hostHookCarts).toContain(needsApproval)
      const fine = await cart(customer.id, customer.email, PAY_LATER)
      expect((await completeCart(getContainer(), api, fine, headers)).data.type).toBe("order")
    })

    it("lets the held customer check out on terms again once the invoices are paid", async () => {
      const { customer, headers, invoice } = await heldByRules("ap@adatum.test")
      expect((await tryCompleteCart(api, await cart(customer.id, customer.email, PAY_LATER), headers)).status).toBe(400)
      await pay(invoice, "500.00", "bank-1")
      const placed = await completeCart(getContainer(), api, await cart(customer.id, customer.email, PAY_LATER), headers)
      expect(placed.data.type).toBe("order")
      expect(await events(customer.id, "order_on_credit_hold")).toEqual([])
    })

    it("places the hold at the default policy's credit-hold stage, and lifts it when that invoice is paid", async () => {
      const { customer, headers } = await buyer("ap@tailspin.test", null)
      const { order, paymentId } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
      expect(Number(order.total)).toBe(251)
      // the overdue notice, then the escalation the day after: weekday mornings in the send window, 46 days
      // or more after the due date (a few more when the 46th falls on a Friday or a weekend)
      const first = weekdayMorning(Date.now() + 76 * DAY)
      await runDunningNow(api, admin, { now: first.toISOString() })
      expect((await holdOf(customer.id)).credit_hold).toBeNull()
      const second = new Date(first.getTime() + DAY)
      await runDunningNow(api, admin, { now: second.toISOString() })
      const { credit_hold } = await holdOf(customer.id)
      const { receivable } = (await api.get(`/admin/dunning/receivables/${credit_hold.receivable_ids[0]}`, admin)).data
      const overdue = `${utcDays(new Date(receivable.due_at), second)} days overdue, 251.00 EUR: an invoice reached the stage "Escalation to account rep"`
      expect(credit_hold).toMatchObject({ source: "stage", reason: overdue })
      expect(credit_hold.receivable_ids).toHaveLength(1)
      expect(credit_hold.amounts_to_lift.map((a: any) => [a.currency_code, Number(a.amount)])).toEqual([["eur", 251]])
      expect((await events(customer.id, "credit_hold_placed"))[0].note.startsWith(`Credit hold placed: ${overdue}.`)).toBe(true)
      expect((await tryCompleteCart(api, await cart(customer.id, customer.email, PAY_LATER), headers)).data.message).toBe(OVERDUE_MESSAGE)

      await capture(getContainer(), paymentId)
      expect((await holdOf(customer.id)).credit_hold).toBeNull()
    })

    it("keeps a hold placed by hand through a payment, until it is released by hand; the rules then wait", async () => {
      const { customer, headers, invoice } = await heldByRules("ap@litware.test")
      const placed = await api.post(`/admin/customers/${customer.id}/credit-hold`, { reason: "Cheque bounced twice" }, admin)
      expect(placed.status).toBe(201)
      expect(placed.data.credit_hold).toMatchObject({ source: "manual", reason: "Cheque bounced twice", placed_by: admin.userId, lifts_on_payment: false, amounts_to_lift: [] })
      // the automatic hold gave way to it, its follow-up done
      const placements = await events(customer.id, "credit_hold_placed")
      expect(placements.map((e: any) => [e.author_type, e.follow_up_status])).toEqual(expect.arrayContaining([["user", null], ["system", "done"]]))
      await expectStatus(api.post(`/admin/customers/${customer.id}/credit-hold`, { reason: "again" }, admin), 400)

      await pay(invoice, "500.00", "bank-1")
      expect((await holdOf(customer.id)).credit_hold).toMatchObject({ source: "manual" })
      const refused = await tryCompleteCart(api, await cart(customer.id, customer.email, PAY_LATER), headers)
      expect(refused.data.message).toBe("Orders on account are paused for your account. Please contact us.")

      const released = await api.post(`/admin/customers/${customer.id}/credit-hold/release`, { reason: "Paid by bank transfer" }, admin)
      expect(released.data).toMatchObject({ credit_hold: null, waiver: { reason: "Paid by bank transfer", released_by: admin.userId, until: null } })
      const [line] = await events(customer.id, "credit_hold_released")
      expect(line).toMatchObject({ title: "Credit hold released", author_type: "user", author_id: admin.userId })
      expect(line.note).toBe("Credit hold released by hand: Paid by bank transfer (the rules place no new hold until the customer is clear of them)")
      expect((await completeCart(getContainer(), api, await cart(customer.id, customer.email, PAY_LATER), headers)).data.type).toBe("order")
      await expectStatus(api.post(`/admin/customers/${customer.id}/credit-hold/release`, { reason: "again" }, admin), 400)
    })

    it("does not place the hold again after a release by hand while the customer is still past the rules", async () => {
      const { customer } = await heldByRules("ap@proseware.test")
      await api.post(`/admin/customers/${customer.id}/credit-hold/release`, { reason: "Promised to pay Friday" }, admin)
      await runDunningNow(api, admin, {})
      expect((await holdOf(customer.id)).credit_hold).toBeNull()
      expect((await holdOf(customer.id)).waiver).toMatchObject({ reason: "Promised to pay Friday" })
    })

    it("refuses to convert a held customer's draft order unless an admin overrides it, and records who and why", async () => {
      const { customer } = await heldByRules("ap@wingtip.test")
      const { data } = await api.post(
        "/admin/draft-orders",
        { email: customer.email, customer_id: customer.id, region_id: store.regionId, sales_channel_id: store.salesChannelId, items: [{ variant_id: store.variantId, quantity: 1 }] },
        admin
      )
      const draft = data.draft_order.id
      const refused = await expectStatus(api.post(`/admin/draft-orders/${draft}/convert-to-order`, {}, admin), 400)
      expect(refused.message).toMatch(/^credit_hold_override: the customer is on credit hold since \d{4}-\d\d-\d\d \(10 days overdue, 500\.00 EUR: .*\); to convert this draft order anyway, send credit_hold_override: \{ reason \}$/)
      const blank = await expectStatus(api.post(`/admin/draft-orders/${draft}/convert-to-order`, { credit_hold_override: { reason: " " } }, admin), 400)
      expect(blank.message).toMatch(/credit_hold_override\.reason/)
      expect(await events(customer.id, "credit_hold_overridden")).toEqual([])

      const placed = TestEventUtils.waitSubscribersExecution("order.placed", getContainer().resolve(Modules.EVENT_BUS))
      const converted = await api.post(`/admin/draft-orders/${draft}/convert-to-order`, { credit_hold_override: { reason: "Framework contract, CFO approved" } }, admin)
      expect(converted.status).toBe(200)
      await placed
      const [override] = await events(customer.id, "credit_hold_overridden")
      expect(override).toMatchObject({ author_type: "user", author_id: admin.userId, follow_up_status: null })
      expect(override.note).toMatch(/^Credit hold overridden to convert draft order #\d+: Framework contract, CFO approved$/)
      const { receivable } = (await api.get(`/admin/orders/${converted.data.order.id}/dunning-receivable`, admin)).data
      expect(receivable.metadata.credit_hold).toMatchObject({ kind: "overridden", overridden_by: admin.userId, override_reason: "Framework contract, CFO approved", event_id: override.id })
      expect(await events(customer.id, "order_on_credit_hold")).toEqual([])
    })

    it("flags an order a held customer placed past the checks, in the call list and on its receivable", async () => {
      const { customer } = await heldByRules("ap@lucerne.test")
      // an app's own workflow completes the cart: the store's checkout route, and the plugin's check, are not on its way
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 1 })
      const [flag] = await events(customer.id, "order_on_credit_hold")
      expect(flag).toMatchObject({ title: "Order placed on credit hold", follow_up_status: "open", assigned_to: admin.userId })
      expect(flag.note).toMatch(/^Order #\d+ was placed on terms while the customer is on credit hold \(since \d{4}-\d\d-\d\d: 10 days overdue, 500\.00 EUR: .*\)\. Decide whether to fulfil it\.$/)
      const { receivable } = (await api.get(`/admin/orders/${order.id}/dunning-receivable`, admin)).data
      expect(receivable.metadata.credit_hold).toMatchObject({ kind: "slipped", event_id: flag.id, overridden_by: null })
      const held = (await api.get("/admin/dunning/follow-ups?credit_hold=true&type=order_on_credit_hold", admin)).data.follow_ups
      expect(held.map((f: any) => f.id)).toEqual([flag.id])
    })
  },
})

/** 10:00 UTC on the first Monday to Thursday on or after `at`: inside the default policy's send window, the next day too. */
/** Whole UTC calendar days from one instant's date to another's. */
function utcDays(from: Date, to: Date): number {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
  return Math.round((day(to) - day(from)) / DAY)
}

function weekdayMorning(at: number): Date {
  const day = new Date(at)
  day.setUTCHours(10, 0, 0, 0)
  while (day.getUTCDay() === 0 || day.getUTCDay() > 4) {
    day.setUTCDate(day.getUTCDate() + 1)
  }
  return day
}
