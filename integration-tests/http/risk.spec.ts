import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import dunningRiskJob, { RISK_LEASE } from "../../src/jobs/dunning-risk"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { refreshRiskScoresWorkflow } from "../../src/workflows/risk/workflows/refresh-risk-scores"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { seedTwoHistories } from "../helpers/risk-histories"

jest.setTimeout(240_000)

/*
 * Two customers with a year of history, told in the order it happened (each request at its own `now`):
 *
 *  Prompt Foods  P-1..P-4 1000 EUR each, paid on or before their due dates (31 Jan, 1 Mar, 31 Mar, 30 Apr);
 *                P-5 2000 EUR issued 10 Apr, due 10 May, unpaid
 *  Slow Trading  S-1..S-4 1000 EUR each, each paid 30 days after its due date (2 Mar, 2 Apr, 30 Apr, 31 May);
 *                S-5 1500 EUR issued 15 Apr, due 15 May, unpaid; on 20 May a promise to pay it by 25 May
 *                (broken from 27 May, when the promise's hold ends)
 *
 * The nightly job scores both on 1 June at 02:40 (default weights and bands, see docs/risk.md):
 *  Prompt: 2000 overdue against 6000 invoiced over 4.96 months = 1.65 months of purchases → 20 × 1.65/2 = 16.5,
 *          nothing else: 17, low
 *  Slow:   30 days late (25), none on time (15), one broken promise (7.5), 1500 overdue against 5500 over
 *          4.96 months = 1.35 months (13.5): 61, medium
 * A second promise, made on 1 June for 5 June and broken from 7 June, takes Slow to 70 (high) on 15 June.
 */
const NOW1 = "2026-06-01T02:40:00.000Z"
const NOW2 = "2026-06-15T02:40:00.000Z"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let prompt: string
    let slow: string
    let ids: Record<string, string> = {}
    let pay: Awaited<ReturnType<typeof seedTwoHistories>>["pay"]
    let promise: Awaited<ReturnType<typeof seedTwoHistories>>["promise"]
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const get = async (url: string) => (await api.get(url, admin)).data

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      const history = await seedTwoHistories(api as any, admin, getContainer(), NOW1)
      prompt = history.prompt
      slow = history.slow
      ids = history.ids
      pay = history.pay
      promise = history.promise
      const nightly = await dunningRiskJob(getContainer(), { scheduledFor: new Date(NOW1) })
      expect(nightly).toMatchObject({ skipped: false, customers: 2, batches: 1, band_changes: 0 })
    })

    it("scores two customers with different histories into different bands, each factor with its value and contribution", async () => {
      const good = (await get(`/admin/customers/${prompt}/collection-summary?now=${NOW1}`)).collection_summary.risk
      expect(good).toMatchObject({ score: 17, band: "low", settled_invoices: 4, computed_at: NOW1 })
      expect(good.top_factors).toEqual([{ key: "overdue", value: 1.65, contribution: 16.5 }])

      const bad = (await get(`/admin/customers/${slow}/collection-summary?now=${NOW1}`)).collection_summary.risk
      expect(bad).toMatchObject({ score: 61, band: "medium", settled_invoices: 4, computed_at: NOW1 })
      expect(bad.factors).toEqual([
        { key: "days_late", value: 30, contribution: 25 },
        { key: "on_time", value: 0, contribution: 15 },
        { key: "broken_promises", value: 1, contribution: 7.5 },
        { key: "disputes", value: 0, contribution: 0 },
        { key: "overdue", value: 1.35, contribution: 13.5 },
        { key: "bounced_contacts", value: 0, contribution: 0 },
        // every invoice settled in the last three months: nothing to compare with yet
        { key: "trend", value: null, contribution: 0 },
      ])
      expect(bad.top_factors.map((f: any) => f.key)).toEqual(["days_late", "on_time", "overdue"])

      // the move out of "new" came with the third settled invoice, each at the moment of its payment
      const history = await get(`/admin/customers/${slow}/risk`)
      expect(history).toMatchObject({ risk: { score: 61, band: "medium", band_since: "2026-04-30T10:00:00.000Z" }, count: 1, limit: 20, offset: 0 })
      expect(history.changes).toEqual([
        expect.objectContaining({
          from_band: "new",
          to_band: "medium",
          // on 2 April: 1000 of 4000 invoiced over three months overdue (7.5) on top of 40
          from_score: 48,
          to_score: 40,
          factor: null,
          reason: "enough history: 3 invoices settled in 12 months; weighs most: pays 30 days late on average",
          changed_at: "2026-04-30T10:00:00.000Z",
        }),
      ])
      expect((await get(`/admin/customers/${prompt}/risk`)).changes.map((c: any) => [c.from_band, c.to_band, c.reason])).toEqual([
        ["new", "low", "enough history: 3 invoices settled in 12 months"],
      ])
    })

    it("records the change of band with its reason after a second broken promise", async () => {
      await promise(slow, { promised_date: "2026-06-05", now: "2026-06-01T09:00:00.000Z" })
      // made, not broken yet: still medium, scored at the moment of the promise
      expect((await get(`/admin/customers/${slow}/risk`)).risk).toMatchObject({ band: "medium", computed_at: "2026-06-01T09:00:00.000Z" })

      const nightly = await dunningRiskJob(getContainer(), { scheduledFor: new Date(NOW2) })
      expect(nightly).toMatchObject({ skipped: false, customers: 2, band_changes: 1 })
      const { risk, changes, count } = await get(`/admin/customers/${slow}/risk?limit=1`)
      expect(risk).toMatchObject({ score: 70, band: "high", band_since: NOW2, computed_at: NOW2 })
      expect(risk.factors.find((f: any) => f.key === "broken_promises")).toEqual({ key: "broken_promises", value: 2, contribution: 15 })
      expect(count).toBe(2)
      expect(changes).toEqual([
        {
          id: expect.stringMatching(/^crskc_/),
          from_band: "medium",
          to_band: "high",
          from_score: 61,
          to_score: 70,
          factor: "broken_promises",
          reason: "second broken promise",
          factors: risk.factors,
          changed_at: NOW2,
        },
      ])
      expect((await get(`/admin/customers/${prompt}/risk`)).risk).toMatchObject({ band: "low", computed_at: NOW2 })
    })

    it("scores a customer again at once on a notice that could not be delivered, a dispute and a payment", async () => {
      // Slow Trading has no billing e-mail: the notice about S-5 fails, and counts
      const { data } = await api.get("/admin/dunning/policies", admin)
      await api.post(`/admin/dunning/policies/${data.policies[0].id}`, { channels: ["email"] }, admin)
      await runDunningWorkflow(getContainer()).run({ input: { now: "2026-06-02T09:00:00.000Z", customer_ids: [slow] } })
      await deliverNoticesWorkflow(getContainer()).run({ input: { now: "2026-06-02T09:00:00.000Z" } })
      expect((await dunning().listNotices({ customer_id: slow })).map((n) => n.status)).toEqual(["failed"])
      let risk = (await get(`/admin/customers/${slow}/risk`)).risk
      expect(risk.computed_at).toBe("2026-06-02T09:00:00.000Z")
      // 5 × 1/3
      expect(risk.factors.find((f: any) => f.key === "bounced_contacts")).toEqual({ key: "bounced_contacts", value: 1, contribution: 1.7 })

      await api.post(
        `/admin/customers/${slow}/collection-events`,
        { type: "dispute_opened", receivable_ids: [ids["S-5"]], note: "Short delivery", now: "2026-06-03T08:00:00.000Z" },
        admin
      )
      risk = (await get(`/admin/customers/${slow}/risk`)).risk
      expect(risk.computed_at).toBe("2026-06-03T08:00:00.000Z")
      // 10 × 1/3
      expect(risk.factors.find((f: any) => f.key === "disputes")).toEqual({ key: "disputes", value: 1, contribution: 3.3 })

      await pay("S-5", 1500, "2026-06-04T10:00:00.000Z")
      risk = (await get(`/admin/customers/${slow}/risk`)).risk
      expect(risk.computed_at).toBe("2026-06-04T10:00:00.000Z")
      expect(risk.factors.find((f: any) => f.key === "overdue")).toEqual({ key: "overdue", value: 0, contribution: 0 })
      // a note changes nothing the score reads: no new computation
      await api.post(`/admin/customers/${slow}/collection-events`, { type: "note", note: "Thanked them", now: "2026-06-05T10:00:00.000Z" }, admin)
      expect((await get(`/admin/customers/${slow}/risk`)).risk.computed_at).toBe("2026-06-04T10:00:00.000Z")
    })

    it("sorts the call list by risk × amount overdue and filters the overdue list by risk band", async () => {
      const byAmount = (await get(`/admin/dunning/follow-ups?now=${NOW1}`)).follow_ups
      expect(byAmount.map((f: any) => f.customer_id)).toEqual([prompt, slow])
      // 61 × 1500 before 17 × 2000
      const byRisk = (await get(`/admin/dunning/follow-ups?now=${NOW1}&order=risk`)).follow_ups
      expect(byRisk.map((f: any) => [f.customer_id, f.risk])).toEqual([
        [slow, { score: 61, band: "medium" }],
        [prompt, { score: 17, band: "low" }],
      ])

      const overdue = async (query: string) => (await get(`/admin/dunning/overdue?now=${NOW1}${query}`)).receivables.map((r: any) => r.number)
      expect(await overdue("")).toEqual(["P-5", "S-5"])
      expect(await overdue("&risk_band=medium")).toEqual(["S-5"])
      expect(await overdue("&risk_band=low,high")).toEqual(["P-5"])
      expect(await overdue("&risk_band=new")).toEqual([])
      expect((await get(`/admin/dunning/overdue?now=${NOW1}&risk_band=medium`)).receivables[0].risk).toEqual({ score: 61, band: "medium" })
    })

    it("steps the nightly job aside while another worker holds its lease, and stops scoring once the lease is lost", async () => {
      await dunning().acquireLease({ name: RISK_LEASE, holder: "another-worker", until: new Date(Date.now() + 60_000), now: new Date() })
      expect(await dunningRiskJob(getContainer(), { scheduledFor: new Date(NOW2) })).toEqual({ skipped: true })
      // a scoring whose lease another worker took over meanwhile scores no further batch
      const lease = { name: RISK_LEASE, holder: "overtaken-worker", ttl_ms: 60_000 }
      const { result } = await refreshRiskScoresWorkflow(getContainer()).run({ input: { now: NOW2, lease } })
      expect(result).toEqual({ customers: 0, batches: 0, band_changes: 0, stopped: "lease_lost" })
      expect((await get(`/admin/customers/${slow}/risk`)).risk.computed_at).toBe(NOW1)
    })

    it("answers 400 naming the parameter, and 404 for an unknown customer", async () => {
      for (const [url, field] of [
        [`/admin/dunning/overdue?risk_band=purple`, "risk_band"],
        [`/admin/dunning/follow-ups?order=riskiest`, "order"],
        [`/admin/customers/${slow}/risk?limit=0`, "limit"],
        [`/admin/customers/${slow}/risk?band=high`, "band"],
      ]) {
        const body = await expectStatus(api.get(url, admin), 400, url)
        expect(body.message).toContain(field)
      }
      const body = await expectStatus(api.get("/admin/customers/cus_unknown/risk", admin), 404)
      expect(body.message).toContain("cus_unknown")
    })
  },
})
