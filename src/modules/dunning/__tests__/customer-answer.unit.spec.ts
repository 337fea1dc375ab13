import { answerEvent, answerProblem, promiseWindow } from "../domain/customer-answer"

const NOW = new Date("2026-06-15T16:30:00.000Z")
const open = [
  { id: "rcv_1", currency_code: "eur", outstanding: "800.00" },
  { id: "rcv_2", currency_code: "eur", outstanding: "200.00" },
  { id: "rcv_3", currency_code: "usd", outstanding: "50.00" },
]
const promise = (fields: Record<string, unknown> = {}) => ({ kind: "promise" as const, promised_date: new Date("2026-06-25T00:00:00.000Z"), ...fields })

describe("a customer's answer to a notice", () => {
  it("is about the customer's own open invoices only, whoever's the others are", () => {
    expect(answerProblem({ kind: "dispute", receivable_ids: ["rcv_9"], reason: "wrong" }, open, NOW, 30)).toEqual({
      kind: "not_found",
      field: "receivable_ids",
      message: "'rcv_9' is not an open invoice of yours",
    })
    expect(answerProblem(promise({ receivable_ids: ["rcv_1", "rcv_other"] }), open, NOW, 30)?.kind).toBe("not_found")
    expect(answerProblem(promise(), [], NOW, 30)).toMatchObject({ field: "receivable_ids", message: "nothing is open to promise a payment for" })
  })

  it("promises a day from today to the most days ahead the store allows, in UTC days", () => {
    expect(promiseWindow(NOW, 30)).toMatchObject({ first_date: "2026-06-15", last_date: "2026-07-15" })
    expect(answerProblem(promise({ promised_date: new Date("2026-06-15T00:00:00.000Z") }), open, NOW, 30)).toBeNull()
    expect(answerProblem(promise({ promised_date: new Date("2026-07-15T00:00:00.000Z") }), open, NOW, 30)).toBeNull()
    expect(answerProblem(promise({ promised_date: new Date("2026-07-16T00:00:00.000Z") }), open, NOW, 30)).toMatchObject({
      field: "promised_date",
      message: "must be between 2026-06-15 and 2026-07-15",
    })
    expect(answerProblem(promise({ promised_date: new Date("2026-06-14T00:00:00.000Z") }), open, NOW, 30)?.field).toBe("promised_date")
  })

  it("promises an amount in a currency owed, and no more than is owed in it", () => {
    expect(answerProblem(promise({ promised_amount: "1000.00", promised_currency_code: "eur" }), open, NOW, 30)).toBeNull()
    expect(answerProblem(promise({ promised_amount: "1000.01", promised_currency_code: "eur" }), open, NOW, 30)).toMatchObject({
      field: "promised_amount",
      message: "must be at most what you owe, 1000 EUR",
    })
    // what the named invoices owe, not the customer's whole balance
    expect(answerProblem(promise({ receivable_ids: ["rcv_2"], promised_amount: "300", promised_currency_code: "eur" }), open, NOW, 30)?.field).toBe("promised_amount")
    expect(answerProblem(promise({ promised_amount: "10", promised_currency_code: "gbp" }), open, NOW, 30)).toMatchObject({
      field: "promised_currency_code",
      message: "must be a currency you owe in (EUR, USD)",
    })
    expect(answerProblem(promise({ promised_amount: "0", promised_currency_code: "eur" }), open, NOW, 30)?.field).toBe("promised_amount")
  })

  it("disputes with a reason of at most 1,000 characters", () => {
    expect(answerProblem({ kind: "dispute", receivable_ids: ["rcv_1"], reason: "  " }, open, NOW, 30)?.field).toBe("reason")
    expect(answerProblem({ kind: "dispute", receivable_ids: ["rcv_1"], reason: "x".repeat(1001) }, open, NOW, 30)?.field).toBe("reason")
    expect(answerProblem({ kind: "dispute", receivable_ids: [], reason: "wrong" }, open, NOW, 30)?.field).toBe("receivable_ids")
    expect(answerProblem({ kind: "dispute", receivable_ids: ["rcv_1"], reason: "x".repeat(1000) }, open, NOW, 30)).toBeNull()
  })

  it("becomes the customer's history line with a follow-up for the rep: a dispute at once, a promise when it would be broken", () => {
    const context = { customer_id: "cus_1", rep_user_id: "user_rep", now: NOW, source: "collection_page" as const, idempotency_key: "self-service:abc" }
    expect(answerEvent(promise({ promised_amount: "500", promised_currency_code: "EUR", note: " after month end " }), context)).toEqual({
      customer_id: "cus_1",
      type: "promise_to_pay",
      title: "Promise to pay by 2026-06-25",
      note: "after month end",
      receivable_ids: [],
      promised_date: new Date("2026-06-25T00:00:00.000Z"),
      promised_amount: "500",
      promised_currency_code: "eur",
      author_type: "customer",
      author_id: "cus_1",
      occurred_at: NOW,
      follow_up_status: "open",
      assigned_to: "user_rep",
      follow_up_due_at: new Date("2026-06-27T00:00:00.000Z"),
      idempotency_key: "self-service:abc",
      metadata: { answered_via: "collection_page" },
    })
    expect(answerEvent({ kind: "dispute", receivable_ids: ["rcv_1"], reason: " broken cases " }, { ...context, source: "storefront" })).toMatchObject({
      type: "dispute_opened",
      note: "broken cases",
      receivable_ids: ["rcv_1"],
      follow_up_status: "open",
      follow_up_due_at: NOW,
      metadata: { answered_via: "storefront" },
    })
  })
})
