import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import { NEXT_RUN } from "../domain/schedule"
import DunningModuleService from "../service"

jest.setTimeout(60_000)

/*
 * One small ledger, every figure below worked out by hand. KPI period [2026-01-01, 2026-07-01) = 181 days;
 * the trend's months run from 2025-07 to 2026-06; "now" is 2026-07-15T12:00Z. Amounts in EUR unless said.
 *
 *  id   cust amount issued          due         what happened
 *  R1   a    1000   2026-01-10      2026-02-09  400 paid 02-01T00:00 (on a checkpoint), 600 paid 02-19T09:00 → paid
 *  R2   a     500   2026-03-01      2026-03-31  500 paid 03-25 → paid before due
 *  R3   a     300   2026-05-15      2026-06-14  100 paid 06-01T10:00 → open, 200 outstanding, disputed
 *  R4   a     200   2026-04-01      2026-05-01  voided 04-10
 *  R5   b     400   2026-02-01      2026-03-03  150 paid 03-21T10:00, written off 05-20
 *  R6   b     250   2026-06-10      2026-07-10  250 paid exactly at `to` (07-01T00:00) → paid, but not in the period
 *  R7   a     800   2026-01-20      2026-02-19  800 paid 03-01T12:00, 300 refunded 03-10 → open, 300 outstanding
 *  R8   a     100   2025-12-15      2026-01-14  100 paid 01-20 → paid in the period, issued before it
 *  R9   b     700   2026-07-10      2026-08-09  open, not yet due
 *  R10  b      50   2026-07-01T00:00 (= to)     due 2026-07-14T23:30Z → 1 day overdue on 07-15
 *  R11  b      20   2026-07-05      2026-07-15T00:00Z → due today: current
 *  R12  b      60   2026-03-31T22:30-04:00 (= 04-01T02:30Z, an April sale)  due 05-01
 *                   60 paid 2026-04-30T23:30-02:00 (= 05-01T01:30Z, a May payment)
 *  RD   a     999   2026-03-05      500 paid 03-10, then soft-deleted with its ledger: never counted
 *  U1   a    1000 USD 2026-06-01    2026-07-01  open
 *  C0   c     900 CHF 2025-05-10    2025-06-09  300 paid 2025-06-20 (before the trend), 200 paid 2026-02-10 → open, 400
 *  C1   c     100 CHF 2026-01-15    2026-02-14  open
 *  C2   c     250 CHF 2025-04-01    2025-05-01  50 paid 2025-05-01, written off 2026-03-15
 */
const NOW = new Date("2026-07-15T12:00:00Z")
const FROM = new Date("2026-01-01T00:00:00Z")
const TO = new Date("2026-07-01T00:00:00Z")
const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-analytics-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service }) => {
    let ids: Record<string, string>

    const seed = async () => {
      const make = async (
        key: string,
        customer_id: string,
        amount: number,
        issued: string,
        due: string,
        extra: Record<string, unknown> = {}
      ) => {
        const r = await service.createReceivables({
          customer_id,
          number: key,
          currency_code: "eur",
          amount,
          issued_at: d(issued),
          due_at: d(due),
          ...extra,
        } as any)
        ids[key] = r.id
        return r.id
      }
      ids = {}
      await make("R1", "cus_a", 1000, "2026-01-10", "2026-02-09")
      await make("R2", "cus_a", 500, "2026-03-01", "2026-03-31")
      await make("R3", "cus_a", 300, "2026-05-15", "2026-06-14", { next_action_at: d("2026-07-20") })
      await make("R4", "cus_a", 200, "2026-04-01", "2026-05-01")
      await make("R5", "cus_b", 400, "2026-02-01", "2026-03-03")
      await make("R6", "cus_b", 250, "2026-06-10", "2026-07-10")
      await make("R7", "cus_a", 800, "2026-01-20", "2026-02-19")
      await make("R8", "cus_a", 100, "2025-12-15", "2026-01-14")
      await make("R9", "cus_b", 700, "2026-07-10", "2026-08-09", { next_action_at: NEXT_RUN })
      await make("R10", "cus_b", 50, "2026-07-01", "2026-07-14T23:30:00Z")
      await make("R11", "cus_b", 20, "2026-07-05", "2026-07-15")
      await make("R12", "cus_b", 60, "2026-03-31T22:30:00-04:00", "2026-05-01")
      await make("RD", "cus_a", 999, "2026-03-05", "2026-04-04")
      await make("U1", "cus_a", 1000, "2026-06-01", "2026-07-01", { currency_code: "usd" })
      await make("C0", "cus_c", 900, "2025-05-10", "2025-06-09", { currency_code: "chf" })
      await make("C1", "cus_c", 100, "2026-01-15", "2026-02-14", { currency_code: "chf" })
      await make("C2", "cus_c", 250, "2025-04-01", "2025-05-01", { currency_code: "chf" })

      let ref = 0
      const book = (key: string, amount: number, at: string, kind: "payment" | "refund" = "payment") =>
        service.bookLedgerEntries([
          {
            receivable_id: ids[key],
            kind,
            amount: String(amount),
            currency_code: key.startsWith("U") ? "usd" : key.startsWith("C") ? "chf" : "eur",
            paid_at: d(at),
            source: "erp",
            external_ref: `${key}-${++ref}`,
          },
        ])
      await book("R1", 400, "2026-02-01T00:00:00Z")
      await book("R1", 600, "2026-02-19T09:00:00Z")
      await book("R2", 500, "2026-03-25T10:00:00Z")
      await book("R3", 100, "2026-06-01T10:00:00Z")
      await book("R5", 150, "2026-03-21T10:00:00Z")
      await book("R6", 250, "2026-07-01T00:00:00Z")
      await book("R7", 800, "2026-03-01T12:00:00Z")
      await book("R7", 300, "2026-03-10T10:00:00Z", "refund")
      await book("R8", 100, "2026-01-20T10:00:00Z")
      await book("R12", 60, "2026-04-30T23:30:00-02:00")
      await book("C0", 300, "2025-06-20T10:00:00Z")
      await book("C0", 200, "2026-02-10T10:00:00Z")
      await book("C2", 50, "2025-05-01T10:00:00Z")
      await service.reviseReceivable(ids.C2, { status: "written_off" }, d("2026-03-15"))
      await service.reviseReceivable(ids.R4, { status: "void", status_reason: "order cancelled" }, d("2026-04-10"))
      await service.reviseReceivable(ids.R5, { status: "written_off", status_reason: "insolvent" }, d("2026-05-20"))
      await service.updateReceivables({ id: ids.R7, next_action_at: d("2026-07-18") } as any)
      await book("RD", 500, "2026-03-10T10:00:00Z")
      await service.softDeleteReceivables([ids.RD])

      const event = (customer_id: string, type: string, occurred: string, extra: Record<string, unknown> = {}) => ({
        customer_id,
        type,
        title: type,
        occurred_at: d(occurred),
        ...extra,
      })
      await service.createCollectionEvents([
        // kept: R1 paid 02-19T09:00, before the deadline 02-20T00:00
        event("cus_a", "promise_to_pay", "2026-02-05T10:00:00Z", { promised_date: d("2026-02-18"), receivable_ids: [ids.R1] }),
        // kept: 150 EUR promised, covers R5 (b's only outstanding receivable then), 150 paid 03-21 before 03-22
        event("cus_b", "promise_to_pay", "2026-03-05T10:00:00Z", {
          promised_date: d("2026-03-20"),
          promised_amount: 150,
          promised_currency_code: "eur",
        }),
        // open: covers R3, R7 (EUR) and U1 (USD); deadline 07-22 is after now
        event("cus_a", "promise_to_pay", "2026-06-20T10:00:00Z", { promised_date: d("2026-07-20") }),
        // broken: R7 is still open after the deadline 04-12
        event("cus_a", "promise_to_pay", "2026-04-01T10:00:00Z", { promised_date: d("2026-04-10"), receivable_ids: [ids.R7] }),
        // after the KPI period, inside the summary's window: open
        event("cus_a", "promise_to_pay", "2026-07-05T10:00:00Z", { promised_date: d("2026-07-25"), receivable_ids: [ids.R3] }),
        event("cus_a", "dispute_opened", "2026-06-20T10:00:00Z", { receivable_ids: [ids.R3], note: "wrong quantity" }),
        event("cus_a", "call_logged", "2026-06-21T10:00:00Z", { receivable_ids: [ids.R1] }),
      ] as any)

      const line = (key: string, outstanding: number) => ({
        id: ids[key],
        number: key,
        currency_code: key.startsWith("U") ? "usd" : "eur",
        outstanding: String(outstanding),
      })
      let n = 0
      const notice = (
        customer_id: string,
        stage: "due" | "over",
        status: string,
        at: string,
        lines: ReturnType<typeof line>[],
        extra: Record<string, unknown> = {}
      ) => {
        const codes = [...new Set(lines.map((l) => l.currency_code))].sort()
        return {
          customer_id,
          stage_id: stage === "due" ? "dstg_due" : "dstg_over",
          stage_name: stage === "due" ? "Due today" : "Overdue",
          stage_offset_days: stage === "due" ? 0 : 5,
          channel: "email",
          status,
          recipients: { to: ["ap@example.com"], cc: [], bcc: [], reply_to: null },
          receivable_ids: lines.map((l) => l.id),
          lines,
          totals: codes.map((c) => ({ currency_code: c, outstanding: "0", count: 1 })),
          scheduled_for: d(at),
          sent_at: status === "sent" ? d(at) : null,
          failed_at: status === "failed" ? d(at) : null,
          idempotency_key: `k${++n}`,
          ...extra,
        }
      }
      await service.createNotices([
        notice("cus_a", "over", "sent", "2026-02-12T09:00:00Z", [line("R1", 600)]),
        notice("cus_a", "over", "sent", "2026-02-19T08:00:00Z", [line("R1", 600), line("R7", 800)]),
        notice("cus_b", "due", "sent", "2026-03-03T09:00:00Z", [line("R5", 400)]),
        notice("cus_a", "over", "sent", "2026-06-20T09:00:00Z", [line("R3", 200), line("U1", 1000)]),
        notice("cus_a", "over", "failed", "2026-05-05T09:00:00Z", [line("R7", 300)]),
        notice("cus_b", "over", "cancelled", "2026-03-10T09:00:00Z", [line("R5", 250)], { channel: "webhook" }),
        notice("cus_b", "over", "scheduled", "2026-06-30T09:00:00Z", [line("R6", 250)]),
        notice("cus_a", "over", "sent", "2026-07-02T09:00:00Z", [line("R3", 200), line("R7", 300)]),
      ] as any)
    }

    beforeEach(seed)

    describe("aging", () => {
      it("splits open balances per currency by UTC days overdue and ranks customers by overdue amount", async () => {
        const aging = await service.getAging({ now: NOW, bucket_bounds: [30, 60, 90, 120], top: 10 })
        expect(aging.as_of).toEqual(NOW)
        expect(aging.currencies.map((c) => c.currency_code)).toEqual(["chf", "eur", "usd"])
        const [chf, eur, usd] = aging.currencies
        // C0 400 (401 days overdue) and C1 100 (151 days); C2 is written off
        expect(chf.buckets.at(-1)).toMatchObject({ key: "120+", amount: 500, count: 2 })
        expect(chf).toMatchObject({ total_outstanding: 500, overdue_amount: 500, open_count: 2 })
        // current: R9 700 (due in August) + R11 20 (due today); 1-30: R10 (1 day); 31-60: R3 200 (31 days);
        // 120+: R7 300 (146 days). RD (deleted), paid, void and written-off receivables are not open balances.
        expect(eur.buckets.map((b) => [b.key, b.min_days, b.max_days, b.amount, b.count])).toEqual([
          ["current", 0, 0, 720, 2],
          ["1-30", 1, 30, 50, 1],
          ["31-60", 31, 60, 200, 1],
          ["61-90", 61, 90, 0, 0],
          ["91-120", 91, 120, 0, 0],
          ["120+", 121, null, 300, 1],
        ])
        expect(eur).toMatchObject({ total_outstanding: 1270, overdue_amount: 550, open_count: 5 })
        expect(eur.top_customers).toEqual([
          { customer_id: "cus_a", overdue_amount: 500, oldest_days_overdue: 146, receivable_count: 2 },
          { customer_id: "cus_b", overdue_amount: 50, oldest_days_overdue: 1, receivable_count: 1 },
        ])
        // U1 is due 07-01: 14 days overdue; USD is never added to EUR
        expect(usd).toMatchObject({ total_outstanding: 1000, overdue_amount: 1000 })
        expect(usd.buckets.find((b) => b.key === "1-30")).toMatchObject({ amount: 1000, count: 1 })
        expect(usd.top_customers).toEqual([
          { customer_id: "cus_a", overdue_amount: 1000, oldest_days_overdue: 14, receivable_count: 1 },
        ])
      })

      it("takes custom buckets, a top limit and the scope filters", async () => {
        const custom = await service.getAging({ now: NOW, bucket_bounds: [7, 30], top: 1, currency_code: "eur" })
        expect(custom.currencies).toHaveLength(1)
        expect(custom.currencies[0].buckets.map((b) => [b.key, b.amount])).toEqual([
          ["current", 720],
          ["1-7", 50],
          ["8-30", 0],
          ["30+", 500],
        ])
        expect(custom.currencies[0].top_customers.map((c) => c.customer_id)).toEqual(["cus_a"])

        const onlyB = await service.getAging({ now: NOW, bucket_bounds: [30], top: 5, customer_id: "cus_b" })
        expect(onlyB.currencies.map((c) => [c.currency_code, c.total_outstanding, c.overdue_amount])).toEqual([["eur", 770, 50]])
        const group = await service.getAging({ now: NOW, bucket_bounds: [30], top: 5, customer_ids: ["cus_b"] })
        expect(group.currencies).toEqual(onlyB.currencies)
        const empty = await service.getAging({ now: NOW, bucket_bounds: [30], top: 5, customer_ids: [] })
        expect(empty.currencies).toEqual([])

        // a day later R11 (due 07-15) is 1 day overdue and R10 2 days
        const later = await service.getAging({ now: d("2026-07-16T00:00:00Z"), bucket_bounds: [1, 30], top: 5, customer_id: "cus_b" })
        expect(later.currencies[0].buckets.map((b) => [b.key, b.amount, b.count])).toEqual([
          ["current", 700, 1],
          ["1-1", 20, 1],
          ["2-30", 50, 1],
          ["30+", 0, 0],
        ])
      })
    })

    describe("KPIs", () => {
      it("rebuilds DSO from the ledger and averages collection times per currency", async () => {
        const kpis = await service.getKpis({ now: NOW, from: FROM, to: TO, paid_within_days: 14 })
        expect(kpis.from).toEqual(FROM)
        expect(kpis.to).toEqual(TO)
        expect(kpis.formulas.dso).toMatch(/outstanding/)
        expect(kpis.currencies.map((c) => c.currency_code)).toEqual(["chf", "eur", "usd"])
        const [chf, eur, usd] = kpis.currencies

        // credit sales: R1 1000 + R2 500 + R3 300 + R5 400 + R6 250 + R7 800 + R12 60 = 3310 (R4 voided
        // before `to`, R8 issued before `from`, R10 issued exactly at `to`);
        // outstanding at `to`: R3 200 + R6 250 (its payment at `to` is not before `to`) + R7 300 = 750
        // (R5 written off before `to`); DSO = 750 / 3310 × 181 = 41.01
        expect(eur.dso).toEqual({ days: 41.01, receivables_outstanding_at_end: 750, credit_sales: 3310, period_days: 181 })
        // paid in the period: R1 (40 days to pay, 10 late), R2 (24, 0), R8 (36, 6), R12 (30, 0: UTC dates)
        // collection average = (1000×40 + 500×24 + 100×36 + 60×30) / 1660 = 57400 / 1660 = 34.58
        // days late = (1000×10 + 100×6) / 1660 = 6.39; recovery = (10 + 6) / 2 = 8
        expect(eur).toMatchObject({ collection_average_days: 34.58, average_days_late: 6.39, paid_count: 4, recovery_time_days: 8 })

        // month by month: outstanding at the month's end ÷ its sales × its days
        expect(eur.dso_trend).toEqual([
          { month: "2025-07", days: null },
          { month: "2025-08", days: null },
          { month: "2025-09", days: null },
          { month: "2025-10", days: null },
          { month: "2025-11", days: null },
          { month: "2025-12", days: 31 }, // R8 100 / 100 × 31
          { month: "2026-01", days: 31 }, // (R1 1000 + R7 800) / 1800 × 31: R1's payment at 02-01T00:00 is not before 02-01
          { month: "2026-02", days: 84 }, // (R5 400 + R7 800) / R5 400 × 28
          { month: "2026-03", days: 34.1 }, // (R5 250 + R7 300) / R2 500 × 31
          { month: "2026-04", days: 305 }, // (R5 250 + R7 300 + R12 60) / R12 60 × 30; R4 voided in April is no sale
          { month: "2026-05", days: 62 }, // (R3 300 + R7 300) / R3 300 × 31; R5 written off in May
          { month: "2026-06", days: 90 }, // 750 / R6 250 × 30
        ])
        expect(eur.collection_trend.filter((m) => m.paid_count)).toEqual([
          { month: "2026-01", collection_average_days: 36, average_days_late: 6, paid_count: 1 },
          { month: "2026-02", collection_average_days: 40, average_days_late: 10, paid_count: 1 },
          { month: "2026-03", collection_average_days: 24, average_days_late: 0, paid_count: 1 },
          { month: "2026-05", collection_average_days: 30, average_days_late: 0, paid_count: 1 },
        ])
        expect(eur.collection_trend.find((m) => m.month === "2026-04")).toEqual({
          month: "2026-04",
          collection_average_days: null,
          average_days_late: null,
          paid_count: 0,
        })

        expect(usd.dso).toEqual({ days: 181, receivables_outstanding_at_end: 1000, credit_sales: 1000, period_days: 181 })

        // CHF, from before the trend: C0 owed 900 - 300 = 600 when the trend began, 400 after 02-10; C2 owed
        // 250 - 50 = 200 until its write-off in March. At 02-01: 600 + C1 100 + 200 = 900; DSO Jan = 900 / 100 × 31.
        // At `to`: C0 400 + C1 100 = 500; DSO = 500 / C1 100 × 181 = 905
        expect(chf.dso).toEqual({ days: 905, receivables_outstanding_at_end: 500, credit_sales: 100, period_days: 181 })
        expect(chf.dso_trend.filter((m) => m.days !== null)).toEqual([{ month: "2026-01", days: 279 }])
        expect(usd.dso_trend.at(-1)).toEqual({ month: "2026-06", days: 30 })
        expect(usd).toMatchObject({ collection_average_days: null, average_days_late: null, recovery_time_days: null, paid_count: 0 })
      })

      it("measures stages, promises, disputes and notices per currency", async () => {
        const kpis = await service.getKpis({ now: NOW, from: FROM, to: TO, paid_within_days: 14 })
        const [, eur, usd] = kpis.currencies
        // Overdue: notices N1, N2, N4 sent in the period list R1 (600, on N1 and N2), R7 (800) and R3 (200):
        // 4 pairs, 2200 listed; R1 was paid 02-19T09:00, within 14 days of both notices. Due today: R5 (400).
        expect(eur.collection_rate_by_stage).toEqual([
          { stage_name: "Due today", stage_id: "dstg_due", notices: 1, receivables: 1, amount: 400, paid_count: 0, paid_amount: 0, count_rate: 0, amount_rate: 0 },
          { stage_name: "Overdue", stage_id: "dstg_over", notices: 3, receivables: 4, amount: 2200, paid_count: 2, paid_amount: 1200, count_rate: 0.5, amount_rate: 0.5455 },
        ])
        expect(usd.collection_rate_by_stage).toEqual([
          { stage_name: "Overdue", stage_id: "dstg_over", notices: 1, receivables: 1, amount: 1000, paid_count: 0, paid_amount: 0, count_rate: 0, amount_rate: 0 },
        ])
        expect(eur.promises).toEqual({ made: 4, kept: 2, broken: 1, open: 1, kept_rate: 0.6667 })
        expect(usd.promises).toEqual({ made: 1, kept: 0, broken: 0, open: 1, kept_rate: null })
        // R3 disputed; issued in the period: R1-R7 and R12 (void R4 included) = 8
        expect(eur).toMatchObject({ dispute_rate: 0.125, receivables_disputed: 1, receivables_issued: 8 })
        expect(usd).toMatchObject({ dispute_rate: 0, receivables_issued: 1 })
        expect(eur.notices_by_channel).toEqual([
          { channel: "email", sent: 4, failed: 1, cancelled: 0, scheduled: 1 },
          { channel: "webhook", sent: 0, failed: 0, cancelled: 1, scheduled: 0 },
        ])
        expect(usd.notices_by_channel).toEqual([{ channel: "email", sent: 1, failed: 0, cancelled: 0, scheduled: 0 }])

        // within 7 days: R1 was paid exactly 7 days after N1, which is no longer within; 1 hour after N2
        const strict = await service.getKpis({ now: NOW, from: FROM, to: TO, paid_within_days: 7 })
        expect(strict.currencies.find((c) => c.currency_code === "eur")!.collection_rate_by_stage[1]).toMatchObject({ paid_count: 1, paid_amount: 600, count_rate: 0.25 })
      })

      it("restricts to a currency or to a group's customers", async () => {
        const usdOnly = await service.getKpis({ now: NOW, from: FROM, to: TO, paid_within_days: 14, currency_code: "usd" })
        expect(usdOnly.currencies.map((c) => c.currency_code)).toEqual(["usd"])
        expect(usdOnly.currencies[0].promises.made).toBe(1)

        // cus_b: sales R5 400 + R6 250 + R12 60 = 710; outstanding at `to`: R6 250; DSO = 250 / 710 × 181 = 63.73
        const groupB = await service.getKpis({ now: NOW, from: FROM, to: TO, paid_within_days: 14, customer_ids: ["cus_b"] })
        expect(groupB.currencies.map((c) => c.currency_code)).toEqual(["eur"])
        const [eur] = groupB.currencies
        expect(eur.dso).toEqual({ days: 63.73, receivables_outstanding_at_end: 250, credit_sales: 710, period_days: 181 })
        expect(eur).toMatchObject({ collection_average_days: 30, average_days_late: 0, paid_count: 1, dispute_rate: 0 })
        expect(eur.promises).toEqual({ made: 1, kept: 1, broken: 0, open: 0, kept_rate: 1 })
        expect(eur.collection_rate_by_stage.map((s) => s.stage_name)).toEqual(["Due today"])
        expect(eur.notices_by_channel).toEqual([
          { channel: "email", sent: 1, failed: 0, cancelled: 0, scheduled: 1 },
          { channel: "webhook", sent: 0, failed: 0, cancelled: 1, scheduled: 0 },
        ])
      })

      it("defaults to the twelve months ending now and counts a payment at `to` in the next period", async () => {
        const kpis = await service.getKpis({ now: NOW, paid_within_days: 14 })
        expect(kpis.from).toEqual(d("2025-07-15T12:00:00Z"))
        expect(kpis.to).toEqual(NOW)
        const eur = kpis.currencies.find((c) => c.currency_code === "eur")!
        expect(eur.dso_trend.map((m) => m.month)).toEqual([
          "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
          "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
        ])
        // R6's payment at 07-01T00:00 is in [07-01, 07-15T12:00): paid in July
        const july = eur.collection_trend.at(-1)!
        expect(july).toEqual({ month: "2026-07", collection_average_days: 21, average_days_late: 0, paid_count: 1 })
      })
    })

    describe("collection summary", () => {
      it("sums up one customer's balances, payment habits, notices and promises", async () => {
        const summary = await service.getCollectionSummary({ customer_id: "cus_a", now: NOW })
        expect(summary).toEqual({
          customer_id: "cus_a",
          has_history: true,
          window: { from: d("2025-07-15T12:00:00Z"), to: NOW },
          // R1 (40 days, 10 late), R2 (24, 0), R8 (36, 6): per receivable, across currencies
          collection_average_days: 33.33,
          average_days_late: 5.33,
          on_time_rate: 0.3333,
          paid_count: 3,
          currencies: [
            // EUR weighted by amount: (40000 + 12000 + 3600) / 1600 = 34.75; (10000 + 600) / 1600 = 6.625
            { currency_code: "eur", outstanding: 500, overdue: 500, open_count: 2, overdue_count: 2, paid_count: 3, collection_average_days: 34.75, average_days_late: 6.63 },
            { currency_code: "usd", outstanding: 1000, overdue: 1000, open_count: 1, overdue_count: 1, paid_count: 0, collection_average_days: null, average_days_late: null },
          ],
          oldest_overdue_days: 146,
          notices_sent: 4,
          notices_failed: 1,
          promises: { made: 4, kept: 1, broken: 1, open: 2 },
          last_payment_at: d("2026-06-01T10:00:00Z"),
          last_notice_at: d("2026-07-02T09:00:00Z"),
          next_action_at: d("2026-07-18"),
        })
      })

      it("shows a customer with little history, and one with none", async () => {
        const b = await service.getCollectionSummary({ customer_id: "cus_b", now: NOW })
        expect(b).toMatchObject({
          has_history: true,
          // R6 (21 days, paid at 07-01T00:00) and R12 (30 days)
          collection_average_days: 25.5,
          average_days_late: 0,
          on_time_rate: 1,
          paid_count: 2,
          oldest_overdue_days: 1,
          notices_sent: 1,
          notices_failed: 0,
          promises: { made: 1, kept: 1, broken: 0, open: 0 },
          last_payment_at: d("2026-07-01T00:00:00Z"),
          last_notice_at: d("2026-03-03T09:00:00Z"),
          // R9 waits for the next run (NEXT_RUN): due now
          next_action_at: NOW,
        })
        expect(b.currencies).toEqual([
          { currency_code: "eur", outstanding: 770, overdue: 50, open_count: 3, overdue_count: 1, paid_count: 2, collection_average_days: 22.74, average_days_late: 0 },
        ])

        const nobody = await service.getCollectionSummary({ customer_id: "cus_nobody", now: NOW })
        expect(nobody).toEqual({
          customer_id: "cus_nobody",
          has_history: false,
          window: { from: d("2025-07-15T12:00:00Z"), to: NOW },
          collection_average_days: null,
          average_days_late: null,
          on_time_rate: null,
          paid_count: 0,
          currencies: [],
          oldest_overdue_days: null,
          notices_sent: 0,
          notices_failed: 0,
          promises: { made: 0, kept: 0, broken: 0, open: 0 },
          last_payment_at: null,
          last_notice_at: null,
          next_action_at: null,
        })
      })
    })
  },
})
