import { statementCsv } from "../domain/statement-csv"

describe("statement CSV", () => {
  it("lists the invoices with dates in the store's timezone and a total per currency", () => {
    const csv = statementCsv(
      [
        { id: "r1", number: "INV-1", currency_code: "eur", amount: "1250.5", amount_paid: "250", outstanding: "1000.5", issued_at: "2026-02-01T23:30:00.000Z", due_at: "2026-03-03T23:30:00.000Z", days_overdue: 7 },
        { id: "r2", number: "=HYPERLINK(\"http://evil\")", currency_code: "usd", amount: "10", amount_paid: "0", outstanding: "10", issued_at: "2026-02-01T00:00:00.000Z", due_at: "2026-03-01T00:00:00.000Z", days_overdue: 9 },
      ],
      [
        { currency_code: "eur", outstanding: "1000.5", count: 1 },
        { currency_code: "usd", outstanding: "10", count: 1 },
      ],
      "Europe/Berlin"
    )
    expect(csv.split("\r\n")).toEqual([
      "Invoice,Issued,Due,Days overdue,Currency,Amount,Paid,Outstanding",
      "INV-1,2026-02-02,2026-03-04,7,EUR,1250.5,250,1000.5",
      `"'=HYPERLINK(""http://evil"")",2026-02-01,2026-03-01,9,USD,10,0,10`,
      "Total EUR,,,,EUR,,,1000.5",
      "Total USD,,,,USD,,,10",
      "",
    ])
  })
})
