import { currencyTotals } from "../../../../../modules/dunning/domain/notice-lines"
import { statementCsv, statementFilename } from "../../../../../modules/dunning/domain/statement-csv"
import { pageRoute } from "../../../collection-page/guard"
import { pageInvoice } from "../../../collection-page/load"

/** Every open invoice of the customer as the CSV statement the notices attach, in the page's language, named for today (UTC). */
const STATEMENT_ROWS = 10_000

export const GET = pageRoute(async (req, res, page) => {
  const { rows } = await page.dunning.listCustomerReceivables({ customer_id: page.customer_id, statuses: ["open"], limit: STATEMENT_ROWS, offset: 0 })
  const lines = rows.map((row) => {
    const invoice = pageInvoice(row, page.now)
    return {
      id: invoice.id,
      number: invoice.number,
      currency_code: invoice.currency_code,
      amount: invoice.amount,
      amount_paid: invoice.amount_paid,
      outstanding: invoice.outstanding,
      issued_at: new Date(invoice.issued_at).toISOString(),
      due_at: invoice.due_at ? new Date(invoice.due_at).toISOString() : "",
      days_overdue: invoice.days_overdue ?? 0,
    }
  })
  const csv = statementCsv(lines, currencyTotals(lines), "UTC", page.strings.lang)
  res.setHeader("Content-Disposition", `attachment; filename="${statementFilename(page.now.toISOString().slice(0, 10), page.strings.lang)}"`)
  res.status(200).type("text/csv; charset=utf-8").send(csv)
})
