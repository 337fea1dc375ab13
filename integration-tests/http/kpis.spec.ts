import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(180_000)

/*
 * A history seeded through the admin API, then read back through the three analytics endpoints.
 * KPI period [2026-01-01, 2026-05-01) = 120 days; "now" 2026-05-15T12:00Z; EUR unless said.
 *
 *  Northwind (group "Distributors")
 *   A  1000  issued 01-05  due 02-04  300 paid 01-20, 700 paid 02-10 → 36 days to pay, 6 late
 *   B   600  issued 02-02  due 03-04  paid 03-02 → 28 days, on time
 *   C   400  issued 03-02  due 04-01  overdue notices 04-06 and 04-13 (stage +5, repeating), disputed 04-09,
 *                                     promise 04-08 to pay by 04-14, paid 04-15 → 44 days, 14 late
 *   D   200 USD issued 03-16 due 04-15 paid exactly at 05-01T00:00 (= to) → 46 days, 16 late
 *   H   150  issued 05-10  due 06-09  open, current
 *  Contoso
 *   E   500  issued 01-12  due 02-11  voided 02-20
 *   F   300  issued 04-06  due 05-06  overdue notice 05-11, promise 05-08 to pay by 05-12, 100 paid 05-12
 *   G   250  issued 01-20  due 02-19  written off 04-20
 *   J    80 USD issued 05-02 due 05-14  open, 1 day overdue on 05-15
 */
const NOW = "2026-05-15T12:00:00.000Z"
const PERIOD = "from=2026-01-01&to=2026-05-01"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let northwind: string
    let contoso: string
    let distributors: string
    const rcv: Record<string, string> = {}

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const get = async (url: string) => (await api.get(url, admin)).data

    beforeAll(async () => {
      const container = getContainer()
      admin = await createAdminSession(container)
      // the scheduled jobs act at the wall clock: keep them out of this simulated past
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE]) {
        await dunning().acquireLease({ name, holder: "kpis-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
      const nw = await createBusinessCustomer(container, {
        email: "ap@northwind.test",
        company_name: "Northwind",
        group: { name: "Distributors" },
        profile: { billing_emails: ["ap@northwind.test"] },
      })
      northwind = nw.customer.id
      distributors = nw.groupId!
      contoso = (await createBusinessCustomer(container, { email: "ap@contoso.test", company_name: "Contoso", profile: { billing_emails: ["ap@contoso.test"] } })).customer.id

      const invoice = async (key: string, customer_id: string, amount: number, issued_at: string, due_at: string, currency_code = "eur") => {
        const { data } = await api.post(
          "/admin/dunning/receivables",
          { customer_id, number: key, external_ref: key, currency_code, amount, issued_at, due_at },
          admin
        )
        rcv[key] = data.receivable.id
      }
      const pay = (key: string, amount: number, paid_at: string) =>
        api.post(`/admin/dunning/receivables/${rcv[key]}/payments`, { amount, paid_at, external_ref: `${key}-${paid_at}` }, admin)
      // the lease above keeps the admin's runs out too (they share it with the schedule): the history's runs
      // go through the run workflow itself
      const run = (now: string) => runDunningWorkflow(container).run({ input: { now, trigger: "manual" } })
      const deliver = (now: string) => deliverNoticesWorkflow(container).run({ input: { now } })
      const event = (customerId: string, body: Record<string, unknown>) =>
        api.post(`/admin/customers/${customerId}/collection-events`, body, admin)

      await invoice("A", northwind, 1000, "2026-01-05", "2026-02-04")
      await invoice("B", northwind, 600, "2026-02-02", "2026-03-04")
      await invoice("C", northwind, 400, "2026-03-02", "2026-04-01")
      await invoice("D", northwind, 200, "2026-03-16", "2026-04-15", "usd")
      await invoice("H", northwind, 150, "2026-05-10", "2026-06-09")
      await invoice("E", contoso, 500, "2026-01-12", "2026-02-11")
      await invoice("F", contoso, 300, "2026-04-06", "2026-05-06")
      await invoice("G", contoso, 250, "2026-01-20", "2026-02-19")

      await pay("A", 300, "2026-01-20T10:00:00Z")
      await pay("A", 700, "2026-02-10T10:00:00Z")
      await pay("B", 600, "2026-03-02T10:00:00Z")
      await pay("D", 200, "2026-05-01T00:00:00Z")
      await api.post(`/admin/dunning/receivables/${rcv.E}`, { status: "void", status_reason: "order cancelled", now: "2026-02-20T10:00:00Z" }, admin)
      await api.post(`/admin/dunning/receivables/${rcv.G}`, { status: "written_off", status_reason: "insolvent", now: "2026-04-20T10:00:00Z" }, admin)

      // only C, F and H are open: C is 5 days overdue on Monday 04-06 and repeats a week later
      await run("2026-04-06T09:00:00.000Z")
      await deliver("2026-04-06T09:00:00.000Z")
      await run("2026-04-13T09:00:00.000Z")
      await deliver("2026-04-13T09:00:00.000Z")
      await event(northwind, { type: "promise_to_pay", promised_date: "2026-04-14", receivable_ids: [rcv.C], now: "2026-04-08T10:00:00.000Z" })
      await event(northwind, { type: "dispute_opened", receivable_ids: [rcv.C], note: "short delivery", now: "2026-04-09T10:00:00.000Z" })
      await pay("C", 400, "2026-04-15T10:00:00Z")
      // F is 5 days overdue on Monday 05-11
      await run("2026-05-11T09:00:00.000Z")
      await deliver("2026-05-11T09:00:00.000Z")
      await invoice("J", contoso, 80, "2026-05-02", "2026-05-14", "usd")
      await event(contoso, { type: "promise_to_pay", promised_date: "2026-05-12", now: "2026-05-08T10:00:00.000Z" })
      await pay("F", 100, "2026-05-12T10:00:00Z")
    })

    it("recorded the notices the history expects", async () => {
      const sent = await dunning().listNotices({ status: "sent" }, { order: { sent_at: "ASC" }, take: null })
      expect(sent.map((n) => [n.customer_id, n.stage_name, (n.receivable_ids as string[]).join(), n.sent_at?.toISOString()])).toEqual([
        [northwind, "Notification of Overdue Invoices", rcv.C, "2026-04-06T09:00:00.000Z"],
        [northwind, "Notification of Overdue Invoices", rcv.C, "2026-04-13T09:00:00.000Z"],
        [contoso, "Notification of Overdue Invoices", rcv.F, "2026-05-11T09:00:00.000Z"],
      ])
    })

    describe("GET /admin/dunning/aging", () => {
      it("ages open balances per currency with the customers who owe most", async () => {
        const { aging } = await get(`/admin/dunning/aging?now=${NOW}`)
        expect(aging.as_of).toBe(NOW)
        expect(aging.bucket_bounds).toEqual([30, 60, 90, 120])
        // EUR: H 150 current; F 300 - 100 = 200, due 05-06: 9 days overdue. USD: J 80, 1 day.
        const [eur, usd] = aging.currencies
        expect(eur.currency_code).toBe("eur")
        expect(eur.total_outstanding).toBe(350)
        expect(eur.buckets.map((b: any) => [b.key, b.amount, b.count])).toEqual([
          ["current", 150, 1],
          ["1-30", 200, 1],
          ["31-60", 0, 0],
          ["61-90", 0, 0],
          ["91-120", 0, 0],
          ["120+", 0, 0],
        ])
        expect(eur.buckets[1]).toMatchObject({ label: expect.any(String), min_days: 1, max_days: 30 })
        expect(eur.top_customers).toEqual([
          {
            customer_id: contoso,
            customer_name: "Jo Buyer",
            company_name: "Contoso",
            email: "ap@contoso.test",
            overdue_amount: 200,
            oldest_days_overdue: 9,
            receivable_count: 1,
          },
        ])
        expect(usd).toMatchObject({ currency_code: "usd", total_outstanding: 80 })
        expect(usd.top_customers[0]).toMatchObject({ customer_id: contoso, overdue_amount: 80, oldest_days_overdue: 1 })
      })

      it("filters by customer group, customer and currency, with custom buckets", async () => {
        const group = (await get(`/admin/dunning/aging?now=${NOW}&customer_group_id=${distributors}`)).aging
        expect(group.currencies.map((c: any) => [c.currency_code, c.total_outstanding, c.top_customers.length])).toEqual([["eur", 150, 0]])

        const custom = (await get(`/admin/dunning/aging?now=${NOW}&customer_id=${contoso}&currency_code=EUR&buckets=7,14&top=1`)).aging
        expect(custom.bucket_bounds).toEqual([7, 14])
        expect(custom.currencies).toHaveLength(1)
        expect(custom.currencies[0].buckets.map((b: any) => [b.key, b.amount])).toEqual([
          ["current", 0],
          ["1-7", 0],
          ["8-14", 200],
          ["14+", 0],
        ])
      })

      it("breaks the same balances down per customer group, customers in no group last", async () => {
        const { aging } = await get(`/admin/dunning/aging?now=${NOW}&by=customer_group`)
        const tally = (g: any) => [
          g.customer_group_id,
          g.name,
          g.currencies.map((c: any) => [c.currency_code, c.total_outstanding, c.overdue_amount, c.open_count]),
        ]
        // Northwind (Distributors): H 150 current; Contoso (no group): F 200 and J 80 overdue
        expect(aging.groups.map(tally)).toEqual([
          [distributors, "Distributors", [["eur", 150, 0, 1]]],
          [null, null, [["eur", 200, 200, 1], ["usd", 80, 80, 1]]],
        ])
        expect(aging.groups[1].currencies[0].buckets.map((b: any) => [b.key, b.amount])).toEqual([
          ["current", 0],
          ["1-30", 200],
          ["31-60", 0],
          ["61-90", 0],
          ["91-120", 0],
          ["120+", 0],
        ])
        // the store-wide figures are those of the plain answer, which has no breakdown
        const plain = (await get(`/admin/dunning/aging?now=${NOW}`)).aging
        expect(aging.currencies).toEqual(plain.currencies)
        expect(plain.groups).toBeUndefined()
      })
    })

    describe("GET /admin/dunning/kpis", () => {
      it("computes DSO, collection times, stage rates, promises, disputes and notices per currency", async () => {
        const { kpis } = await get(`/admin/dunning/kpis?${PERIOD}&now=${NOW}`)
        expect(kpis.from).toBe("2026-01-01T00:00:00.000Z")
        expect(kpis.to).toBe("2026-05-01T00:00:00.000Z")
        expect(Object.keys(kpis.formulas)).toEqual(expect.arrayContaining(["dso", "collection_average", "average_days_late", "promises", "dispute_rate"]))
        const [eur, usd] = kpis.currencies

        // credit sales A 1000 + B 600 + C 400 + F 300 + G 250 = 2550 (E voided before `to`);
        // outstanding at 05-01: F 300 (G written off 04-20); DSO = 300 / 2550 × 120 = 14.12
        expect(eur.dso).toEqual({ days: 14.12, receivables_outstanding_at_end: 300, credit_sales: 2550, period_days: 120 })
        expect(eur.dso_trend.slice(-4)).toEqual([
          { month: "2026-01", days: 25.69 }, // (A 700 + E 500 + G 250) / (A + E + G 1750) × 31
          { month: "2026-02", days: 39.67 }, // (B 600 + G 250) / B 600 × 28
          { month: "2026-03", days: 50.38 }, // (C 400 + G 250) / C 400 × 31
          { month: "2026-04", days: 30 }, // F 300 / F 300 × 30
        ])
        expect(eur.dso_trend[0]).toEqual({ month: "2025-05", days: null })
        // paid in the period: A (36, 6 late), B (28, 0), C (44, 14): (36000 + 16800 + 17600) / 2000 = 35.2;
        // (6000 + 5600) / 2000 = 5.8; recovery (6 + 14) / 2 = 10
        expect(eur).toMatchObject({ collection_average_days: 35.2, average_days_late: 5.8, recovery_time_days: 10, paid_count: 3 })
        expect(eur.collection_trend.slice(-3)).toEqual([
          { month: "2026-02", collection_average_days: 36, average_days_late: 6, paid_count: 1 },
          { month: "2026-03", collection_average_days: 28, average_days_late: 0, paid_count: 1 },
          { month: "2026-04", collection_average_days: 44, average_days_late: 14, paid_count: 1 },
        ])
        // C was reminded 04-06 and 04-13 (400 each time) and paid 04-15: within 14 days of both notices
        expect(eur.collection_rate_by_stage).toEqual([
          {
            stage_name: "Notification of Overdue Invoices",
            stage_id: expect.any(String),
            notices: 2,
            receivables: 2,
            amount: 800,
            paid_count: 2,
            paid_amount: 800,
            count_rate: 1,
            amount_rate: 1,
          },
        ])
        // Northwind's promise of 04-08 (C, by 04-14) kept; Contoso's of 05-08 is after the period
        expect(eur.promises).toEqual({ made: 1, kept: 1, broken: 0, open: 0, kept_rate: 1 })
        // C disputed; issued in the period: A, B, C, E, F, G
        expect(eur.dispute_rate).toBe(0.1667)
        expect(eur.notices_by_channel).toEqual([{ channel: "email", sent: 2, failed: 0, cancelled: 0, scheduled: 0 }])

        // USD: D 200 issued 03-16, its payment at exactly 05-01T00:00 is not before `to`
        expect(usd.dso).toEqual({ days: 120, receivables_outstanding_at_end: 200, credit_sales: 200, period_days: 120 })
        expect(usd.dso_trend.slice(-2)).toEqual([
          { month: "2026-03", days: 31 },
          { month: "2026-04", days: null },
        ])
        expect(usd).toMatchObject({ collection_average_days: null, paid_count: 0, dispute_rate: 0, promises: { made: 0, kept_rate: null } })
      })

      it("narrows to a group and moves the payment at `to` into the next period", async () => {
        // Distributors = Northwind: A + B + C = 2000 sold, nothing outstanding at 05-01
        const group = (await get(`/admin/dunning/kpis?${PERIOD}&now=${NOW}&customer_group_id=${distributors}`)).kpis
        expect(group.currencies.map((c: any) => [c.currency_code, c.dso.days, c.dso.credit_sales])).toEqual([
          ["eur", 0, 2000],
          ["usd", 120, 200],
        ])
        // [05-01, 05-15T12:00): D's payment at 05-01T00:00 is in it
        const may = (await get(`/admin/dunning/kpis?from=2026-05-01&to=${NOW}&now=${NOW}&currency_code=usd`)).kpis
        expect(may.currencies.map((c: any) => [c.currency_code, c.paid_count, c.collection_average_days, c.average_days_late])).toEqual([
          ["usd", 1, 46, 16],
        ])
      })

      it("defaults to the twelve months ending now", async () => {
        const { kpis } = await get(`/admin/dunning/kpis?now=${NOW}`)
        expect(kpis.from).toBe("2025-05-15T12:00:00.000Z")
        expect(kpis.to).toBe(NOW)
        expect(kpis.currencies[0].dso_trend.at(-1).month).toBe("2026-05")
      })
    })

    describe("GET /admin/customers/:id/collection-summary", () => {
      it("sums up Northwind", async () => {
        const { collection_summary: s } = await get(`/admin/customers/${northwind}/collection-summary?now=${NOW}`)
        const h = (await get(`/admin/dunning/receivables/${rcv.H}`)).receivable
        expect(s).toMatchObject({
          customer_id: northwind,
          has_history: true,
          window: { from: "2025-05-15T12:00:00.000Z", to: NOW },
          // A 36, B 28, C 44, D 46 days; late 6, 0, 14, 16; only B on time
          collection_average_days: 38.5,
          average_days_late: 9,
          on_time_rate: 0.25,
          paid_count: 4,
          currencies: [
            { currency_code: "eur", outstanding: 150, overdue: 0, open_count: 1, overdue_count: 0, paid_count: 3, collection_average_days: 35.2, average_days_late: 5.8 },
            { currency_code: "usd", outstanding: 0, overdue: 0, open_count: 0, overdue_count: 0, paid_count: 1, collection_average_days: 46, average_days_late: 16 },
          ],
          oldest_overdue_days: null,
          notices_sent: 2,
          notices_failed: 0,
          promises: { made: 1, kept: 1, broken: 0, open: 0 },
          last_payment_at: "2026-05-01T00:00:00.000Z",
          last_notice_at: "2026-04-13T09:00:00.000Z",
          // H's reminder, 3 days before its due date (Saturday 06-06), waits for Monday's send window
          next_action_at: "2026-06-08T08:00:00.000Z",
        })
        expect(s.next_action_at).toBe(h.next_action_at)
      })

      it("sums up Contoso, with a broken promise", async () => {
        const { collection_summary: s } = await get(`/admin/customers/${contoso}/collection-summary?now=${NOW}`)
        expect(s).toMatchObject({
          has_history: true,
          collection_average_days: null,
          average_days_late: null,
          on_time_rate: null,
          paid_count: 0,
          currencies: [
            { currency_code: "eur", outstanding: 200, overdue: 200, open_count: 1, overdue_count: 1 },
            { currency_code: "usd", outstanding: 80, overdue: 80, open_count: 1, overdue_count: 1 },
          ],
          oldest_overdue_days: 9,
          notices_sent: 1,
          // the promise of 05-08 covered F (EUR) and J (USD), neither paid by 05-14T00:00
          promises: { made: 1, kept: 0, broken: 1, open: 0 },
          last_payment_at: "2026-05-12T10:00:00.000Z",
          last_notice_at: "2026-05-11T09:00:00.000Z",
          // the promise's hold ended 05-14: dunning acts at the next run
          next_action_at: NOW,
        })
      })

      it("answers for a customer without receivables, and 404 for an unknown one", async () => {
        const { customer } = await createBusinessCustomer(getContainer(), { email: "new@fabrikam.test", company_name: "Fabrikam" })
        const { collection_summary: s } = await get(`/admin/customers/${customer.id}/collection-summary?now=${NOW}`)
        expect(s).toMatchObject({ has_history: false, paid_count: 0, currencies: [], last_payment_at: null, next_action_at: null })
        const body = await expectStatus(api.get(`/admin/customers/cus_missing/collection-summary`, admin), 404)
        expect(body.message).toMatch(/cus_missing/)
      })
    })

    describe("validation", () => {
      it("answers 400 naming the field for a bad query", async () => {
        const cases: Array<[string, RegExp]> = [
          ["/admin/dunning/aging?currency_code=eu", /currency_code/],
          ["/admin/dunning/aging?currency_code=xyz", /currency_code/],
          ["/admin/dunning/aging?buckets=60,30", /buckets/],
          ["/admin/dunning/aging?buckets=30,abc", /buckets/],
          ["/admin/dunning/aging?top=-1", /top/],
          ["/admin/dunning/aging?colour=red", /colour/],
          ["/admin/dunning/aging?customer_group_id=cusgroup_missing", /customer_group_id/],
          ["/admin/dunning/aging?by=group", /'customer_group' for field 'by'/],
          ["/admin/dunning/kpis?from=2026-13-01", /from/],
          ["/admin/dunning/kpis?from=2026-05-01&to=2026-01-01", /to: must be after from/],
          ["/admin/dunning/kpis?from=2020-01-01&to=2026-01-01", /from: the period must not be longer than 5 years/],
          [`/admin/dunning/kpis?from=2026-06-01&now=${NOW}`, /to: must be after from/],
          ["/admin/dunning/kpis?paid_within_days=0", /paid_within_days/],
          ["/admin/dunning/kpis?currency_code=EURO", /currency_code/],
          ["/admin/customers/cus_1/collection-summary?now=yesterday", /now/],
          ["/admin/customers/cus_1/collection-summary?limit=5", /limit/],
        ]
        for (const [url, message] of cases) {
          const body = await expectStatus(api.get(url, admin), 400, url)
          expect({ url, message: body.message }).toEqual({ url, message: expect.stringMatching(message) })
        }
      })

      it("answers 401 without an admin session", async () => {
        for (const url of ["/admin/dunning/aging", "/admin/dunning/kpis", "/admin/customers/cus_1/collection-summary"]) {
          await expectStatus(api.get(url), 401, url)
        }
      })
    })
  },
})
