import {
  creditHoldRulesOf,
  creditStanding,
  decideCreditHold,
  holdReason,
  liftReason,
  orderSlippedThrough,
  refusesCheckout,
  type CreditHoldRules,
  type OpenInvoice,
} from "../domain/credit-hold"
import { DEFAULT_POLICY, policyProblems } from "../domain/policy"

const NOW = new Date("2026-06-15T12:00:00Z")
const DAY = 86_400_000
const dueDaysAgo = (days: number) => new Date(NOW.getTime() - days * DAY)

const invoice = (id: string, outstanding: string, daysOverdue: number, extra: Partial<OpenInvoice> = {}): OpenInvoice => ({
  id,
  currency_code: "eur",
  outstanding,
  due_at: dueDaysAgo(daysOverdue),
  stage: null,
  ...extra,
})

const rules = (changes: Partial<CreditHoldRules> = {}): CreditHoldRules => ({
  policy_id: "dpol_1",
  hold_stages: [],
  overdue_above: [],
  days_overdue: null,
  timezone: "UTC",
  ...changes,
})

describe("credit hold rules of a policy", () => {
  const stage = (id: string, offset_days: number, credit_hold = false) => ({ id, name: id, offset_days, position: 0, credit_hold })

  it("holds from the first credit-hold stage on, in offset order", () => {
    const found = creditHoldRulesOf({
      id: "dpol_1",
      enabled: true,
      timezone: "Europe/Berlin",
      stages: [stage("final", 60), stage("escalate", 45, true), stage("overdue", 5)],
    })
    expect(found?.hold_stages.map((s) => s.id)).toEqual(["escalate", "final"])
    expect(found).toMatchObject({ overdue_above: [], days_overdue: null, timezone: "Europe/Berlin" })
  })

  it("has none for a policy without credit hold settings, or a disabled one", () => {
    expect(creditHoldRulesOf({ id: "p", enabled: true, timezone: "UTC", stages: [stage("a", 5)] })).toBeNull()
    expect(creditHoldRulesOf({ id: "p", enabled: false, timezone: "UTC", credit_hold_days_overdue: 60, stages: [] })).toBeNull()
    expect(
      creditHoldRulesOf({ id: "p", enabled: true, timezone: "UTC", credit_hold_overdue_above: [{ currency_code: "EUR", amount: "10000" }], stages: [] })
    ).toMatchObject({ overdue_above: [{ currency_code: "eur", amount: "10000" }] })
  })

  it("gives the default policy's escalation stage the credit hold, and refuses one before the due date", () => {
    expect(DEFAULT_POLICY.stages.filter((s) => s.credit_hold).map((s) => s.name)).toEqual(["Escalation to account rep"])
    expect(policyProblems(DEFAULT_POLICY)).toEqual([])
    const early = { ...DEFAULT_POLICY, stages: DEFAULT_POLICY.stages.map((s, i) => (i === 1 ? { ...s, credit_hold: true } : s)) }
    expect(policyProblems(early)).toEqual([
      { field: "stages.1.credit_hold", message: "a credit hold is for overdue invoices: only a stage after the due date (offset_days above 0) can place one" },
    ])
    const twice = { ...DEFAULT_POLICY, credit_hold_overdue_above: [{ currency_code: "eur", amount: "1" }, { currency_code: "EUR", amount: "2" }] }
    expect(policyProblems(twice)).toEqual([{ field: "credit_hold_overdue_above.1.currency_code", message: "lists 'eur' twice; one limit per currency" }])
  })
})

describe("where a customer stands against the rules", () => {
  it("holds a customer whose invoice reached a credit-hold stage, until that invoice is paid", () => {
    const r = rules({ hold_stages: [{ id: "escalate", name: "Escalation to account rep" }] })
    const standing = creditStanding(
      [invoice("a", "12000", 46, { stage: "escalate" }), invoice("b", "400", 10, { stage: "overdue" }), invoice("c", "99", -5)],
      r,
      NOW
    )
    expect(standing).toEqual({
      breaches: [{ kind: "stage", stage_id: "escalate", stage_name: "Escalation to account rep", receivable_ids: ["a"] }],
      days_overdue: 46,
      overdue: [{ currency_code: "eur", outstanding: "12400", count: 2 }],
      amounts_to_lift: [{ currency_code: "eur", amount: "12000" }],
      receivable_ids: ["a"],
    })
    expect(holdReason(standing)).toBe('46 days overdue, 12,400.00 EUR: an invoice reached the stage "Escalation to account rep"')
    expect(creditStanding([invoice("a", "0", 46, { stage: "escalate" }), invoice("b", "400", 10)], r, NOW).breaches).toEqual([])
  })

  it("holds past the days limit (more than N days), counting calendar days in the policy's timezone", () => {
    const r = rules({ days_overdue: 60 })
    expect(creditStanding([invoice("a", "100", 60)], r, NOW).breaches).toEqual([])
    const late = creditStanding([invoice("a", "100", 61), invoice("b", "50", 20)], r, NOW)
    expect(late.breaches).toEqual([{ kind: "days_overdue", limit_days: 60, days: 61, receivable_ids: ["a"] }])
    expect(late.amounts_to_lift).toEqual([{ currency_code: "eur", amount: "100" }])
    // due at 23:30 UTC on the 15th of April: in Berlin already the 16th, one calendar day less overdue
    const edge = [{ ...invoice("a", "100", 0), due_at: new Date("2026-04-15T23:30:00Z") }]
    expect(creditStanding(edge, rules({ days_overdue: 60 }), NOW).breaches).toHaveLength(1)
    expect(creditStanding(edge, rules({ days_overdue: 60, timezone: "Europe/Berlin" }), NOW).breaches).toEqual([])
  })

  it("holds above an overdue limit per currency; lifting takes the overdue amount down to the limit", () => {
    const r = rules({ overdue_above: [{ currency_code: "eur", amount: "10000" }] })
    const standing = creditStanding(
      [invoice("a", "8000", 30), invoice("b", "4400.50", 3), invoice("c", "5000", -10), invoice("u", "90000", 30, { currency_code: "usd" })],
      r,
      NOW
    )
    expect(standing.breaches).toEqual([{ kind: "overdue_above", currency_code: "eur", limit: "10000", overdue: "12400.5" }])
    expect(standing.amounts_to_lift).toEqual([{ currency_code: "eur", amount: "2400.5" }])
    expect(standing.receivable_ids).toEqual([])
    expect(creditStanding([invoice("a", "10000", 30)], r, NOW).breaches).toEqual([])
  })

  it("asks for the invoices that must be paid plus what is still above the limit, never adding two currencies", () => {
    const r = rules({ hold_stages: [{ id: "final", name: "Final" }], overdue_above: [{ currency_code: "eur", amount: "1000" }] })
    const standing = creditStanding(
      [invoice("a", "700", 50, { stage: "final" }), invoice("b", "900", 20), invoice("c", "600", 15), invoice("d", "50", 50, { currency_code: "usd", stage: "final" })],
      r,
      NOW
    )
    // eur: 700 at the stage, then 1500 overdue left against a limit of 1000: 700 + 500
    expect(standing.amounts_to_lift).toEqual([
      { currency_code: "eur", amount: "1200" },
      { currency_code: "usd", amount: "50" },
    ])
    expect(standing.receivable_ids).toEqual(["a", "d"])
    expect(holdReason(standing)).toBe(
      '50 days overdue, 2,200.00 EUR and 50.00 USD: 2 invoices reached the stage "Final"; 2,200.00 EUR overdue is above the limit of 1,000.00 EUR'
    )
  })

  it("is past nothing without rules, and says so when lifting", () => {
    const standing = creditStanding([invoice("a", "100", 3)], null, NOW)
    expect(standing.breaches).toEqual([])
    expect(liftReason(standing)).toBe("no longer past the policy's credit hold rules (3 days overdue, 100.00 EUR)")
    expect(liftReason(creditStanding([], null, NOW))).toBe("no longer past the policy's credit hold rules (nothing overdue)")
  })
})

describe("what happens to a customer's hold", () => {
  const past = creditStanding([invoice("a", "100", 61)], rules({ days_overdue: 60 }), NOW)
  const clear = creditStanding([invoice("a", "100", 10)], rules({ days_overdue: 60 }), NOW)
  const decide = (input: Partial<Parameters<typeof decideCreditHold>[0]>) =>
    decideCreditHold({ hold: null, waiver: null, standing: past, may_place: true, now: NOW, ...input })

  it("places a hold only where the run may place one", () => {
    expect(decide({})).toEqual({ action: "place", end_waiver: false, source: "rule" })
    expect(decide({ may_place: false })).toEqual({ action: "none", end_waiver: false })
    expect(decide({ standing: clear })).toEqual({ action: "none", end_waiver: false })
  })

  it("lifts an automatic hold once the customer is clear, and updates what lifts it meanwhile", () => {
    expect(decide({ hold: { id: "h", source: "stage" }, standing: clear, may_place: false })).toEqual({ action: "lift", end_waiver: false })
    expect(decide({ hold: { id: "h", source: "rule" } })).toEqual({ action: "refresh", end_waiver: false })
  })

  it("never lifts a hold placed by hand", () => {
    expect(decide({ hold: { id: "h", source: "manual" }, standing: clear })).toEqual({ action: "none", end_waiver: false })
  })

  it("keeps a waiver until the customer is clear of the rules once, or until its date", () => {
    const waiver = { hold_id: "h0", until: null }
    expect(decide({ waiver })).toEqual({ action: "none", end_waiver: false })
    expect(decide({ waiver, standing: clear })).toEqual({ action: "none", end_waiver: true })
    const dated = { hold_id: "h0", until: new Date(NOW.getTime() + DAY) }
    expect(decide({ waiver: dated })).toEqual({ action: "none", end_waiver: false })
    expect(decide({ waiver: dated, now: new Date(NOW.getTime() + 2 * DAY) })).toEqual({ action: "place", end_waiver: true, source: "rule" })
  })
})

describe("orders of a held customer", () => {
  const terms = ["pp_system_default"]

  it("refuses a checkout paid on terms, and any checkout when every order is blocked", () => {
    expect(refusesCheckout({ payment_provider_ids: ["pp_system_default"], terms_providers: terms, block_all_orders: false })).toBe(true)
    expect(refusesCheckout({ payment_provider_ids: ["pp_card_card"], terms_providers: terms, block_all_orders: false })).toBe(false)
    expect(refusesCheckout({ payment_provider_ids: ["pp_card_card"], terms_providers: terms, block_all_orders: true })).toBe(true)
  })

  it("flags an order that became a receivable on terms, or any order when every order is blocked", () => {
    const flag = (providers: string[], became_receivable: boolean, block_all_orders = false) =>
      orderSlippedThrough({ payment_provider_ids: providers, terms_providers: terms, block_all_orders, became_receivable })
    expect(flag(["pp_system_default"], true)).toBe(true)
    expect(flag([], true)).toBe(true)
    expect(flag(["pp_card_card"], true)).toBe(false)
    expect(flag(["pp_system_default"], false)).toBe(false)
    expect(flag(["pp_autocapture_autocapture"], false, true)).toBe(true)
  })
})
