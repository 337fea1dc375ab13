// The host app reads these when it boots: notices go to an in-process SMTP server, the collection page is
// on, and a link may be opened 30 times a minute, an address may send 100 requests a minute.
const SMTP_PORT = 2740 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_SELF_SERVICE_SECRET = "self-service-test-secret-of-at-least-32-chars"
process.env.DUNNING_SELF_SERVICE_PER_LINK = "30"
process.env.DUNNING_SELF_SERVICE_PER_ADDRESS = "100"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { signCollectionLink, tokenFingerprint } from "../../src/modules/dunning/domain/collection-link"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { formTokenIn, PageClient, pagePathIn, tokenOf } from "../helpers/collection-page"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, placeOrder, PAY_LATER, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(240_000)

const DAY = 86_400_000
const SECRET = process.env.DUNNING_SELF_SERVICE_SECRET!

/**
 * The customer's collection page through the real app: the link in the e-mail the SMTP peer receives,
 * what the page shows and how it protects itself (one answer for every link that does not work, form
 * tokens, Origin, double submits, rate limits, headers), the customer's answers and what they do to the
 * schedule, and paying through Medusa's payment module. The page acts at the wall clock; runs travel.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    const smtp = new SmtpPeer(SMTP_PORT)
    const page = new PageClient(api as any)
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const day = (offset: number) => new Date(Date.now() + offset * DAY)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      const { data } = await api.get("/admin/dunning/policies", admin)
      // notices go out whenever the test runs
      await api.post(`/admin/dunning/policies/${data.policies[0].id}`, { send_days: [1, 2, 3, 4, 5, 6, 7], send_hour_start: 0, send_hour_end: 24 }, admin)
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    const customerWithInvoices = async (email: string, company: string, invoices: Array<{ number: string; amount: string; due: number }>) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: company })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], rep_user_id: admin.userId, terms_days: 30 }, admin)
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customer.id,
            number: i.number,
            external_ref: `${email}:${i.number}`,
            currency_code: "eur",
            amount: i.amount,
            issued_at: day(i.due - 30).toISOString(),
            due_at: day(i.due).toISOString(),
          })),
        },
        admin
      )
      return { customer, ids: data.receivables.map((r: any) => r.id) as string[] }
    }

    /** Runs dunning for the customer at `at` and delivers; returns the notices the customer's billing address received then. */
    const remind = async (customerId: string, email: string, at: Date) => {
      smtp.messages = []
      await runDunningWorkflow(getContainer()).run({ input: { now: at.toISOString(), customer_ids: [customerId] } })
      await deliverNoticesWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
      return smtp.messages.filter((m) => m.envelope.to.includes(`ap.${email}`))
    }

    it("opens the page from the link in the e-mail: the customer's open invoices, escaped, with strict headers; the notice keeps no token", async () => {
      const { customer, ids } = await customerWithInvoices("northwind@test.dev", "<script>alert(1)</script> & Söhne", [
        { number: "NW-1", amount: "1250.50", due: -20 },
        { number: "NW-2", amount: "300.00", due: -10 },
      ])
      const [mail] = await remind(customer.id, "northwind@test.dev", new Date())
      const path = pagePathIn(String(mail.html))
      expect(String(mail.text)).toContain(path)

      const res = await page.open(path)
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toMatch(/^text\/html; charset=utf-8/)
      expect(res.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/)
      expect(res.headers).toMatchObject({ "x-frame-options": "DENY", "referrer-policy": "no-referrer", "cache-control": "no-store", "x-content-type-options": "nosniff" })
      const html: string = res.data
      expect(html).not.toContain("<script")
      expect(html).toContain("Open invoices of &lt;script&gt;alert(1)&lt;/script&gt; &amp; Söhne")
      expect(html).toContain("You owe: <strong>€1,550.50</strong>")
      expect(html).toMatch(/<td data-label="Invoice">NW-1<\/td>.*20 days overdue.*€1,250\.50/)
      expect(html).toContain(`<a href="${path}/dispute?receivable=${ids[0]}" aria-label="Dispute NW-1">`)
      expect(html).toContain('<label for="promised_date">Payment date</label>')

      // the statement the notice attaches, as a download
      const csv = await page.open(`${path}/statement`)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="open-invoices-\d{4}-\d{2}-\d{2}\.csv"$/)
      expect(String(csv.data).split("\r\n")).toEqual(
        expect.arrayContaining([expect.stringMatching(/^NW-1,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},20,EUR,1250\.50?,0,1250\.50?$/), expect.stringMatching(/^Total EUR,,,,EUR,,,1550\.50?$/)])
      )

      // sent, never stored: the notice keeps the link's fingerprint instead of its token
      const [notice] = await dunning().listNotices({ customer_id: customer.id })
      const token = tokenOf(path)
      expect(notice.body_html).not.toContain(token)
      expect(notice.body_text).not.toContain(token)
      expect(notice.body_html).toContain(`/dunning/c/redacted-${tokenFingerprint(token)}`)
    })

    it("records a promise and a dispute as the customer's, holds the right invoices and sends no reminder until the promise ends", async () => {
      const { customer, ids } = await customerWithInvoices("contoso@test.dev", "Contoso Cafés", [
        { number: "CC-1", amount: "800.00", due: -20 },
        { number: "CC-2", amount: "200.00", due: -15 },
      ])
      const [mail] = await remind(customer.id, "contoso@test.dev", new Date())
      const path = pagePathIn(String(mail.html))
      const promisedDate = day(10).toISOString().slice(0, 10)

      const form = formTokenIn((await page.open(path)).data)
      const promised = await page.submit(`${path}/promise`, { form_token: form, promised_date: promisedDate, promised_amount: "1000", promised_currency_code: "eur", note: "Paying after our month end" })
      expect(promised.status).toBe(200)
      expect(promised.data).toContain("Thank you. We have noted that you will pay by")

      const disputeForm = await page.open(`${path}/dispute?receivable=${ids[1]}`)
      expect(disputeForm.data).toContain("Dispute invoice CC-2")
      const disputed = await page.submit(`${path}/dispute`, { form_token: formTokenIn(disputeForm.data), receivable_id: ids[1], reason: "Two cases arrived broken <b>x</b>" })
      expect(disputed.status).toBe(200)
      expect(disputed.data).toContain("We have noted your dispute of invoice CC-2")

      const events = await dunning().listCollectionEvents({ customer_id: customer.id, author_type: "customer" }, { order: { occurred_at: "ASC" } })
      expect(events.map((e: any) => [e.type, e.author_type, e.author_id, e.follow_up_status, e.assigned_to, e.metadata])).toEqual([
        ["promise_to_pay", "customer", customer.id, "open", admin.userId, { answered_via: "collection_page" }],
        ["dispute_opened", "customer", customer.id, "open", admin.userId, { answered_via: "collection_page" }],
      ])
      const promise: any = events[0]
      expect(promise).toMatchObject({ title: `Promise to pay by ${promisedDate}`, note: "Paying after our month end", promised_currency_code: "eur" })
      expect(Number(promise.promised_amount)).toBe(1000)
      expect(new Date(promise.follow_up_due_at).toISOString().slice(0, 10)).toBe(new Date(Date.parse(promisedDate) + 2 * DAY).toISOString().slice(0, 10))
      expect(events[1].note).toBe("Two cases arrived broken <b>x</b>")

      const held = await dunning().listReceivables({ id: ids }, { order: { number: "ASC" } })
      expect(held.map((r: any) => r.hold_reason)).toEqual([`promise_to_pay:${promise.id}`, `dispute:${events[1].id}`])
      // the page says so, escaped
      const after = (await page.open(path)).data
      expect(after).toContain("payment promised by")
      expect(after).toContain(">disputed<")

      // no reminder while the promise holds; after it, one for the undisputed invoice only
      expect(await remind(customer.id, "contoso@test.dev", day(7))).toEqual([])
      const later = await remind(customer.id, "contoso@test.dev", day(14))
      expect(later).toHaveLength(1)
      expect(String(later[0].html)).toContain("CC-1")
      expect(String(later[0].html)).not.toContain("CC-2")
    })

    it("answers an expired, revoked, tampered, foreign-key and other customer's link with the same page, and nothing else", async () => {
      const { customer, ids } = await customerWithInvoices("fabrikam@test.dev", "Fabrikam", [{ number: "FB-1", amount: "90.00", due: -20 }])
      const { customer: other, ids: otherIds } = await customerWithInvoices("litware@test.dev", "Litware", [{ number: "LW-1", amount: "40.00", due: -20 }])
      const [mail] = await remind(customer.id, "fabrikam@test.dev", new Date())
      const path = pagePathIn(String(mail.html))
      const token = tokenOf(path)
      expect((await page.open(path)).status).toBe(200)

      const expired = dunning().issueCollectionLink({ customer_id: customer.id, link_version: 0, now: day(-31) })!.token
      const foreignKey = signCollectionLink({ customer_id: customer.id, expires_at: day(10), version: 0 }, `${SECRET}-but-another-one`)
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1)
      const refused = [
        await page.open(`/dunning/c/${expired}`),
        await page.open(`/dunning/c/${flip(token, 5)}`),
        await page.open(`/dunning/c/${flip(token, token.length - 3)}`),
        await page.open(`/dunning/c/${foreignKey}`),
        await page.open(`/dunning/c/not-a-token`),
        // the customer's own link, asking for another customer's invoice
        await page.open(`${path}/dispute?receivable=${otherIds[0]}`),
        await page.open(`${path}/pay?receivable=${otherIds[0]}`),
      ]
      const revoke = await api.post(`/admin/customers/${customer.id}/collection-links/revoke`, {}, admin)
      expect(revoke.data.collection_links).toMatchObject({ enabled: true, link_version: 1, active: false })
      refused.push(await page.open(path))
      expect(refused.map((r) => r.status)).toEqual(Array(refused.length).fill(404))
      // one page for all, that says nothing about which check failed
      expect(new Set(refused.map((r) => r.data)).size).toBe(1)
      expect(refused[0].data).toContain("This link does not work")
      expect(refused[0].headers["content-security-policy"]).toContain("frame-ancestors 'none'")

      // a form sent with a revoked link changes nothing either
      const before = await dunning().listCollectionEvents({ customer_id: [customer.id, other.id], author_type: "customer" })
      const sent = await page.submit(`${path}/dispute`, { form_token: "x.y", receivable_id: ids[0], reason: "no" })
      expect([sent.status, sent.data]).toEqual([404, refused[0].data])
      expect(await dunning().listCollectionEvents({ customer_id: [customer.id, other.id], author_type: "customer" })).toEqual(before)
      const history = await api.get(`/admin/customers/${customer.id}/collection-events?type=note`, admin)
      expect(history.data.collection_events.map((e: any) => [e.title, e.author_id])).toEqual([["Collection page links revoked", admin.userId]])

      // the next notice carries a working link
      const [next] = await remind(customer.id, "fabrikam@test.dev", day(8))
      const nextPath = pagePathIn(String(next.html))
      expect(nextPath).not.toBe(path)
      expect((await page.open(nextPath)).status).toBe(200)
    })

    it("refuses a form without this link's form token or from another site, and records a form sent twice once", async () => {
      const { customer, ids } = await customerWithInvoices("tailspin@test.dev", "Tailspin", [{ number: "TS-1", amount: "100.00", due: -20 }])
      const { customer: other } = await customerWithInvoices("wingtip@test.dev", "Wingtip", [{ number: "WT-1", amount: "10.00", due: -20 }])
      const path = `/dunning/c/${dunning().issueCollectionLink({ customer_id: customer.id, link_version: 0, now: new Date() })!.token}`
      const otherPath = `/dunning/c/${dunning().issueCollectionLink({ customer_id: other.id, link_version: 0, now: new Date() })!.token}`
      const form = formTokenIn((await page.open(path)).data)
      const promise = { promised_date: day(5).toISOString().slice(0, 10) }
      const forbidden = [
        await page.submit(`${path}/promise`, promise),
        await page.submit(`${path}/promise`, { ...promise, form_token: formTokenIn((await page.open(otherPath)).data) }),
        await page.submit(`${path}/promise`, { ...promise, form_token: `${form}x` }),
        await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: "https://evil.example" }),
        await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: "null" }),
        await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: "null", site: "cross-site" }),
        await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: null, site: "same-site" }),
        await page.submit(`${path}/promise`, { ...promise, form_token: form }, { site: "cross-site" }),
      ]
      expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403])
      expect(forbidden[0].data).toContain("This form has expired or did not come from this page")
      expect(await dunning().listCollectionEvents({ customer_id: customer.id, author_type: "customer" })).toEqual([])

      // bad input: 400 naming the field, nothing written
      const bad = [
        await page.submit(`${path}/promise`, { form_token: form, promised_date: day(60).toISOString().slice(0, 10) }),
        await page.submit(`${path}/promise`, { form_token: form, promised_date: "soon" }),
        await page.submit(`${path}/promise`, { form_token: form, ...promise, promised_amount: "100.001", promised_currency_code: "eur" }),
        await page.submit(`${path}/promise`, { form_token: form, ...promise, colour: "red" }),
        await page.submit(`${path}/dispute`, { form_token: form, receivable_id: ids[0], reason: "x".repeat(1001) }),
      ]
      expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400])
      expect(bad.map((r) => /Please check your entry: (\w+)/.exec(r.data)?.[1])).toEqual(["promised_date", "promised_date", "promised_amount", "unknown", "reason"])
      expect(bad[3].data).toContain("&#39;colour&#39;")
      expect(await dunning().listCollectionEvents({ customer_id: customer.id, author_type: "customer" })).toEqual([])

      // the same form twice (a double click, the back button): one promise, the same confirmation. The first
      // comes as Chromium sends the page's forms under `Referrer-Policy: no-referrer`: `Origin: null`, vouched
      // for by `Sec-Fetch-Site: same-origin`
      const first = await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: "null", site: "same-origin" })
      const second = await page.submit(`${path}/promise`, { ...promise, form_token: form }, { origin: null })
      expect([first.status, second.status]).toEqual([200, 200])
      expect(second.data).toBe(first.data)
      const disputeToken = formTokenIn((await page.open(`${path}/dispute?receivable=${ids[0]}`)).data)
      const dispute = { form_token: disputeToken, receivable_id: ids[0], reason: "Wrong price" }
      await Promise.all([page.submit(`${path}/dispute`, dispute), page.submit(`${path}/dispute`, dispute)])
      const events = await dunning().listCollectionEvents({ customer_id: customer.id, author_type: "customer" })
      expect(events.map((e: any) => e.type).sort()).toEqual(["dispute_opened", "promise_to_pay"])
    })

    it("limits requests per link and per client address, and says when to come back", async () => {
      const { customer } = await customerWithInvoices("adatum@test.dev", "Adatum", [{ number: "AD-1", amount: "10.00", due: -5 }])
      const path = `/dunning/c/${dunning().issueCollectionLink({ customer_id: customer.id, link_version: 0, now: new Date() })!.token}`
      const perLink = []
      for (let i = 0; i < 31; i++) {
        perLink.push((await page.open(path)).status)
      }
      expect(perLink).toEqual([...Array(30).fill(200), 429])
      const limited = await page.open(path)
      expect(limited.status).toBe(429)
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)
      expect(limited.headers["cache-control"]).toBe("no-store")

      // one address trying link after link is stopped, whatever the links
      const guesses = []
      for (let i = 0; i < 101; i++) {
        guesses.push((await page.open(`/dunning/c/guess-${i}.${"A".repeat(43)}`, "203.0.113.9")).status)
      }
      expect(guesses).toEqual([...Array(100).fill(404), 429])
    })

    it("pays an order's invoice through the system provider; captured in the admin, it is paid and no reminder follows", async () => {
      // about the reminders alone: the invoice e-mails of its orders (on by default) are switched off
      const policies = (await api.get("/admin/dunning/policies", admin)).data.policies
      await api.post(`/admin/dunning/policies/${policies.find((p: any) => p.is_default).id}`, { send_invoice_on_issue: false }, admin)
      const { customer } = await createBusinessCustomer(getContainer(), { email: "buyer@proseware.test", company_name: "Proseware" })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: ["ap@proseware.test"], terms_days: 30 }, admin)
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: "buyer@proseware.test", quantity: 2, provider: PAY_LATER })
      const [receivable] = await dunning().listReceivables({ order_id: order.id })
      expect(receivable).toMatchObject({ status: "open" })
      const path = `/dunning/c/${dunning().issueCollectionLink({ customer_id: customer.id, link_version: 0, now: new Date() })!.token}`
      expect((await page.open(path)).data).toContain(`<a href="${path}/pay?receivable=${receivable.id}" aria-label="Pay ${receivable.number}">`)

      const payForm = await page.open(`${path}/pay?receivable=${receivable.id}`)
      expect(payForm.data).toContain("Pay with: Bank transfer or invoice")
      const fields = { form_token: formTokenIn(payForm.data), receivable: receivable.id, provider_id: PAY_LATER }
      const paid = await page.submit(`${path}/pay`, fields)
      expect(paid.status).toBe(200)
      expect(paid.data).toContain("Your payment is registered")
      // paying again makes no second payment
      expect((await page.submit(`${path}/pay`, fields)).data).toBe(paid.data)

      const query = getContainer().resolve("query")
      const { data: [withPayments] } = await query.graph({
        entity: "order",
        fields: ["payment_collections.status", "payment_collections.metadata", "payment_collections.amount", "payment_collections.payments.id"],
        filters: { id: order.id },
      })
      const ours = (withPayments as any).payment_collections.filter((c: any) => c.metadata?.dunning_receivable_id === receivable.id)
      expect(ours.map((c: any) => [c.status, Number(c.amount), c.payments.length])).toEqual([["authorized", 251, 1]])

      const captured = TestEventUtils.waitSubscribersExecution("payment.captured", getContainer().resolve(Modules.EVENT_BUS))
      await api.post(`/admin/payments/${ours[0].payments[0].id}/capture`, {}, admin)
      await captured
      const [after] = await dunning().listReceivables({ id: receivable.id })
      expect(after).toMatchObject({ status: "paid" })
      await remind(customer.id, "proseware.test", day(45))
      expect(smtp.messages).toEqual([])
      expect(await dunning().listNotices({ customer_id: customer.id })).toEqual([])
    })
  },
})
