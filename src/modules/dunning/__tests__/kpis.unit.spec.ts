import { agingBuckets, agingFromRows, bucketThresholds } from "../analytics/aging"
import { ledgerMeasures } from "../analytics/ledger-measures"
import { decodeGroupKey, groupKey, type LedgerGroup, type LedgerGroupRow } from "../analytics/ledger-rows"
import { channelsByCurrency } from "../analytics/notices-by-channel"
import { stageRates, type NoticeLineRow } from "../analytics/stage-rates"
import { addUtcMonths, kpiPeriod, monthKey, trendMonths, utcDate, windowDays } from "../analytics/periods"
import { countPromises, promiseState } from "../analytics/promises"

const d = (iso: string) => new Date(iso)

describe("analytics periods (UTC)", () => {
  it("ends the trend with the month that holds the last instant before `to`", () => {
    const mid = trendMonths(d("2026-03-16T10:00:00Z"))
    expect(mid).toHaveLength(12)
    expect(mid[0]).toEqual({ month: "2025-04", start: d("2025-04-01T00:00:00Z"), end: d("2025-05-01T00:00:00Z") })
    expect(mid[11]).toEqual({ month: "2026-03", start: d("2026-03-01T00:00:00Z"), end: d("2026-03-16T10:00:00Z") })

    // `to` on the first of a month at midnight: the previous month is the last one, in full
    const edge = trendMonths(d("2026-03-01T00:00:00Z"))
    expect(edge[11]).toEqual({ month: "2026-02", start: d("2026-02-01T00:00:00Z"), end: d("2026-03-01T00:00:00Z") })
    expect(edge[0].month).toBe("2025-03")
  })

  it("counts months and dates in UTC, whatever offset an instant was written with", () => {
    // 23:30 in New York on 31 March is 03:30 UTC on 1 April
    expect(monthKey(d("2026-03-31T23:30:00-04:00"))).toBe("2026-04")
    expect(utcDate(d("2026-03-31T23:30:00-04:00"))).toBe("2026-04-01")
    expect(monthKey(d("2026-04-01T00:30:00+02:00"))).toBe("2026-03")
  })

  it("moves by calendar months, keeping the time and clamping to the month's last day", () => {
    expect(addUtcMonths(d("2026-03-31T10:00:00Z"), -1)).toEqual(d("2026-02-28T10:00:00Z"))
    expect(addUtcMonths(d("2024-02-29T00:00:00Z"), -12)).toEqual(d("2023-02-28T00:00:00Z"))
    expect(addUtcMonths(d("2026-01-15T00:00:00Z"), -12)).toEqual(d("2025-01-15T00:00:00Z"))
  })

  it("defaults the period to the twelve months ending now", () => {
    const now = d("2026-07-15T12:00:00Z")
    expect(kpiPeriod({ now })).toEqual({ start: d("2025-07-15T12:00:00Z"), end: now })
    expect(kpiPeriod({ now, to: d("2026-01-01T00:00:00Z") })).toEqual({ start: d("2025-01-01T00:00:00Z"), end: d("2026-01-01T00:00:00Z") })
    expect(windowDays({ start: d("2026-01-01T00:00:00Z"), end: d("2026-07-01T00:00:00Z") })).toBe(181)
    expect(windowDays({ start: d("2026-01-01T00:00:00Z"), end: d("2026-01-01T12:00:00Z") })).toBe(0.5)
  })
})

describe("aging buckets", () => {
  it("names buckets after their bounds and maps days overdue to them", () => {
    expect(agingBuckets([30, 60]).map((b) => [b.key, b.min_days, b.max_days])).toEqual([
      ["current", 0, 0],
      ["1-30", 1, 30],
      ["31-60", 31, 60],
      ["60+", 61, null],
    ])
    // width_bucket(d, thresholds) = how many thresholds are <= d
    const thresholds = bucketThresholds([30, 60])
    const bucketOf = (days: number) => thresholds.filter((t) => t <= days).length
    expect([-5, 0, 1, 30, 31, 60, 61, 400].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3])
  })

  it("keeps every bucket, adds per currency only, and never mixes currencies", () => {
    const aging = agingFromRows(
      [
        { kind: "bucket", currency_code: "usd", bucket: 2, customer_id: null, amount: "0.3", count: 1, oldest: null },
        { kind: "bucket", currency_code: "eur", bucket: 0, customer_id: null, amount: "0.1", count: 1, oldest: null },
        { kind: "bucket", currency_code: "eur", bucket: 1, customer_id: null, amount: "0.2", count: 2, oldest: null },
        { kind: "customer", currency_code: "eur", bucket: null, customer_id: "cus_1", amount: "0.2", count: 2, oldest: 12 },
      ],
      { now: d("2026-07-15T00:00:00Z"), bucket_bounds: [30, 60] }
    )
    expect(aging.currencies.map((c) => [c.currency_code, c.total_outstanding, c.overdue_amount, c.open_count])).toEqual([
      ["eur", 0.3, 0.2, 3],
      ["usd", 0.3, 0.3, 1],
    ])
    expect(aging.currencies[0].buckets.map((b) => b.amount)).toEqual([0.1, 0.2, 0, 0])
    expect(aging.currencies[0].top_customers).toEqual([
      { customer_id: "cus_1", overdue_amount: 0.2, oldest_days_overdue: 12, receivable_count: 2 },
    ])
  })
})

describe("ledger measures", () => {
  // bounds b0..b3 = 01-01, 02-01, 03-01, 04-01 (`to`); months January, February, March
  const months = trendMonths(d("2026-04-01T00:00:00Z"), 3)
  const period = { start: d("2026-01-01T00:00:00Z"), end: d("2026-04-01T00:00:00Z") } // 90 days
  type Group = Partial<Omit<LedgerGroupRow, "group_key">> & Partial<LedgerGroup> & { span?: number }
  /** `span` = issue_w × 100 + end_w, as the rows are described below. */
  const group = ({ status = "open", span = 104, issued_in_period = true, paid_in_period = false, ...g }: Group): LedgerGroupRow => ({
    currency_code: "eur",
    group_key: groupKey({ status, issue_w: Math.floor(span / 100), end_w: span % 100, issued_in_period, paid_in_period }),
    count: 1,
    amount: "100",
    amount_days_to_pay: null,
    amount_days_late: null,
    late_count: 0,
    late_days: 0,
    opening_paid: null,
    paid_before_close: null,
    ...g,
  })

  it("packs a group into one key and back", () => {
    const g: LedgerGroup = { status: "written_off", issue_w: 0, end_w: 13, issued_in_period: false, paid_in_period: true }
    expect(groupKey(g)).toBe(300131)
    expect(decodeGroupKey(groupKey(g))).toEqual(g)
    expect(decodeGroupKey(groupKey({ ...g, status: "open", issue_w: 12, issued_in_period: true }))).toEqual({ ...g, status: "open", issue_w: 12, issued_in_period: true })
  })

  it("rebuilds the balance at each month end from issues, closes and payment flows", () => {
    const [eur] = ledgerMeasures(
      [
        // issued in January, still open (never ends: end_w counts all 4 bounds)
        group({ amount: "100", span: 104 }),
        // issued in February, paid in March
        group({ status: "paid", span: 203, paid_in_period: true, amount: "50", amount_days_to_pay: "1000", amount_days_late: "250", late_count: 1, late_days: 5 }),
        // issued in January, voided in February: a January sale for January's DSO, no sale of the period
        group({ status: "void", span: 102, amount: "30" }),
      ],
      [
        { currency_code: "eur", w: 2, net: "40" }, // paid on the open one in February
        { currency_code: "eur", w: 3, net: "50" }, // the payment that settled the February invoice
      ],
      period,
      months
    )
    // balances: 02-01: 100 + 30; 03-01: 100 + 50 - 30 (void) - 40; 04-01: 150 - 40 - 50
    expect(eur.dso_trend).toEqual([
      { month: "2026-01", days: 31 }, // 130 / 130 × 31
      { month: "2026-02", days: 61.6 }, // 110 / 50 × 28
      { month: "2026-03", days: null }, // no sales in March
    ])
    // period: sales 100 + 50 (the void one is out), balance at 04-01 = 60; DSO = 60 / 150 × 90 = 36
    expect(eur.dso).toEqual({ days: 36, receivables_outstanding_at_end: 60, credit_sales: 150, period_days: 90 })
    expect(eur).toMatchObject({ collection_average_days: 20, average_days_late: 5, recovery_time_days: 5, paid_count: 1, receivables_issued: 3 })
    expect(eur.collection_trend[2]).toEqual({ month: "2026-03", collection_average_days: 20, average_days_late: 5, paid_count: 1 })
    expect(eur.collection_trend[0]).toEqual({ month: "2026-01", collection_average_days: null, average_days_late: null, paid_count: 0 })
  })

  it("starts from what receivables issued before the trend still owed", () => {
    const [eur] = ledgerMeasures(
      [
        // issued before the trend, 200 of 500 paid before it, written off in February after 50 more
        group({ status: "written_off", span: 2, issued_in_period: false, amount: "500", opening_paid: "200", paid_before_close: "250" }),
        // issued before the trend, 100 of 300 paid before it, still open
        group({ span: 4, issued_in_period: false, amount: "300", opening_paid: "100" }),
      ],
      [{ currency_code: "eur", w: 1, net: "50" }],
      period,
      months
    )
    // 02-01: 300 + 200 - 50 = 450; after the write-off: 200
    expect(eur.dso.receivables_outstanding_at_end).toBe(200)
    expect(eur.dso.credit_sales).toBe(0)
    expect(eur.dso.days).toBeNull()
  })

  it("keeps exact decimals in sums and never adds two currencies", () => {
    const measures = ledgerMeasures(
      [group({ amount: "0.1" }), group({ amount: "0.2" }), group({ currency_code: "jpy", amount: "1000" })],
      [],
      period,
      months
    )
    expect(measures.map((m) => [m.currency_code, m.dso.receivables_outstanding_at_end, m.dso.credit_sales])).toEqual([
      ["eur", 0.3, 0.3],
      ["jpy", 1000, 1000],
    ])
  })

  it("gives null, not zero, where there is nothing to divide by", () => {
    const [eur] = ledgerMeasures([group({ issued_in_period: false, span: 4 })], [], period, months)
    expect(eur.dso.days).toBeNull()
    expect(eur.collection_average_days).toBeNull()
    expect(eur.recovery_time_days).toBeNull()
  })
})

describe("promises", () => {
  const now = d("2026-07-15T12:00:00Z")
  it("is kept once fulfilled, broken when the deadline has passed, open before", () => {
    expect(promiseState(true, "2026-08-01T00:00:00Z", now)).toBe("kept")
    expect(promiseState(false, "2026-07-15T12:00:00Z", now)).toBe("broken")
    expect(promiseState(false, "2026-07-15T12:00:01Z", now)).toBe("open")
  })

  it("judges a promise over several currencies as a whole", () => {
    const counts = countPromises(
      [
        { id: "p1", currency_code: "eur", deadline: "2026-07-01T00:00:00Z", kept: true },
        { id: "p1", currency_code: "usd", deadline: "2026-07-01T00:00:00Z", kept: false },
        { id: "p2", currency_code: "eur", deadline: "2026-08-01T00:00:00Z", kept: true },
        { id: "p2", currency_code: "usd", deadline: "2026-08-01T00:00:00Z", kept: false },
        { id: "p3", currency_code: "eur", deadline: "2026-08-01T00:00:00Z", kept: true },
      ],
      now
    )
    expect(counts).toEqual({ made: 3, kept: 1, broken: 1, open: 1 })
  })
})

describe("notices by channel", () => {
  it("counts statuses per channel and currency", () => {
    const byCurrency = channelsByCurrency([
      { currency_code: "eur", channel: "webhook", status: "failed", scheduled: 1 },
      { currency_code: "eur", channel: "email", status: "sent", scheduled: 3 },
      { currency_code: "eur", channel: "email", status: "scheduled", scheduled: 2 },
      { currency_code: "eur", channel: "email", status: "failed", scheduled: 0 },
      { currency_code: "usd", channel: "email", status: "cancelled", scheduled: 1 },
    ])
    expect(byCurrency.get("eur")).toEqual([
      { channel: "email", sent: 3, failed: 0, cancelled: 0, scheduled: 2 },
      { channel: "webhook", sent: 0, failed: 1, cancelled: 0, scheduled: 0 },
    ])
    expect(byCurrency.get("usd")).toEqual([{ channel: "email", sent: 0, failed: 0, cancelled: 1, scheduled: 0 }])
  })
})

describe("collection rate per stage", () => {
  const row = (overrides: Partial<NoticeLineRow>): NoticeLineRow => ({
    currency_code: "eur",
    stage_key: "dstg_1",
    stage_name: "First reminder",
    stage_offset_days: 5,
    channel: "email",
    scheduled: 0,
    notices: 0,
    receivables: 0,
    amount: "0",
    paid_count: 0,
    paid_amount: "0",
    ...overrides,
  })

  it("adds up a stage's rows over channels, sorts stages by offset and leaves out stages with nothing sent", () => {
    const rates = stageRates([
      row({ channel: "email", notices: 2, receivables: 3, amount: "100.10", paid_count: 1, paid_amount: "50.05" }),
      row({ channel: "webhook", notices: 1, receivables: 1, amount: "0.20", paid_count: 1, paid_amount: "0.20" }),
      row({ stage_key: "Manual reminder", stage_name: "Manual reminder", stage_offset_days: 0, notices: 1, receivables: 1, amount: "10" }),
      // notices scheduled in the period but sent after it: no rate
      row({ stage_key: "dstg_2", stage_name: "Final notice", stage_offset_days: 30, scheduled: 4 }),
      row({ currency_code: "usd", notices: 1, receivables: 2, amount: "30", paid_count: 2, paid_amount: "30" }),
    ])
    expect(rates.get("eur")).toEqual([
      { stage_name: "Manual reminder", stage_id: null, notices: 1, receivables: 1, amount: 10, paid_count: 0, paid_amount: 0, count_rate: 0, amount_rate: 0 },
      { stage_name: "First reminder", stage_id: "dstg_1", notices: 3, receivables: 4, amount: 100.3, paid_count: 2, paid_amount: 50.25, count_rate: 0.5, amount_rate: 0.501 },
    ])
    expect(rates.get("usd")).toEqual([
      { stage_name: "First reminder", stage_id: "dstg_1", notices: 1, receivables: 2, amount: 30, paid_count: 2, paid_amount: 30, count_rate: 1, amount_rate: 1 },
    ])
  })
})
