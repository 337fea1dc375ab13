import { amountPaidFrom, outstandingOf, settle } from "../domain/balance"

const pay = (amount: string, paid_at: string, kind: "payment" | "refund" | "adjustment" = "payment") => ({
  kind,
  amount,
  paid_at,
})

describe("ledger balance", () => {
  it("adds payments and adjustments and subtracts refunds without float drift", () => {
    const paid = amountPaidFrom([pay("0.1", "2026-01-01"), pay("0.2", "2026-01-02"), pay("0.05", "2026-01-03", "refund")])
    expect(paid).toBe("0.25")
    expect(outstandingOf("100.3", "0.1")).toBe("100.2")
  })

  it("stays open while something is outstanding", () => {
    const s = settle({ status: "open", amount: "100", entries: [pay("40", "2026-02-01")] })
    expect(s).toEqual({ amount_paid: "40", status: "open", paid_at: null })
  })

  it("is paid on the date of the payment that completed it", () => {
    const s = settle({
      status: "open",
      amount: "100",
      entries: [pay("60", "2026-02-10T00:00:00Z"), pay("40", "2026-02-01T00:00:00Z")],
    })
    expect(s.status).toBe("paid")
    expect(s.paid_at?.toISOString()).toBe("2026-02-10T00:00:00.000Z")
  })

  it("re-opens when a refund leaves something outstanding", () => {
    const s = settle({
      status: "paid",
      amount: "100",
      entries: [pay("100", "2026-02-01"), pay("30", "2026-02-05", "refund")],
    })
    expect(s).toEqual({ amount_paid: "70", status: "open", paid_at: null })
  })

  it("takes the settling date after a refund and a later payment", () => {
    const s = settle({
      status: "open",
      amount: "100",
      entries: [
        pay("100", "2026-02-01T00:00:00Z"),
        pay("30", "2026-02-05T00:00:00Z", "refund"),
        pay("30", "2026-02-09T00:00:00Z"),
      ],
    })
    expect(s.status).toBe("paid")
    expect(s.paid_at?.toISOString()).toBe("2026-02-09T00:00:00.000Z")
  })

  it("keeps a voided invoice void whatever is booked on it", () => {
    expect(settle({ status: "void", amount: "100", entries: [pay("100", "2026-02-01")] }).status).toBe("void")
  })

  it("turns a written-off invoice into paid when it is paid after all, and keeps it written off otherwise", () => {
    expect(settle({ status: "written_off", amount: "100", entries: [pay("100", "2026-02-01")] }).status).toBe("paid")
    expect(settle({ status: "written_off", amount: "100", entries: [pay("10", "2026-02-01")] }).status).toBe(
      "written_off"
    )
  })
})
