import { receivableInputProblems, receivableProblems } from "../domain/receivable-rules"

const NOW = new Date("2026-06-15T12:00:00.000Z")
const fields = (problems: Array<{ field: string; message: string }>) => problems.map((p) => `${p.field}: ${p.message}`)

describe("the rules of a receivable", () => {
  it("refuses negative, malformed and unbounded amounts whatever the source, and never throws on them", () => {
    expect(fields(receivableProblems({ amount: "-1" }))).toEqual(["amount: must not be negative"])
    expect(fields(receivableProblems({ amount: "1e21" }))).toEqual([expect.stringMatching(/^amount: .*exponent/)])
    expect(fields(receivableProblems({ amount: "100", amount_paid: "NaN" }))).toEqual([expect.stringMatching(/^amount_paid: /)])
    expect(fields(receivableProblems({ amount: "100", amount_paid: "150" }))).toEqual(["amount_paid: must not exceed the amount (100)"])
    // an order total with tax may carry more decimals than the currency: it is Medusa's own number
    expect(receivableProblems({ currency_code: "eur", amount: "33.333333333333333333" })).toEqual([])
  })
})

describe("what the admin API accepts for a receivable, at the request's now", () => {
  const valid = { currency_code: "eur", amount: "1250.00", issued_at: new Date("2026-06-01"), due_at: new Date("2026-07-01") }

  it("accepts an ordinary invoice", () => {
    expect(receivableInputProblems(valid, NOW)).toEqual([])
  })

  it("holds amounts to the currency's minor units", () => {
    expect(fields(receivableInputProblems({ ...valid, amount: "100.004" }, NOW))).toEqual(["amount: must have at most 2 decimals in EUR"])
    expect(fields(receivableInputProblems({ ...valid, currency_code: "jpy", amount: "1500.5" }, NOW))).toEqual([
      "amount: must be a whole amount in JPY, which has no minor unit",
    ])
    expect(fields(receivableInputProblems({ ...valid, currency_code: "kwd", amount: "1.125", amount_paid: "0.0001" }, NOW))).toEqual([
      "amount_paid: must have at most 3 decimals in KWD",
    ])
    // a change of amount is held to the currency the receivable already has
    expect(fields(receivableInputProblems({ amount: "9.999" }, NOW, { currency_code: "usd" }))).toEqual(["amount: must have at most 2 decimals in USD"])
  })

  it("keeps the issue date within ten years before now and a year ahead, the due date within ten years of it", () => {
    expect(fields(receivableInputProblems({ ...valid, issued_at: new Date("2016-06-14"), due_at: new Date("2016-07-14") }, NOW))).toEqual([
      "issued_at: must not be more than 10 years before now (2016-06-15 or later)",
    ])
    expect(receivableInputProblems({ ...valid, issued_at: new Date("2016-06-16"), due_at: new Date("2016-07-14") }, NOW)).toEqual([])
    expect(fields(receivableInputProblems({ ...valid, issued_at: new Date("2027-07-01"), due_at: new Date("2027-08-01") }, NOW))).toEqual([
      "issued_at: must not be more than 1 year after now (2027-06-15 or earlier)",
    ])
    expect(fields(receivableInputProblems({ ...valid, due_at: new Date("9999-12-31") }, NOW))).toEqual([
      "due_at: must not be more than 10 years after issued_at (2036-06-01 or earlier)",
    ])
    expect(fields(receivableInputProblems({ ...valid, issued_at: new Date("0000-01-01") }, NOW))).toEqual([
      expect.stringMatching(/^issued_at: must not be more than 10 years before now/),
    ])
  })

  it("checks only what changes, measuring a new due date from the stored issue date", () => {
    const stored = { currency_code: "eur", issued_at: new Date("2010-01-01"), due_at: new Date("2010-02-01") }
    // an invoice entered before these rules can still be renamed or voided
    expect(receivableInputProblems({}, NOW, stored)).toEqual([])
    expect(fields(receivableInputProblems({ due_at: new Date("2030-01-01") }, NOW, stored))).toEqual([
      "due_at: must not be more than 10 years after issued_at (2020-01-01 or earlier)",
    ])
  })
})
