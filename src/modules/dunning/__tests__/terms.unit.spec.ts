import {
  dueDateFor,
  resolveTermsDays,
  resolveTermsStart,
  termsStartedAt,
  whyNotInvoiceable,
  whyNotOnTerms,
  type CustomerTerms,
  type OnTermsRules,
  type OrderPaymentFacts,
} from "../domain/terms"

describe("resolveTermsDays", () => {
  it("uses the customer's own terms first, even when they are 0 (cash on delivery)", () => {
    expect(resolveTermsDays({ profileTermsDays: 0, groupTermsDays: [60], defaultTermsDays: 30 })).toBe(0)
    expect(resolveTermsDays({ profileTermsDays: 45, groupTermsDays: [60], defaultTermsDays: 30 })).toBe(45)
  })

  it("falls back to the longest terms of the customer's groups", () => {
    expect(resolveTermsDays({ profileTermsDays: null, groupTermsDays: [14, 60, null], defaultTermsDays: 30 })).toBe(60)
  })

  it("falls back to the plugin default when nothing else names terms", () => {
    expect(resolveTermsDays({ groupTermsDays: [], defaultTermsDays: 30 })).toBe(30)
    expect(resolveTermsDays({ defaultTermsDays: 7 })).toBe(7)
  })
})

describe("dueDateFor", () => {
  it("adds whole days to the issue instant", () => {
    const issued = new Date("2026-01-31T10:15:00.000Z")
    expect(dueDateFor(issued, 30).toISOString()).toBe("2026-03-02T10:15:00.000Z")
    expect(dueDateFor(issued, 0).toISOString()).toBe(issued.toISOString())
  })

  it("crosses a leap day", () => {
    expect(dueDateFor(new Date("2028-02-28T00:00:00Z"), 1).toISOString()).toBe("2028-02-29T00:00:00.000Z")
  })
})

const customer = (over: Partial<CustomerTerms> = {}): CustomerTerms => ({
  has_profile: false,
  profile_terms_days: null,
  profile_terms_start: null,
  group_terms_days: [],
  ...over,
})
const order = (over: Partial<OrderPaymentFacts> = {}): OrderPaymentFacts => ({
  has_customer: true,
  canceled: false,
  total: "251.00",
  captured: "0",
  payment_provider_ids: ["pp_system_default"],
  ...over,
})
const RULES: OnTermsRules = { payment_providers: ["pp_system_default"], customers: "with_terms" }

describe("whyNotOnTerms", () => {
  it("takes a listed provider's order of a customer set up for collections (a profile, or a group with terms)", () => {
    expect(whyNotOnTerms(order(), customer({ has_profile: true }), RULES)).toBeNull()
    expect(whyNotOnTerms(order(), customer({ group_terms_days: [60] }), RULES)).toBeNull()
  })

  it("refuses any order of a customer the merchant did not set up, unless widened to all customers", () => {
    expect(whyNotOnTerms(order(), customer(), RULES)).toBe("the customer has no collection profile and is in no customer group with terms")
    expect(whyNotOnTerms(order(), customer(), { ...RULES, customers: "all" })).toBeNull()
  })

  it("refuses a provider that is not on terms unless the customer has terms of their own", () => {
    const card = order({ payment_provider_ids: ["pp_stripe_stripe"] })
    expect(whyNotOnTerms(card, customer({ has_profile: true }), RULES)).toBe(
      "it was paid with pp_stripe_stripe, which is not a payment on terms, and the customer has no terms of their own"
    )
    expect(whyNotOnTerms(card, customer({ has_profile: true, profile_terms_days: 0 }), RULES)).toBeNull()
    expect(whyNotOnTerms(card, customer({ group_terms_days: [30] }), RULES)).toBeNull()
    expect(whyNotOnTerms(card, customer(), { ...RULES, customers: "all" })).toMatch(/not a payment on terms/)
    expect(whyNotOnTerms(order({ payment_provider_ids: [] }), customer({ has_profile: true }), { ...RULES, payment_providers: [] })).toBe(
      "it was paid with no payment provider, which is not a payment on terms, and the customer has no terms of their own"
    )
  })

  it("never takes an order without a customer, canceled, with nothing to pay or paid at checkout", () => {
    const known = customer({ has_profile: true, profile_terms_days: 30 })
    expect(whyNotOnTerms(order({ has_customer: false }), known, RULES)).toBe("the order has no customer")
    expect(whyNotOnTerms(order({ canceled: true }), known, RULES)).toBe("the order is canceled")
    expect(whyNotOnTerms(order({ total: "0" }), known, RULES)).toBe("the order total is zero")
    expect(whyNotOnTerms(order({ captured: "251" }), known, RULES)).toBe("the order was paid at checkout")
    expect(whyNotOnTerms(order({ captured: "250.99" }), known, RULES)).toBeNull()
  })
})

describe("whyNotInvoiceable", () => {
  it("lets an admin invoice any order with a customer and something to pay, whoever paid how", () => {
    expect(whyNotInvoiceable(order({ payment_provider_ids: ["pp_stripe_stripe"] }))).toBeNull()
    expect(whyNotInvoiceable(order({ captured: "300" }))).toBe("the order was paid at checkout")
  })
})

describe("when terms start", () => {
  const placed = new Date("2026-05-04T10:00:00.000Z")

  it("takes the profile's choice, else the plugin's", () => {
    expect(resolveTermsStart(customer({ profile_terms_start: "delivery" }), "shipment")).toBe("delivery")
    expect(resolveTermsStart(customer(), "shipment")).toBe("shipment")
  })

  it("runs from the order date, or from the first shipment or delivery of the fulfilments not canceled", () => {
    const fulfilments = [
      { shipped_at: "2026-05-09T08:00:00.000Z", delivered_at: null },
      { shipped_at: "2026-05-06T08:00:00.000Z", delivered_at: "2026-05-12T15:00:00.000Z" },
      { shipped_at: "2026-05-05T08:00:00.000Z", delivered_at: "2026-05-07T15:00:00.000Z", canceled_at: "2026-05-05T09:00:00.000Z" },
    ]
    expect(termsStartedAt("order", placed, fulfilments)).toEqual(placed)
    expect(termsStartedAt("shipment", placed, fulfilments)).toEqual(new Date("2026-05-06T08:00:00.000Z"))
    expect(termsStartedAt("delivery", placed, fulfilments)).toEqual(new Date("2026-05-12T15:00:00.000Z"))
  })

  it("waits while nothing has shipped or been delivered; a delivery without a recorded shipment counts as shipped", () => {
    expect(termsStartedAt("shipment", placed, [])).toBeNull()
    expect(termsStartedAt("shipment", placed, [{ shipped_at: null, delivered_at: null }])).toBeNull()
    expect(termsStartedAt("delivery", placed, [{ shipped_at: "2026-05-06T08:00:00.000Z" }])).toBeNull()
    expect(termsStartedAt("shipment", placed, [{ shipped_at: null, delivered_at: "2026-05-08T08:00:00.000Z" }])).toEqual(
      new Date("2026-05-08T08:00:00.000Z")
    )
  })
})
