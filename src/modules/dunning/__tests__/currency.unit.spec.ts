import { currencyDecimals, isKnownCurrency, MAX_AMOUNT, moneyProblem } from "../domain/currency"

describe("currencies and the amounts they take", () => {
  it("knows each currency's ISO 4217 minor units", () => {
    expect(currencyDecimals("eur")).toBe(2)
    expect(currencyDecimals("USD")).toBe(2)
    expect(currencyDecimals("jpy")).toBe(0)
    expect(currencyDecimals("krw")).toBe(0)
    expect(currencyDecimals("kwd")).toBe(3)
    expect(currencyDecimals("bhd")).toBe(3)
    expect(currencyDecimals("clf")).toBe(4)
    // CLDR shows these without decimals; ISO 4217 (and an ERP's invoice) has them
    expect(currencyDecimals("huf")).toBe(2)
    expect(currencyDecimals("idr")).toBe(2)
    expect(currencyDecimals("iqd")).toBe(3)
    expect(isKnownCurrency("EUR")).toBe(true)
    expect(isKnownCurrency("eru")).toBe(false)
  })

  it("accepts plain amounts that fit their currency", () => {
    for (const [value, currency_code] of [
      ["1250.00", "eur"],
      [1250.5, "eur"],
      ["1500", "jpy"],
      ["1500.0", "jpy"],
      ["12.345", "kwd"],
      [MAX_AMOUNT, "usd"],
      ["0", "eur"],
    ] as const) {
      expect({ value, problem: moneyProblem(value, { currency_code }) }).toEqual({ value, problem: null })
    }
  })

  it("refuses exponents, non-finite and negative values, and amounts beyond 10^13", () => {
    expect(moneyProblem(1e21)).toMatch(/at most 10000000000000/)
    expect(moneyProblem("1e21")).toMatch(/plain decimal.*exponent/)
    expect(moneyProblem("1.0000000000000000000e+21")).toMatch(/exponent/)
    expect(moneyProblem(1e-7)).toMatch(/plain decimal/)
    expect(moneyProblem(Number.NaN)).toMatch(/finite/)
    expect(moneyProblem(Number.POSITIVE_INFINITY)).toMatch(/finite/)
    expect(moneyProblem("Infinity")).toMatch(/decimal/)
    expect(moneyProblem(-5)).toBe("must not be negative")
    expect(moneyProblem("-5")).toBe("must not be negative")
    expect(moneyProblem("10000000000000.01")).toMatch(/at most 10000000000000/)
    expect(moneyProblem("12,50")).toMatch(/non-negative decimal/)
    expect(moneyProblem("1".repeat(41))).toMatch(/too long/)
    expect(moneyProblem(true)).toMatch(/number or a decimal string/)
    expect(moneyProblem({ $gt: 0 })).toMatch(/number or a decimal string/)
    expect(moneyProblem("0", { positive: true })).toBe("must be greater than zero")
  })

  it("refuses more decimals than the currency has, or than any currency has", () => {
    expect(moneyProblem("100.004", { currency_code: "eur" })).toBe("must have at most 2 decimals in EUR")
    expect(moneyProblem(0.1 + 0.2, { currency_code: "usd" })).toBe("must have at most 2 decimals in USD")
    expect(moneyProblem("1.5", { currency_code: "jpy" })).toBe("must be a whole amount in JPY, which has no minor unit")
    expect(moneyProblem("1.2345", { currency_code: "kwd" })).toBe("must have at most 3 decimals in KWD")
    expect(moneyProblem("0.0000000001")).toBe("must have at most 4 decimals")
    expect(moneyProblem("0.0000000001", { any_scale: true })).toBeNull()
  })
})
