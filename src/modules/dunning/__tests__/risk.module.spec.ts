import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import { assessRisk, type RiskFacts } from "../domain/risk"
import { riskDefaults, riskSettings } from "../risk-options"
import DunningModuleService from "../service"
import { readRiskFacts } from "../services/risk/facts"

jest.setTimeout(60_000)

/*
 * Five customers, their facts counted by hand. "now" is 2026-07-15T12:00Z: the window runs from
 * 2025-07-15T12:00Z, the last three months from 2026-04-15T12:00Z. Amounts in EUR unless said.
 *
 *  cus_risk_a  A0  700  issued 2025-05-01 due 2025-05-31, paid 2025-06-10: before the window, counts nowhere
 *              A1 1000  issued 2026-01-01 due 2026-01-31, paid 2026-02-10: 10 days late (earlier)
 *              A2 2000  issued 2026-02-01 due 2026-03-03, paid 2026-03-01: on time (earlier)
 *              A3  500  issued 2026-04-01 due 2026-05-01, paid 2026-05-21: 20 days late (recent)
 *              A4  800  issued 2026-05-01 due 2026-05-31: open, overdue
 *              A5  300  issued 2026-07-01 due 2026-07-31: open, not due
 *              A6  400  issued 2026-03-01: voided, never a purchase
 *              U1  100 USD issued 2026-06-01 due 2026-07-01: open, overdue
 *              a promise for A4 by 2026-06-10 (deadline 06-12): broken; a dispute on 06-05; a notice failed on
 *              06-20 (counts), one failed on 2025-06-01 (before the window), one sent
 *  cus_risk_b  B0..B3 100 each, paid on their due date: four on time, nothing else → low, 0
 *  cus_risk_c  C1 100 paid on time: too little history → new
 *  cus_risk_d  D0..D2 paid early; a promise for D4 by 2026-06-10 kept by paying D4 on 06-11, its due date
 *  cus_risk_e  E0..E2 100 each, paid 30 days late; E3 600 open and overdue
 */
const NOW = new Date("2026-07-15T12:00:00Z")
const LATER = new Date("2026-08-20T12:00:00Z")
const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
// the high band starts at 55 here, so that the bands below are far from their thresholds
const OPTIONS = { risk: { bands: { medium: 35, high: 55 } } }
const SETTINGS = riskSettings({ ...riskDefaults(), ...OPTIONS.risk })

const none = { count: 0, amount: 0, amount_days_late: 0 }
/** Facts with numbers for amounts, to compare with what the statement returns whatever its numeric text. */
const numeric = (facts: RiskFacts[]) =>
  facts.map((f) => ({
    ...f,
    currencies: f.currencies.map((c) => ({
      ...c,
      settled: { ...c.settled, amount: Number(c.settled.amount), amount_days_late: Number(c.settled.amount_days_late) },
      recent: { ...c.recent, amount: Number(c.recent.amount), amount_days_late: Number(c.recent.amount_days_late) },
      earlier: { ...c.earlier, amount: Number(c.earlier.amount), amount_days_late: Number(c.earlier.amount_days_late) },
      invoiced_amount: Number(c.invoiced_amount),
      overdue_amount: Number(c.overdue_amount),
    })),
  }))

const eur = (over: Record<string, unknown>) => ({
  currency_code: "eur",
  settled: { ...none, on_time: 0 },
  recent: none,
  earlier: none,
  invoiced_amount: 0,
  first_invoiced_at: null,
  overdue_amount: 0,
  ...over,
})

const EXPECTED = [
  {
    customer_id: "cus_risk_a",
    currencies: [
      eur({
        settled: { count: 3, amount: 3500, amount_days_late: 20_000, on_time: 1 },
        recent: { count: 1, amount: 500, amount_days_late: 10_000 },
        earlier: { count: 2, amount: 3000, amount_days_late: 10_000 },
        invoiced_amount: 4600,
        first_invoiced_at: d("2026-01-01"),
        overdue_amount: 800,
      }),
      eur({ currency_code: "usd", invoiced_amount: 100, first_invoiced_at: d("2026-06-01"), overdue_amount: 100 }),
    ],
    broken_promises: 1,
    disputes: 1,
    bounced_contacts: 1,
  },
  {
    customer_id: "cus_risk_b",
    currencies: [
      eur({
        settled: { count: 4, amount: 400, amount_days_late: 0, on_time: 4 },
        recent: { count: 2, amount: 200, amount_days_late: 0 },
        earlier: { count: 2, amount: 200, amount_days_late: 0 },
        invoiced_amount: 400,
        first_invoiced_at: d("2026-01-01"),
      }),
    ],
    broken_promises: 0,
    disputes: 0,
    bounced_contacts: 0,
  },
  {
    customer_id: "cus_risk_c",
    currencies: [eur({ settled: { count: 1, amount: 100, amount_days_late: 0, on_time: 1 }, recent: { count: 1, amount: 100, amount_days_late: 0 }, invoiced_amount: 100, first_invoiced_at: d("2026-05-01") })],
    broken_promises: 0,
    disputes: 0,
    bounced_contacts: 0,
  },
  {
    customer_id: "cus_risk_d",
    currencies: [
      eur({
        settled: { count: 4, amount: 400, amount_days_late: 0, on_time: 4 },
        recent: { count: 1, amount: 100, amount_days_late: 0 },
        earlier: { count: 3, amount: 300, amount_days_late: 0 },
        invoiced_amount: 400,
        first_invoiced_at: d("2026-01-01"),
      }),
    ],
    broken_promises: 0,
    disputes: 0,
    bounced_contacts: 0,
  },
  {
    customer_id: "cus_risk_e",
    currencies: [
      eur({
        settled: { count: 3, amount: 300, amount_days_late: 9000, on_time: 0 },
        earlier: { count: 3, amount: 300, amount_days_late: 9000 },
        invoiced_amount: 900,
        first_invoiced_at: d("2026-01-01"),
        overdue_amount: 600,
      }),
    ],
    broken_promises: 0,
    disputes: 0,
    bounced_contacts: 0,
  },
]

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-risk-integration",
  moduleOptions: OPTIONS,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const ids: Record<string, string> = {}
    let ref = 0

    const make = async (key: string, customer: string, amount: number, issued: string, due: string, currency = "eur") => {
      const [r] = await service.createReceivables([
        { customer_id: `cus_risk_${customer}`, number: key, currency_code: currency, amount, issued_at: d(issued), due_at: d(due) } as any,
      ])
      ids[key] = r.id
    }
    const pay = (key: string, amount: number, at: string, currency = "eur") =>
      service.bookLedgerEntries([
        { receivable_id: ids[key], kind: "payment", amount: String(amount), currency_code: currency, paid_at: d(at), source: "erp", external_ref: `${key}-${++ref}` },
      ])
    const notice = (customer: string, status: "sent" | "failed", at: string) => ({
      customer_id: `cus_risk_${customer}`,
      stage_name: "Overdue",
      status,
      recipients: { to: ["ap@example.com"], cc: [], bcc: [], reply_to: null },
      receivable_ids: [],
      lines: [],
      totals: [],
      scheduled_for: d(at),
      sent_at: status === "sent" ? d(at) : null,
      failed_at: status === "failed" ? d(at) : null,
      idempotency_key: `risk-${++ref}`,
    })

    beforeEach(async () => {
      await make("A0", "a", 700, "2025-05-01", "2025-05-31")
      await make("A1", "a", 1000, "2026-01-01", "2026-01-31")
      await make("A2", "a", 2000, "2026-02-01", "2026-03-03")
      await make("A3", "a", 500, "2026-04-01", "2026-05-01")
      await make("A4", "a", 800, "2026-05-01", "2026-05-31")
      await make("A5", "a", 300, "2026-07-01", "2026-07-31")
      await make("A6", "a", 400, "2026-03-01", "2026-03-31")
      await make("U1", "a", 100, "2026-06-01", "2026-07-01", "usd")
      await pay("A0", 700, "2025-06-10T10:00:00Z")
      await pay("A1", 1000, "2026-02-10T10:00:00Z")
      await pay("A2", 2000, "2026-03-01T10:00:00Z")
      await pay("A3", 500, "2026-05-21T10:00:00Z")
      await service.reviseReceivable(ids.A6, { status: "void", status_reason: "order cancelled" }, d("2026-03-05"))
      for (const [i, month] of ["01", "02", "05", "06"].entries()) {
        await make(`B${i}`, "b", 100, `2026-${month}-01`, `2026-${month}-20`)
        await pay(`B${i}`, 100, `2026-${month}-20T10:00:00Z`)
      }
      await make("C1", "c", 100, "2026-05-01", "2026-05-31")
      await pay("C1", 100, "2026-05-30T10:00:00Z")
      for (const [i, month] of ["01", "02", "03"].entries()) {
        await make(`D${i}`, "d", 100, `2026-${month}-01`, `2026-${month}-20`)
        await pay(`D${i}`, 100, `2026-${month}-10T10:00:00Z`)
      }
      await make("D4", "d", 100, "2026-05-01", "2026-06-11")
      await pay("D4", 100, "2026-06-11T10:00:00Z")
      for (const [i, month] of ["01", "02", "03"].entries()) {
        // due on the 1st of the next month, paid 30 days later
        await make(`E${i}`, "e", 100, `2026-${month}-01`, `2026-${month}-15`)
        await pay(`E${i}`, 100, new Date(d(`2026-${month}-15`).getTime() + 30 * 86_400_000 + 36_000_000).toISOString())
      }
      await make("E3", "e", 600, "2026-06-01", "2026-06-15")
      await service.createCollectionEvents([
        { customer_id: "cus_risk_a", type: "promise_to_pay", title: "Promise", occurred_at: d("2026-06-01"), promised_date: d("2026-06-10"), receivable_ids: [ids.A4] },
        { customer_id: "cus_risk_a", type: "dispute_opened", title: "Dispute", occurred_at: d("2026-06-05"), receivable_ids: [ids.A4] },
        { customer_id: "cus_risk_a", type: "call_logged", title: "Call", occurred_at: d("2026-06-06") },
        { customer_id: "cus_risk_d", type: "promise_to_pay", title: "Promise", occurred_at: d("2026-06-01"), promised_date: d("2026-06-10"), receivable_ids: [ids.D4] },
      ] as any)
      await service.createNotices([notice("a", "failed", "2026-06-20T09:00:00Z"), notice("a", "failed", "2025-06-01T09:00:00Z"), notice("a", "sent", "2026-06-21T09:00:00Z")] as any)
    })

    it("reads each customer's facts as counted by hand, by a range of ids and by a list alike", async () => {
      const manager = MikroOrmWrapper.forkManager()
      const byRange = await readRiskFacts(manager, { after: "", last: "cus_risk_e" }, NOW)
      expect(numeric(byRange)).toEqual(EXPECTED)
      const byList = await readRiskFacts(manager, { customer_ids: ["cus_risk_e", "cus_risk_a"] }, NOW)
      expect(numeric(byList)).toEqual([EXPECTED[0], EXPECTED[4]])
      // a range is (after, last]
      expect((await readRiskFacts(manager, { after: "cus_risk_a", last: "cus_risk_c" }, NOW)).map((f) => f.customer_id)).toEqual(["cus_risk_b", "cus_risk_c"])
    })

    it("stores for every customer, batch by batch, the score the pure rules give their facts", async () => {
      let after: string | null = null
      const batches: Array<{ scored: number; last: string | null }> = []
      for (;;) {
        const result = await service.refreshRiskScores({ now: NOW, after, limit: 2 })
        batches.push({ scored: result.scored, last: result.last_customer_id })
        if (!result.last_customer_id) {
          break
        }
        after = result.last_customer_id
      }
      expect(batches).toEqual([
        { scored: 2, last: "cus_risk_b" },
        { scored: 2, last: "cus_risk_d" },
        { scored: 1, last: "cus_risk_e" },
        { scored: 0, last: null },
      ])
      const stored = await service.listCustomerRisks({}, { order: { customer_id: "ASC" } })
      const expected = EXPECTED.map((facts) => assessRisk(facts as unknown as RiskFacts, SETTINGS, NOW))
      expect(stored.map((s: any) => ({ customer_id: s.customer_id, score: s.score, band: s.band, factors: s.factors, settled_invoices: s.settled_invoices }))).toEqual(
        expected.map((a) => ({ customer_id: a.customer_id, score: a.score, band: a.band, factors: a.factors, settled_invoices: a.settled_invoices }))
      )
      expect(stored.map((s: any) => s.band)).toEqual(["medium", "low", "new", "low", "high"])
      expect(stored.every((s: any) => new Date(s.computed_at).getTime() === NOW.getTime())).toBe(true)
      // a first assessment is not a change of band
      expect(await service.listCustomerRiskChanges({})).toEqual([])
    })

    it("records a change of band with its reason, once, and keeps when the band was entered", async () => {
      await service.refreshRiskScores({ now: NOW, customer_ids: ["cus_risk_a", "cus_risk_b"] })
      const [before] = await service.listCustomerRisks({ customer_id: "cus_risk_a" })
      expect(before).toMatchObject({ band: "medium", band_since: NOW })
      // a second promise, made on 07-20 for 07-31, is broken by 08-20: two broken promises
      await service.createCollectionEvents([
        { customer_id: "cus_risk_a", type: "promise_to_pay", title: "Promise", occurred_at: d("2026-07-20"), promised_date: d("2026-07-31"), receivable_ids: [ids.A4] },
      ] as any)
      const result = await service.refreshRiskScores({ now: LATER, customer_ids: ["cus_risk_a", "cus_risk_b"] })
      expect(result.band_changes).toEqual([
        expect.objectContaining({ customer_id: "cus_risk_a", from_band: "medium", to_band: "high", factor: "broken_promises", reason: "second broken promise", changed_at: LATER }),
      ])
      const [after] = await service.listCustomerRisks({ customer_id: "cus_risk_a" })
      expect(after).toMatchObject({ band: "high", band_since: LATER, computed_at: LATER })
      const [b] = await service.listCustomerRisks({ customer_id: "cus_risk_b" })
      expect(b).toMatchObject({ band: "low", band_since: NOW, computed_at: LATER })
      const changes = await service.listCustomerRiskChanges({})
      expect(changes).toEqual([
        expect.objectContaining({ customer_id: "cus_risk_a", from_band: "medium", to_band: "high", from_score: before.score, to_score: after.score, factor: "broken_promises", reason: "second broken promise", changed_at: LATER }),
      ])
      expect((changes[0] as any).factors).toEqual(after.factors)
      // the same computation again changes no band: nothing more is recorded
      await service.refreshRiskScores({ now: LATER, customer_ids: ["cus_risk_a"] })
      expect(await service.listCustomerRiskChanges({})).toHaveLength(1)
    })
  },
})
