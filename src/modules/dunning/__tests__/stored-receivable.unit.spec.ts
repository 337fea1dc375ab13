import { readReceivable, type StoredReceivable } from "../services/dunning-run/stored-receivable"

const stored = (overrides: Partial<StoredReceivable> = {}): StoredReceivable => ({
  id: "rcv_1",
  customer_id: "cus_1",
  number: "INV-1",
  currency_code: "eur",
  amount: "1250.50",
  amount_paid: "0",
  issued_at: Date.parse("2026-02-01T00:00:00Z"),
  due_at: Date.parse("2026-03-02T00:00:00Z"),
  last_notice_at: null,
  hold_until: null,
  escalated_at: null,
  stage: null,
  notices_sent: 0,
  hold_reason: null,
  ...overrides,
})

describe("reading a receivable the run loaded", () => {
  it("gives the decision and the notice line the stored amounts as they are, and the instants as dates", () => {
    const read = readReceivable(stored({ last_notice_at: Date.parse("2026-03-05T09:00:00Z") }), true)
    expect(read.decision).toMatchObject({
      id: "rcv_1",
      amount: "1250.50",
      amount_paid: "0",
      due_at: new Date("2026-03-02T00:00:00Z"),
      last_notice_at: new Date("2026-03-05T09:00:00Z"),
      hold_until: null,
      escalated_at: null,
      claimed: true,
    })
    expect(read.line).toEqual({
      id: "rcv_1",
      number: "INV-1",
      currency_code: "eur",
      amount: "1250.50",
      amount_paid: "0",
      issued_at: new Date("2026-02-01T00:00:00Z"),
      due_at: new Date("2026-03-02T00:00:00Z"),
    })
  })

  it.each([
    [{ amount: "NaN" }, "receivable INV-1 (rcv_1): amount: not a decimal amount: 'NaN'"],
    [{ amount_paid: "Infinity" }, "receivable INV-1 (rcv_1): amount_paid: not a decimal amount: 'Infinity'"],
    [{ due_at: Infinity }, "receivable INV-1 (rcv_1): due_at: not a date: 'Infinity'"],
    [{ issued_at: null as unknown as number }, "receivable INV-1 (rcv_1): issued_at: not a date: 'null'"],
    [{ hold_until: -Infinity }, "receivable INV-1 (rcv_1): hold_until: not a date: '-Infinity'"],
  ])("refuses %o naming the receivable and the field", (overrides, message) => {
    expect(() => readReceivable(stored(overrides), false)).toThrow(message)
  })
})
