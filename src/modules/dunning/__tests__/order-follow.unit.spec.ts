import {
  amountChangeNote,
  amountChangeTitle,
  followOrder,
  formatAmount,
  openQuestions,
  orderChangeHoldText,
  type FollowedReceivable,
  type OrderStanding,
} from "../domain/order-follow"

const NOW = new Date("2026-05-04T09:00:00.000Z")

const receivable = (over: Partial<FollowedReceivable> = {}): FollowedReceivable => ({
  id: "rcv_1",
  customer_id: "cus_1",
  currency_code: "eur",
  status: "open",
  amount: "1200",
  amount_paid: "0",
  hold_reason: null,
  hold_until: null,
  ...over,
})

const order = (over: Partial<OrderStanding> = {}): OrderStanding => ({
  order_id: "order_1",
  display_id: "1042",
  status: "pending",
  version: 3,
  current_total: "1200",
  open_changes: [],
  returns: [],
  last_change: null,
  ...over,
})

describe("openQuestions", () => {
  it("names every undecided change and every return whose goods are not all back", () => {
    const questions = openQuestions({
      open_changes: [
        { id: "ordch_b", change_type: "edit", status: "requested" },
        { id: "ordch_a", change_type: "claim", status: "pending", return_id: "ret_claim" },
        { id: "ordch_c", change_type: "edit", status: "confirmed" },
        { id: "ordch_d", change_type: "credit_line", status: "pending" },
      ],
      returns: [
        { id: "ret_claim", status: "open" },
        { id: "ret_1", status: "requested" },
        { id: "ret_2", status: "partially_received" },
        { id: "ret_3", status: "received" },
        { id: "ret_4", status: "canceled" },
      ],
    })
    expect(questions).toEqual([
      { id: "ordch_a", label: "claim in progress" },
      { id: "ordch_b", label: "order edit awaiting confirmation" },
      { id: "ret_1", label: "return requested" },
      { id: "ret_2", label: "return partly received" },
    ])
  })
})

describe("followOrder", () => {
  it("holds an open invoice while a return is requested, with the reason the admin shows, and leaves the amount", () => {
    const decision = followOrder(
      receivable(),
      order({ current_total: "950", returns: [{ id: "ret_1", status: "requested" }] }),
      NOW
    )
    expect(decision).toEqual({
      receivable_id: "rcv_1",
      customer_id: "cus_1",
      order_id: "order_1",
      revise: null,
      hold: { reason: "order-change:return requested on order #1042", question_id: "ret_1" },
      release: false,
    })
    expect(orderChangeHoldText(decision.hold!.reason)).toBe("return requested on order #1042")
  })

  it("joins several open questions into one reason", () => {
    const decision = followOrder(
      receivable(),
      order({
        open_changes: [{ id: "ordch_z", change_type: "edit", status: "pending" }],
        returns: [{ id: "ret_1", status: "requested" }],
      }),
      NOW
    )
    expect(decision.hold?.reason).toBe("order-change:order edit in progress and return requested on order #1042")
  })

  it("does nothing more while its own hold already says the same", () => {
    const decision = followOrder(
      receivable({ hold_reason: "order-change:return requested on order #1042" }),
      order({ returns: [{ id: "ret_1", status: "requested" }] }),
      NOW
    )
    expect(decision).toMatchObject({ revise: null, hold: null, release: false })
  })

  it("never replaces a rep's or a dispute's hold that is still running", () => {
    const inQuestion = order({ returns: [{ id: "ret_1", status: "requested" }] })
    expect(followOrder(receivable({ hold_reason: "dispute:cevt_1" }), inQuestion, NOW).hold).toBeNull()
    expect(
      followOrder(receivable({ hold_reason: "manual:cevt_2", hold_until: new Date("2026-05-10T00:00:00Z") }), inQuestion, NOW).hold
    ).toBeNull()
    // a rep's hold that has ended holds nothing any more
    expect(
      followOrder(receivable({ hold_reason: "manual:cevt_2", hold_until: new Date("2026-05-01T00:00:00Z") }), inQuestion, NOW).hold
    ).toEqual({ reason: "order-change:return requested on order #1042", question_id: "ret_1" })
  })

  it("once nothing is open, releases its own hold and claims what the order now comes to", () => {
    const decision = followOrder(
      receivable({ hold_reason: "order-change:return requested on order #1042" }),
      order({ current_total: "950.00", returns: [{ id: "ret_1", status: "received" }] }),
      NOW
    )
    expect(decision).toMatchObject({
      release: true,
      hold: null,
      revise: { receivable_id: "rcv_1", to: "950", void_reason: "Nothing is owed on order #1042 any more" },
    })
  })

  it("releases no hold but its own, and still follows the amount under another hold", () => {
    const decision = followOrder(receivable({ hold_reason: "dispute:cevt_1" }), order({ current_total: "1300" }), NOW)
    expect(decision).toMatchObject({ release: false, hold: null, revise: { to: "1300" } })
  })

  it("changes nothing when the amount is the order's already (a replay, or an event about something else)", () => {
    expect(followOrder(receivable({ amount: "1200.00" }), order({ current_total: "1200" }), NOW)).toMatchObject({
      revise: null,
      hold: null,
      release: false,
    })
  })

  it("claims no less than nothing, and leaves void invoices and canceled orders alone", () => {
    expect(followOrder(receivable(), order({ current_total: "-5" }), NOW).revise?.to).toBe("0")
    expect(followOrder(receivable({ status: "void" }), order({ current_total: "10" }), NOW).revise).toBeNull()
    expect(followOrder(receivable(), order({ status: "canceled", current_total: "0" }), NOW).revise).toBeNull()
  })

  it("follows a settled invoice's amount but puts no hold on it", () => {
    const paid = receivable({ status: "paid", amount_paid: "1200" })
    expect(followOrder(paid, order({ current_total: "1500" }), NOW).revise?.to).toBe("1500")
    expect(followOrder(paid, order({ returns: [{ id: "ret_1", status: "requested" }] }), NOW).hold).toBeNull()
  })
})

describe("the history lines", () => {
  it("say what changed the amount, from what to what, in the currency's decimals", () => {
    expect(amountChangeTitle("edit", "1200", "950", "eur")).toBe("Order edited: amount 1,200.00 → 950.00 EUR")
    expect(amountChangeTitle("return_receive", "502", "376.5", "eur")).toBe("Return received: amount 502.00 → 376.50 EUR")
    expect(amountChangeTitle("exchange", "100", "250", "jpy")).toBe("Exchange confirmed: amount 100 → 250 JPY")
    expect(amountChangeTitle(null, "1", "2", "usd")).toBe("Order changed: amount 1.00 → 2.00 USD")
    expect(formatAmount("1234567.891", "bhd")).toBe("1,234,567.891")
  })

  it("say what the new amount means for the invoice", () => {
    const note = (to: string, paid: string) => amountChangeNote({ display_id: "1042", to, amount_paid: paid, currency_code: "eur" })
    expect(note("950", "200")).toBe("Order #1042 now comes to 950.00 EUR; 750.00 EUR outstanding.")
    expect(note("950", "950")).toBe("Order #1042 now comes to 950.00 EUR; the payments received settle it.")
    expect(note("950", "1200")).toBe(
      "Order #1042 now comes to 950.00 EUR; the payments received settle it and 250.00 EUR paid over is the store's to refund."
    )
    expect(note("0", "0")).toBe("Order #1042 now comes to 0.00 EUR: nothing is owed any more, the invoice is void.")
  })
})
