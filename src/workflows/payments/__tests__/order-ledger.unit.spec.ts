import { latestPaidAt, orderLedgerEntries } from "../order-ledger"

describe("latestPaidAt", () => {
  it("is the moment of the latest capture or refund of the order, neither the first nor the last listed", () => {
    const entries = orderLedgerEntries(
      {
        payment_collections: [
          {
            payments: [
              {
                id: "pay_1",
                currency_code: "eur",
                captures: [
                  { id: "capt_1", amount: 100, created_at: "2026-03-02T09:00:00.000Z" },
                  { id: "capt_2", amount: 50, created_at: "2026-03-10T15:00:00.000Z" },
                ],
                refunds: [{ id: "ref_1", amount: 20, created_at: "2026-03-04T11:30:00.000Z" }],
              },
            ],
          },
        ],
      },
      "rcv_1"
    )
    expect(latestPaidAt(entries)?.toISOString()).toBe("2026-03-10T15:00:00.000Z")
  })

  it("is undefined without a capture or refund, so the scoring falls back to its own default", () => {
    expect(latestPaidAt([])).toBeUndefined()
  })
})
