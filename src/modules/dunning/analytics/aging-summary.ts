import type { AgingInput } from "./types"

/**
 * Aging over the open balances the database keeps per (currency, due day) and per (customer, currency),
 * so that its cost follows the number of due days and of top customers, not of open invoices: one call
 * of `dunning_aging_summary` (defined, with how it keeps the top list exact, in
 * `migration-sql/aging-summary.ts`). It carries its own settings and is one round trip.
 *
 * `groupPart`, when given, is one more `UNION ALL` branch reading the receivables themselves (group
 * membership is the customer module's and is not summarised); the statement then needs the settings of
 * the other analytics statements around it (`runNamed` without `ownSettings`).
 */
export function summaryAgingSql(input: AgingInput, bindings: Record<string, unknown>, groupPart = ""): string {
  bindings.scope_currency = input.currency_code ? input.currency_code.toLowerCase() : null
  return `SELECT kind, currency_code, bucket, customer_id, amount, count, oldest, rank
       FROM dunning_aging_summary(:today::date, :thresholds::int[], :top::int, :scope_currency::text)${groupPart}
      ORDER BY kind, currency_code, bucket, rank`
}
