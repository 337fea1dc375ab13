import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(180_000)

// "now" for every request below; whole days overdue count from each due moment (midnight UTC):
// 16 March → 46 days, 1 April → 30 days, 20 April → 11 days.
const NOW = "2026-05-01T09:00:00.000Z"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let alpha: { id: string; groupId: string }
    let beta: { id: string }
    const ids: Record<string, string> = {}
    // the runner restores the database to its state after this file's beforeAll before every test
    let alphaCall: string
    let betaNote: string

    const receivables = async (customerId: string, rows: Array<{ number: string; amount: number; currency_code: string; due_at: string }>) => {
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: rows.map((r) => ({ ...r, customer_id: customerId, external_ref: r.number, issued_at: "2026-02-01" })),
        },
        admin
      )
      for (const r of data.receivables) {
        ids[r.external_ref] = r.id
      }
    }

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      const a = await createBusinessCustomer(getContainer(), { email: "buyer@alpha.test", company_name: "Alpha Distribution", group: { name: "Distributors" } })
      const b = await createBusinessCustomer(getContainer(), { email: "buyer@beta.test", company_name: "Beta Retail" })
      alpha = { id: a.customer.id, groupId: a.groupId! }
      beta = { id: b.customer.id }
      await receivables(alpha.id, [
        { number: "A-1", amount: 1000, currency_code: "eur", due_at: "2026-03-16" },
        { number: "A-2", amount: 500, currency_code: "eur", due_at: "2026-04-20" },
        { number: "A-3", amount: 300, currency_code: "usd", due_at: "2026-03-16" },
        { number: "A-4", amount: 900, currency_code: "eur", due_at: "2026-05-20" },
      ])
      await receivables(beta.id, [{ number: "B-1", amount: 2000, currency_code: "eur", due_at: "2026-04-01" }])
      // partly paid: 250 of A-2 is left, the rest is not overdue money any more
      await api.post(`/admin/dunning/receivables/${ids["A-2"]}/payments`, { amount: 250, external_ref: "bank-1", paid_at: "2026-04-25" }, admin)
      const call = await api.post(
        `/admin/customers/${alpha.id}/collection-events`,
        { type: "call_logged", outcome: "no_answer", occurred_at: "2026-04-25T00:00:00Z", follow_up: true, assigned_to: admin.userId, follow_up_due_at: "2026-05-04" },
        admin
      )
      const note = await api.post(
        `/admin/customers/${beta.id}/collection-events`,
        { type: "note", note: "Asked for a copy of the invoice", occurred_at: "2026-04-28T00:00:00Z", follow_up: true },
        admin
      )
      alphaCall = call.data.collection_event.id
      betaNote = note.data.collection_event.id
      // a closed event is not on the list
      await api.post(`/admin/customers/${alpha.id}/collection-events`, { type: "call_logged", outcome: "reached", occurred_at: "2026-04-20T00:00:00Z" }, admin)
    })

    describe("GET /admin/dunning/overdue", () => {
      const overdue = async (query: string) => (await api.get(`/admin/dunning/overdue?now=${NOW}${query}`, admin)).data

      it("lists overdue invoices across customers, oldest debt first, with days overdue and the customer", async () => {
        const body = await overdue("")
        expect(body.count).toBe(4)
        // share a due date; they come first in either order
        const rows = body.receivables.map((r: any) => [r.number, r.days_overdue, r.outstanding_amount])
        expect(rows.slice(0, 2).sort()).toEqual([
          ["A-1", 46, 1000],
          ["A-3", 46, 300],
        ])
        expect(rows.slice(2)).toEqual([
          ["B-1", 30, 2000],
          ["A-2", 11, 250],
        ])
        expect(body.receivables.find((r: any) => r.number === "A-1")).toMatchObject({
          days_overdue: 46,
          currency_code: "eur",
          customer: { company_name: "Alpha Distribution", email: "buyer@alpha.test" },
          on_hold: false,
        })
        // A-4 is not due yet
        expect(body.receivables.map((r: any) => r.number)).not.toContain("A-4")
      })

      it("filters by customer group, currency, days overdue and page", async () => {
        expect((await overdue(`&customer_group_id=${alpha.groupId}`)).receivables.map((r: any) => r.number).sort()).toEqual(["A-1", "A-2", "A-3"])
        expect((await overdue("&currency_code=USD")).receivables.map((r: any) => r.number)).toEqual(["A-3"])
        expect((await overdue("&min_days_overdue=31")).receivables.map((r: any) => r.number).sort()).toEqual(["A-1", "A-3"])
        expect((await overdue("&min_days_overdue=1&max_days_overdue=30")).receivables.map((r: any) => r.number)).toEqual(["B-1", "A-2"])
        expect((await overdue("&max_days_overdue=29")).receivables.map((r: any) => r.number)).toEqual(["A-2"])
        expect((await overdue("&order=-outstanding&limit=2")).receivables.map((r: any) => r.number)).toEqual(["B-1", "A-1"])
        const page = await overdue("&limit=2&offset=4")
        expect(page).toMatchObject({ receivables: [], count: 4 })
      })

      it("separates held invoices from those being chased", async () => {
        await api.post("/admin/dunning/holds", { customer_id: beta.id, reason: "Credit note on its way", until: "2026-06-01", now: NOW }, admin)
        expect((await overdue("&on_hold=true")).receivables.map((r: any) => [r.number, r.on_hold, r.hold_until])).toEqual([
          ["B-1", true, "2026-06-01T00:00:00.000Z"],
        ])
        expect((await overdue("&on_hold=false")).receivables.map((r: any) => r.number).sort()).toEqual(["A-1", "A-2", "A-3"])
        await api.post("/admin/dunning/holds/release", { customer_id: beta.id, now: NOW }, admin)
        expect((await overdue("&on_hold=true")).count).toBe(0)
      })

      it("counts days overdue in calendar days (UTC), the way the aging and the customer page count them", async () => {
        const g = await createBusinessCustomer(getContainer(), { email: "ap@gamma.test", company_name: "Gamma Foods" })
        // due late yesterday: under 24 hours ago, yet one day overdue; due early today: not overdue yet
        await receivables(g.customer.id, [
          { number: "G-1", amount: 70, currency_code: "eur", due_at: "2026-04-30T22:00:00Z" },
          { number: "G-2", amount: 80, currency_code: "eur", due_at: "2026-05-01T00:30:00Z" },
        ])
        const mine = await overdue(`&customer_id=${g.customer.id}`)
        expect(mine.receivables.map((r: any) => [r.number, r.days_overdue])).toEqual([["G-1", 1]])
        expect((await overdue(`&customer_id=${g.customer.id}&min_days_overdue=1&max_days_overdue=1`)).count).toBe(1)
        expect((await overdue(`&customer_id=${g.customer.id}&min_days_overdue=2`)).count).toBe(0)
        const { aging } = (await api.get(`/admin/dunning/aging?now=${NOW}&customer_id=${g.customer.id}`, admin)).data
        const eur = aging.currencies.find((c: any) => c.currency_code === "eur")
        expect(eur.overdue_amount).toBe(70)
        expect(eur.buckets.map((b: any) => [b.key, b.amount])).toEqual(expect.arrayContaining([["current", 80], ["1-30", 70]]))
      })

      it("answers 400 naming the parameter to fix", async () => {
        const cases: Array<[string, string]> = [
          ["min_days_overdue=40&max_days_overdue=10", "max_days_overdue"],
          ["currency_code=zzz", "currency_code"],
          ["order=amount", "order"],
          ["limit=10000", "limit"],
          ["min_days_overdue=-1", "min_days_overdue"],
          ["colour=red", "colour"],
          ["now=yesterday", "now"],
        ]
        for (const [query, field] of cases) {
          const body = await expectStatus(api.get(`/admin/dunning/overdue?${query}`, admin), 400, query)
          expect(body.message).toContain(field)
        }
      })
    })

    describe("GET /admin/dunning/follow-ups (the call list)", () => {
      const followUps = async (query = "") => (await api.get(`/admin/dunning/follow-ups?now=${NOW}${query}`, admin)).data

      it("lists open follow-ups with what each customer owes past due, largest single-currency debt first", async () => {
        const body = await followUps()
        expect(body.count).toBe(2)
        expect(body.follow_ups.map((f: any) => f.id)).toEqual([betaNote, alphaCall])
        expect(body.follow_ups[1]).toMatchObject({
          customer_id: alpha.id,
          type: "call_logged",
          assigned_to: admin.userId,
          age_days: 6,
          customer: { company_name: "Alpha Distribution" },
          // EUR: 1000 (A-1) + 250; USD: 300; never added across currencies
          overdue: [
            { currency_code: "eur", amount: 1250, oldest_days_overdue: 46 },
            { currency_code: "usd", amount: 300, oldest_days_overdue: 46 },
          ],
        })
        expect(body.follow_ups[0].overdue).toEqual([{ currency_code: "eur", amount: 2000, oldest_days_overdue: 30 }])
      })

      it("filters by assignee and sorts by age", async () => {
        // a rep's own follow-up is theirs until it is handed over
        expect((await followUps("&assigned_to=unassigned")).follow_ups).toEqual([])
        await api.post(`/admin/dunning/events/${betaNote}`, { assigned_to: null }, admin)
        expect((await followUps("&assigned_to=unassigned")).follow_ups.map((f: any) => f.id)).toEqual([betaNote])
        expect((await followUps(`&assigned_to=${admin.userId}`)).follow_ups.map((f: any) => f.id)).toEqual([alphaCall])
        expect((await followUps("&order=age")).follow_ups.map((f: any) => f.id)).toEqual([alphaCall, betaNote])
        expect((await followUps("&order=-age")).follow_ups.map((f: any) => f.id)).toEqual([betaNote, alphaCall])
        expect((await followUps(`&customer_id=${beta.id}`)).follow_ups.map((f: any) => f.id)).toEqual([betaNote])
      })

      it("drops a follow-up once it is done", async () => {
        await api.post(`/admin/dunning/events/${alphaCall}`, { follow_up_status: "done" }, admin)
        expect((await followUps()).follow_ups.map((f: any) => f.id)).toEqual([betaNote])
      })

      it("answers 400 for a bad query", async () => {
        for (const [query, field] of [["order=biggest", "order"], ["type=payment_received", "type"], ["offset=-1", "offset"]]) {
          const body = await expectStatus(api.get(`/admin/dunning/follow-ups?${query}`, admin), 400, query)
          expect(body.message).toContain(field)
        }
      })
    })
  },
})
