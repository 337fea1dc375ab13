import { z } from "@medusajs/framework/zod"
import { Amount, isoDate, listParams, PositiveAmount } from "../admin/dunning/common-validators"
import { AdminCreateCollectionEvent, AdminUpdateCollectionEvent } from "../admin/dunning/events/validators"
import { AdminPlaceHold } from "../admin/dunning/policies/validators"
import { AdminCreateReceivable, AdminCreateReceivablePayment, receivableImportRow } from "../admin/dunning/receivables/validators"
import { bodyProblem, describeIssues, forbiddenKeyPath, MAX_BODY_DEPTH } from "../validation"

/** The message `validateBody` would answer with, or null when the body passes. */
const refusal = (schema: { safeParse(v: unknown): any }, body: unknown): string | null => {
  const result = schema.safeParse(body)
  return result.success ? null : describeIssues(result.error.issues)
}

const nested = (levels: number, leaf: Record<string, unknown>): Record<string, unknown> => {
  let value: Record<string, unknown> = leaf
  for (let i = 0; i < levels; i++) {
    value = { a: value }
  }
  return value
}

describe("the walk over a request body", () => {
  it("finds a prototype key at any depth it allows, and refuses deeper bodies outright", () => {
    expect(forbiddenKeyPath(JSON.parse('{"metadata":{"__proto__":{"admin":true}}}'))).toBe("metadata.__proto__")
    expect(forbiddenKeyPath({ rows: [{ constructor: 1 }] })).toBe("rows.0.constructor")
    expect(bodyProblem({ metadata: nested(MAX_BODY_DEPTH - 2, { x: 1 }) })).toBeNull()
    const deep = { metadata: nested(40, JSON.parse('{"__proto__":{"polluted":true}}')) }
    expect(bodyProblem(deep)).toEqual({ path: "metadata.a.a.…", message: "nested too deeply (more than 32 levels)" })
    // deep enough to overflow a recursive walk
    expect(bodyProblem({ metadata: nested(200_000, {}) })?.message).toMatch(/nested too deeply/)
  })

  it("refuses text that is not valid UTF-8, naming the field", () => {
    expect(bodyProblem({ number: "INV-\ufffd" })).toMatchObject({ path: "number", message: expect.stringMatching(/UTF-8/) })
    expect(bodyProblem({ note: "a\u0000b" })).toMatchObject({ path: "note" })
    expect(bodyProblem({ note: "lone \ud800 surrogate" })).toMatchObject({ path: "note" })
    expect(bodyProblem({ metadata: { ["k\ufffd"]: 1 } })).toMatchObject({ path: "metadata.k\ufffd" })
    expect(bodyProblem({ note: "Grüße 😀 – naïve" })).toBeNull()
  })
})

describe("the message of a refusal", () => {
  it("names every field at fault, unknown fields first, and the values an enum takes", () => {
    const schema = z.object({ by: z.enum(["customer_group"]), order: z.enum(["age"], { error: "order: must be age" }), n: z.number() }).strict()
    const body = { n: "1", by: "group", order: "size", colour: "red" }
    expect(describeIssues(schema.safeParse(body).error.issues, 5, body)).toBe(
      "unknown field(s): 'colour'; by: expected 'customer_group' for field 'by', but got: 'group'; order: must be age; n: Invalid input: expected number, received string"
    )
    expect(describeIssues(schema.safeParse(body).error.issues, 1, body)).toBe("unknown field(s): 'colour' (and 3 more)")
  })
})

describe("the building blocks", () => {
  it("bounds amounts", () => {
    expect(refusal(Amount, "1250.00")).toBeNull()
    expect(refusal(Amount, 1e21)).toMatch(/at most 10000000000000/)
    expect(refusal(Amount, "1e21")).toMatch(/exponent/)
    expect(refusal(Amount, "0.0000000001")).toMatch(/at most 4 decimals/)
    expect(refusal(Amount, { $gt: 0 })).toMatch(/number or a decimal string/)
    expect(refusal(PositiveAmount, "abc")).toMatch(/decimal/)
    expect(refusal(PositiveAmount, 0)).toMatch(/greater than zero/)
  })

  it("takes dates between 1900 and 2999 only", () => {
    const date = isoDate("due_from")
    expect(refusal(date, "2026-03-31")).toBeNull()
    expect(refusal(date, "0000-01-01")).toBe("due_from: must be between 1900-01-01 and 2999-12-31")
    expect(refusal(date, "9999-12-31T23:59:59Z")).toBe("due_from: must be between 1900-01-01 and 2999-12-31")
    expect(refusal(date, "2026-02-30")).toMatch(/^due_from: must be an ISO 8601 date/)
  })

  it("pages lists with a bounded, whole limit and offset, and no with_deleted", () => {
    const list = listParams({ limit: 20 })
    expect(list.parse({ limit: "500", offset: "0" })).toMatchObject({ limit: 500, offset: 0 })
    expect(list.parse({})).toMatchObject({ limit: 20, offset: 0 })
    for (const [query, field] of [
      [{ limit: "501" }, "limit"],
      [{ limit: "1000000" }, "limit"],
      [{ limit: "-1" }, "limit"],
      [{ limit: "0" }, "limit"],
      [{ limit: "2.5" }, "limit"],
      [{ limit: "1e3" }, "limit"],
      [{ limit: { $gt: "1" } }, "limit"],
      [{ offset: "-5" }, "offset"],
      [{ offset: "99999999999" }, "offset"],
      [{ with_deleted: "true" }, "with_deleted"],
    ] as const) {
      expect({ query, message: refusal(list, query) }).toEqual({ query, message: expect.stringContaining(field) })
    }
  })
})

describe("the bounds of money and dates in bodies, at the body's now", () => {
  const now = "2026-06-15T12:00:00.000Z"
  const invoice = { customer_id: "cus_1", number: "INV-1", currency_code: "eur", amount: "100.00", issued_at: "2026-06-01", due_at: "2026-07-01", now }

  it("holds a receivable's amounts to its currency and its dates to the window around now", () => {
    expect(refusal(AdminCreateReceivable, invoice)).toBeNull()
    expect(refusal(AdminCreateReceivable, { ...invoice, amount: "100.004" })).toBe("amount: must have at most 2 decimals in EUR")
    expect(refusal(AdminCreateReceivable, { ...invoice, currency_code: "JPY", amount: 1500.5 })).toMatch(/^amount: must be a whole amount in JPY/)
    expect(refusal(AdminCreateReceivable, { ...invoice, issued_at: "2001-01-01" })).toMatch(/^issued_at: must not be more than 10 years before now/)
    expect(refusal(AdminCreateReceivable, { ...invoice, due_at: "2999-01-01" })).toMatch(/^due_at: must not be more than 10 years after issued_at/)
    const row = receivableImportRow(new Date(now))
    const { now: _now, ...importRow } = invoice
    expect(refusal(row, { ...importRow, external_ref: "X-1" })).toBeNull()
    expect(refusal(row, { ...importRow, external_ref: "X-1", amount: "0.001" })).toBe("amount: must have at most 2 decimals in EUR")
    expect(refusal(row, { ...importRow, external_ref: "X-1", amount: "0.0000000001" })).toBe("amount: must have at most 4 decimals")
  })

  it("keeps payments in the past and in the currency's minor units", () => {
    const payment = { amount: "10.00", external_ref: "B-1", now }
    expect(refusal(AdminCreateReceivablePayment, { ...payment, paid_at: "2026-06-15T12:04:00Z" })).toBeNull()
    expect(refusal(AdminCreateReceivablePayment, { ...payment, paid_at: "2026-06-16" })).toMatch(/^paid_at: must not be in the future/)
    expect(refusal(AdminCreateReceivablePayment, { ...payment, paid_at: "2016-01-01" })).toMatch(/^paid_at: must not be more than 10 years before now/)
    expect(refusal(AdminCreateReceivablePayment, { ...payment, amount: "0.0000000001" })).toBe("amount: must have at most 4 decimals")
    expect(refusal(AdminCreateReceivablePayment, { ...payment, amount: "1.005", currency_code: "usd" })).toBe("amount: must have at most 2 decimals in USD")
  })

  it("ends holds, promises and follow-ups within a year, and keeps what happened out of the future", () => {
    const hold = { customer_id: "cus_1", reason: "CFO on holiday", now }
    expect(refusal(AdminPlaceHold, { ...hold, until: "2027-06-15" })).toBeNull()
    expect(refusal(AdminPlaceHold, { ...hold, until: "2027-06-16" })).toBe("until: must not be more than 1 year after now (2027-06-15 or earlier)")
    expect(refusal(AdminPlaceHold, { ...hold, until: "9999-12-31" })).toMatch(/^until: must be between 1900-01-01 and 2999-12-31/)
    const promise = { type: "promise_to_pay", promised_date: "2026-07-01", now }
    expect(refusal(AdminCreateCollectionEvent, promise)).toBeNull()
    expect(refusal(AdminCreateCollectionEvent, { ...promise, promised_date: "2028-01-01" })).toMatch(/^promised_date: must not be more than 1 year after now/)
    expect(refusal(AdminCreateCollectionEvent, { ...promise, promised_amount: "10.001", promised_currency_code: "eur" })).toBe(
      "promised_amount: must have at most 2 decimals in EUR"
    )
    expect(refusal(AdminCreateCollectionEvent, { type: "note", note: "x", occurred_at: "2026-07-01", now })).toMatch(/^occurred_at: must not be in the future/)
    expect(refusal(AdminCreateCollectionEvent, { type: "note", note: "x", follow_up_due_at: "2030-01-01", now })).toMatch(/^follow_up_due_at: must not be more than 1 year/)
    expect(refusal(AdminUpdateCollectionEvent, { follow_up_due_at: "2030-01-01", now })).toMatch(/^follow_up_due_at: must not be more than 1 year/)
  })
})
