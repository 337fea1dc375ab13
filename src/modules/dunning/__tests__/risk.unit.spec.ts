import { assessRisk, riskBand, topFactors, type CurrencyFacts, type RiskFacts, type RiskFactorKey, type RiskSettings } from "../domain/risk"
import { describeFactor, ordinal, riskBandChange } from "../domain/risk-change"
import validateOptionsLoader from "../loaders/validate-options"
import { riskDefaults, riskSettings } from "../risk-options"

/*
 * Every figure below is worked out by hand from the default settings: the weights add up to 100 (days late 25,
 * on time 15, broken promises 15, disputes 10, overdue 20, undelivered notices 5, trend 10), so a factor's
 * contribution is its weight × min(1, value / fullAt): days late in full at 30 days, broken promises at 2,
 * disputes at 3, overdue at 2 months of purchases, undelivered notices at 3, a trend at 15 days later.
 */
const NOW = new Date("2026-06-15T12:00:00Z")
const DEFAULTS = riskSettings(riskDefaults())
const none = { count: 0, amount: "0", amount_days_late: "0" }

/** A currency with nothing in it but what the test says. */
const currency = (over: Partial<CurrencyFacts> = {}): CurrencyFacts => ({
  currency_code: "eur",
  settled: { ...none, on_time: 0 },
  recent: none,
  earlier: none,
  invoiced_amount: "0",
  first_invoiced_at: null,
  overdue_amount: "0",
  ...over,
})
const customer = (over: Partial<RiskFacts> = {}): RiskFacts => ({ customer_id: "cus_a", currencies: [], broken_promises: 0, disputes: 0, bounced_contacts: 0, ...over })
const factor = (facts: RiskFacts, key: RiskFactorKey, settings: RiskSettings = DEFAULTS) => assessRisk(facts, settings, NOW).factors.find((f) => f.key === key)!

describe("the risk factors", () => {
  it("days late: weighted by amount within a currency, the currencies by their number of invoices", () => {
    // EUR: 1000 paid 10 days late and 3000 on time → 10,000 amount-days over 4000 = 2.5 days
    const eur = currency({ settled: { count: 2, amount: "4000", amount_days_late: "10000", on_time: 1 } })
    expect(factor(customer({ currencies: [eur] }), "days_late")).toEqual({ key: "days_late", value: 2.5, contribution: 2.1 })
    // USD: one invoice of 500 paid 20 days late → (2 × 2.5 + 1 × 20) / 3 = 8.33 days; 25 × 8.33 / 30 = 6.94
    const usd = currency({ currency_code: "usd", settled: { count: 1, amount: "500", amount_days_late: "10000", on_time: 0 } })
    expect(factor(customer({ currencies: [eur, usd] }), "days_late")).toEqual({ key: "days_late", value: 8.3, contribution: 6.9 })
    // 45 days late on average counts in full, no more
    const late = currency({ settled: { count: 1, amount: "100", amount_days_late: "4500", on_time: 0 } })
    expect(factor(customer({ currencies: [late] }), "days_late")).toEqual({ key: "days_late", value: 45, contribution: 25 })
    // nothing settled: nothing to measure
    expect(factor(customer({ currencies: [currency()] }), "days_late")).toEqual({ key: "days_late", value: null, contribution: 0 })
  })

  it("share paid on time: the share late counts", () => {
    // 2 of 3 on time: 15 × 1/3 = 5
    const c = currency({ settled: { count: 3, amount: "300", amount_days_late: "100", on_time: 2 } })
    expect(factor(customer({ currencies: [c] }), "on_time")).toEqual({ key: "on_time", value: 0.6667, contribution: 5 })
    const allOnTime = currency({ settled: { count: 4, amount: "400", amount_days_late: "0", on_time: 4 } })
    expect(factor(customer({ currencies: [allOnTime] }), "on_time")).toEqual({ key: "on_time", value: 1, contribution: 0 })
    expect(factor(customer(), "on_time")).toEqual({ key: "on_time", value: null, contribution: 0 })
  })

  it("broken promises, disputes and undelivered notices count up to their full weight", () => {
    expect(factor(customer({ broken_promises: 1 }), "broken_promises")).toEqual({ key: "broken_promises", value: 1, contribution: 7.5 })
    expect(factor(customer({ broken_promises: 2 }), "broken_promises").contribution).toBe(15)
    expect(factor(customer({ broken_promises: 5 }), "broken_promises")).toEqual({ key: "broken_promises", value: 5, contribution: 15 })
    // 10 × 1/3
    expect(factor(customer({ disputes: 1 }), "disputes")).toEqual({ key: "disputes", value: 1, contribution: 3.3 })
    expect(factor(customer({ disputes: 3 }), "disputes").contribution).toBe(10)
    // 5 × 2/3
    expect(factor(customer({ bounced_contacts: 2 }), "bounced_contacts")).toEqual({ key: "bounced_contacts", value: 2, contribution: 3.3 })
  })

  it("overdue: months of the customer's typical purchases, in the worst currency", () => {
    // 12,000 invoiced since more than a year → 1000 a month; 1500 overdue = 1.5 months; 20 × 1.5 / 2 = 15
    const steady = currency({ invoiced_amount: "12000", first_invoiced_at: new Date("2025-01-01T00:00:00Z"), overdue_amount: "1500" })
    expect(factor(customer({ currencies: [steady] }), "overdue")).toEqual({ key: "overdue", value: 1.5, contribution: 15 })
    // a customer since 15 days: a month at least, so 2000 a month; 1000 overdue = 0.5 months; 20 × 0.25 = 5
    const fresh = currency({ invoiced_amount: "2000", first_invoiced_at: new Date("2026-05-31T12:00:00Z"), overdue_amount: "1000" })
    expect(factor(customer({ currencies: [fresh] }), "overdue")).toEqual({ key: "overdue", value: 0.5, contribution: 5 })
    // 4 months since the first invoice: 6000 / 4 = 1500 a month (2026-02-15T12:00 → 2026-06-15T12:00 is 120 days = 3.94 months)
    const young = currency({ invoiced_amount: "6000", first_invoiced_at: new Date("2026-02-15T12:00:00Z"), overdue_amount: "1500" })
    expect(factor(customer({ currencies: [young] }), "overdue").value).toBeCloseTo(0.99, 2)
    // USD: 3000 overdue against 1000 a month; the worst currency counts, in full from 2 months
    const usd = currency({ currency_code: "usd", invoiced_amount: "12000", first_invoiced_at: new Date("2025-01-01T00:00:00Z"), overdue_amount: "3000" })
    expect(factor(customer({ currencies: [steady, usd] }), "overdue")).toEqual({ key: "overdue", value: 3, contribution: 20 })
    // money overdue with nothing invoiced in the window counts in full
    const old = currency({ overdue_amount: "500" })
    expect(factor(customer({ currencies: [old] }), "overdue")).toEqual({ key: "overdue", value: 2, contribution: 20 })
    expect(factor(customer({ currencies: [currency({ invoiced_amount: "100", first_invoiced_at: NOW })] }), "overdue")).toEqual({ key: "overdue", value: 0, contribution: 0 })
  })

  it("trend: the last three months against the nine before; paying earlier counts nothing", () => {
    // lately 1000 paid 20 days late (20 days); before, 1000 at 5 days and 1000 on time (2.5 days): 17.5 days later
    const later = currency({
      recent: { count: 1, amount: "1000", amount_days_late: "20000" },
      earlier: { count: 2, amount: "2000", amount_days_late: "5000" },
    })
    expect(factor(customer({ currencies: [later] }), "trend")).toEqual({ key: "trend", value: 17.5, contribution: 10 })
    // 6 days later: 10 × 6 / 15 = 4
    const slightly = currency({ recent: { count: 1, amount: "100", amount_days_late: "800" }, earlier: { count: 1, amount: "100", amount_days_late: "200" } })
    expect(factor(customer({ currencies: [slightly] }), "trend")).toEqual({ key: "trend", value: 6, contribution: 4 })
    const earlier = currency({ recent: { count: 1, amount: "100", amount_days_late: "0" }, earlier: { count: 1, amount: "100", amount_days_late: "1000" } })
    expect(factor(customer({ currencies: [earlier] }), "trend")).toEqual({ key: "trend", value: -10, contribution: 0 })
    // nothing settled in one of the two periods: no trend
    const onlyRecent = currency({ recent: { count: 1, amount: "100", amount_days_late: "800" } })
    expect(factor(customer({ currencies: [onlyRecent] }), "trend")).toEqual({ key: "trend", value: null, contribution: 0 })
  })
})

describe("the score and the band", () => {
  /** Three invoices settled: one 30 days late of 1000, two on time of 1000 (10 days on average, 1/3 late). */
  const history = currency({
    settled: { count: 3, amount: "3000", amount_days_late: "30000", on_time: 2 },
    invoiced_amount: "12000",
    first_invoiced_at: new Date("2025-01-01T00:00:00Z"),
  })

  it("adds the contributions up, and bands the score", () => {
    // days late 25 × 10/30 = 8.33, on time 15 × 1/3 = 5, broken promises 7.5: 20.83 → 21, low
    const a = assessRisk(customer({ currencies: [history], broken_promises: 1 }), DEFAULTS, NOW)
    expect(a.factors.map((f) => [f.key, f.contribution])).toEqual([
      ["days_late", 8.3],
      ["on_time", 5],
      ["broken_promises", 7.5],
      ["disputes", 0],
      ["overdue", 0],
      ["bounced_contacts", 0],
      ["trend", 0],
    ])
    expect(a).toMatchObject({ score: 21, band: "low", settled_invoices: 3, computed_at: NOW })
    // a second broken promise (+7.5) and 1500 overdue (15): 43.33 → 43, medium
    const b = assessRisk(customer({ currencies: [{ ...history, overdue_amount: "1500" }], broken_promises: 2 }), DEFAULTS, NOW)
    expect(b).toMatchObject({ score: 43, band: "medium" })
    // and a dispute on top of two more (10) and two undelivered notices (3.33): 56.67 + ... → high from 65
    const c = assessRisk(customer({ currencies: [{ ...history, overdue_amount: "3000" }], broken_promises: 2, disputes: 3, bounced_contacts: 3 }), DEFAULTS, NOW)
    // 8.33 + 5 + 15 + 10 + 20 + 5 = 63.33 → 63: still medium; the thresholds decide
    expect(c).toMatchObject({ score: 63, band: "medium" })
    expect(assessRisk(customer({ currencies: [{ ...history, overdue_amount: "3000" }], broken_promises: 2, disputes: 3, bounced_contacts: 3 }), { ...DEFAULTS, bands: { medium: 35, high: 60 } }, NOW).band).toBe("high")
  })

  it("calls a customer with too little history new, whatever the score", () => {
    const two = currency({ settled: { count: 2, amount: "2000", amount_days_late: "60000", on_time: 0 } })
    const a = assessRisk(customer({ currencies: [two], broken_promises: 2 }), DEFAULTS, NOW)
    // 25 + 15 + 15 = 55
    expect(a).toMatchObject({ score: 55, band: "new", settled_invoices: 2 })
    expect(assessRisk(customer({ currencies: [two] }), { ...DEFAULTS, minSettledInvoices: 2 }, NOW).band).not.toBe("new")
    expect(riskBand(80, 0, DEFAULTS)).toBe("new")
    expect([riskBand(34, 3, DEFAULTS), riskBand(35, 3, DEFAULTS), riskBand(64, 3, DEFAULTS), riskBand(65, 3, DEFAULTS)]).toEqual(["low", "medium", "medium", "high"])
  })

  it("takes the weights as relative: the score always runs to 100", () => {
    const facts = customer({ currencies: [history], broken_promises: 1 })
    const doubled = { ...DEFAULTS, weights: Object.fromEntries(Object.entries(DEFAULTS.weights).map(([k, v]) => [k, v * 2])) as RiskSettings["weights"] }
    expect(assessRisk(facts, doubled, NOW).score).toBe(assessRisk(facts, DEFAULTS, NOW).score)
    // only broken promises weigh: one of two counts half, 50
    const onlyPromises = { ...DEFAULTS, weights: { daysLate: 0, onTime: 0, brokenPromises: 3, disputes: 0, overdue: 0, bouncedContacts: 0, trend: 0 } }
    const a = assessRisk(facts, onlyPromises, NOW)
    expect(a.score).toBe(50)
    expect(a.factors.find((f) => f.key === "days_late")).toEqual({ key: "days_late", value: 10, contribution: 0 })
  })

  it("names the factors that weigh most, largest first", () => {
    const a = assessRisk(customer({ currencies: [{ ...history, overdue_amount: "1500" }], broken_promises: 1 }), DEFAULTS, NOW)
    expect(topFactors(a.factors).map((f) => f.key)).toEqual(["overdue", "days_late", "broken_promises"])
    expect(topFactors(assessRisk(customer(), DEFAULTS, NOW).factors)).toEqual([])
  })
})

describe("a change of band and its reason", () => {
  const base = currency({ settled: { count: 4, amount: "4000", amount_days_late: "40000", on_time: 2 }, overdue_amount: "1500", invoiced_amount: "12000", first_invoiced_at: new Date("2025-01-01T00:00:00Z") })
  const at = (broken: number, more: Partial<RiskFacts> = {}) => assessRisk(customer({ currencies: [base], broken_promises: broken, ...more }), DEFAULTS, NOW)

  it("tells the factor whose contribution rose most, counting one by one", () => {
    // days late 8.33, on time 7.5, overdue 15; one broken promise 7.5 and two disputes 6.67: 45, medium
    const before = at(1, { disputes: 2 })
    expect(before).toMatchObject({ score: 45, band: "medium" })
    // a second broken promise (+7.5) and two undelivered notices (+3.33): 55.83, high from 55
    const high = assessRisk(customer({ currencies: [base], broken_promises: 2, disputes: 2, bounced_contacts: 2 }), { ...DEFAULTS, bands: { medium: 35, high: 55 } }, NOW)
    const change = riskBandChange({ band: "medium", score: before.score, factors: before.factors }, high)
    // broken promises rose 7.5, undelivered notices 3.33, disputes not at all
    expect(change).toEqual({
      customer_id: "cus_a",
      from_band: "medium",
      to_band: "high",
      from_score: before.score,
      to_score: high.score,
      factor: "broken_promises",
      reason: "second broken promise",
      changed_at: NOW,
    })
  })

  it("tells a fall by the factor that fell most, with what it was", () => {
    const was = at(2)
    const now = at(0)
    const change = riskBandChange({ band: "high", score: 60, factors: was.factors }, { ...now, band: "medium" })
    expect(change).toMatchObject({ from_band: "high", to_band: "medium", factor: "broken_promises", reason: "0 broken promises in 12 months (was 2 broken promises in 12 months)" })
  })

  it("records nothing for a first assessment or the same band", () => {
    const a = at(1)
    expect(riskBandChange(null, a)).toBeNull()
    expect(riskBandChange({ band: a.band, score: 10, factors: [] }, a)).toBeNull()
  })

  it("tells a move out of and into 'new' by the history, and a move under new settings as such", () => {
    const a = at(1)
    expect(riskBandChange({ band: "new", score: 30, factors: [] }, a)).toMatchObject({
      from_band: "new",
      factor: null,
      reason: "enough history: 4 invoices settled in 12 months; weighs most: 1.5 months of purchases overdue",
    })
    const thin = assessRisk(customer({ currencies: [currency({ settled: { count: 1, amount: "10", amount_days_late: "0", on_time: 1 } })] }), DEFAULTS, NOW)
    expect(riskBandChange({ band: "low", score: 10, factors: thin.factors }, thin)).toMatchObject({ to_band: "new", factor: null, reason: "too little history: 1 invoice settled in 12 months" })
    expect(riskBandChange({ band: "low", score: a.score, factors: a.factors }, { ...a, band: "medium" })).toMatchObject({
      factor: null,
      reason: `score ${a.score} → ${a.score} under the current settings`,
    })
  })

  it("says each factor in a rep's words", () => {
    expect(describeFactor("days_late", 12.5)).toBe("pays 12.5 days late on average")
    expect(describeFactor("on_time", 0.4)).toBe("pays 40% of invoices on time")
    expect(describeFactor("disputes", 1)).toBe("1 dispute in 12 months")
    expect(describeFactor("bounced_contacts", 2)).toBe("2 undelivered notices in 12 months")
    expect(describeFactor("overdue", 0)).toBe("nothing overdue")
    expect(describeFactor("trend", -3)).toBe("pays 3 days earlier than in the 9 months before")
    expect(describeFactor("trend", null)).toBe("no trend yet")
    expect([ordinal(1), ordinal(2), ordinal(10), ordinal(11)]).toEqual(["first", "second", "tenth", "11th"])
  })
})

describe("the nightly scoring's schedule", () => {
  it("stops the plugin from starting with one the workflow engine cannot keep, naming the option", async () => {
    const logger = { warn: jest.fn() } as any
    await expect(validateOptionsLoader({ options: { risk: { schedule: "0 3 1 1 *" } }, logger } as any)).rejects.toThrow(/'risk.schedule'/)
    await expect(validateOptionsLoader({ options: { risk: { schedule: "0 3 * * *" } }, logger } as any)).resolves.toBeUndefined()
  })
})
