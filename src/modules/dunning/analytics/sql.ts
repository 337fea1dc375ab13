import { textArray } from "../sql"
import type { AnalyticsScope } from "./types"

/**
 * - JIT off: these statements are estimated expensive enough for PostgreSQL to spend up to a second
 *   compiling them, longer than many of them run;
 * - 32 MB of work memory: aging sorts the customers with an overdue balance to rank them (about 5 MB for
 *   the 53,000 of the benchmark), which spills to disk with the server's default 4 MB;
 * - no memoize: with more memory the planner caches lateral lookups by their input value; over the
 *   notices' JSON arrays that cost ten times more than reading them.
 * SET LOCAL ends with the transaction, so nothing leaks to other work on the connection.
 */
const ANALYTICS_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'; SET LOCAL enable_memoize = off"

export type RunOptions = {
  /**
   * Group by hashing, never by sorting. For statements that fold a million rows into a few hundred
   * groups whose keys are expressions: the planner cannot tell how few groups there are, and a per-row
   * cost it cannot see through (a CASE-guarded subquery) makes the two plans look alike within its
   * margin, so it may sort every row, spilling to disk, where hashing takes a few hundred kilobytes.
   */
  hashGroups?: boolean
  /**
   * No parallel workers. For statements that run side by side with the other statements of one answer:
   * they already keep the cores busy, and workers would only take CPU time from the statement that
   * takes longest.
   */
  serial?: boolean
  /**
   * The statement calls a function that carries its own settings (`SET` clauses) and cannot write: it
   * runs alone, one round trip, without the read-only transaction and settings around it.
   */
  ownSettings?: boolean
}

/**
 * Runs one analytics statement with named bindings (`:name`) through the manager's knex. Binding names
 * never collide with the casts used in the SQL (`::date`, `::text[]`, ...), so a cast can follow a
 * binding directly.
 *
 * Outside a caller's transaction the statement runs in a read-only transaction of its own, with
 * settings for a few large aggregates (see ANALYTICS_SETTINGS, and `options`). Several statements can
 * then run side by side, each on its own connection. Inside a caller's transaction neither applies.
 */
export async function runNamed<T = Record<string, any>>(
  manager: any,
  sql: string,
  bindings: Record<string, unknown>,
  options: RunOptions = {}
): Promise<T[]> {
  const knex = manager.getKnex()
  const rowsOf = (result: any) => result.rows ?? result
  const transaction = manager.getTransactionContext?.()
  if (transaction) {
    return rowsOf(await knex.raw(sql, bindings).transacting(transaction))
  }
  if (options.ownSettings) {
    return rowsOf(await knex.raw(sql, bindings))
  }
  return await knex.transaction(
    async (trx: any) => {
      const settings = [ANALYTICS_SETTINGS]
      if (options.hashGroups) {
        settings.push("SET LOCAL enable_sort = off")
      }
      if (options.serial) {
        settings.push("SET LOCAL max_parallel_workers_per_gather = 0")
      }
      await trx.raw(settings.join("; "))
      return rowsOf(await trx.raw(sql, bindings))
    },
    { readOnly: true }
  )
}

/** A timestamptz[] literal, so the checkpoints of a trend travel as one bound parameter. */
export function instantArray(values: Date[]): string {
  return textArray(values.map((v) => v.toISOString()))
}

/** The condition on a currency column when the scope names a currency (it binds `scope_currency`). */
export function currencyCondition(
  scope: AnalyticsScope,
  bindings: Record<string, unknown>,
  column: string,
  keyword: "AND" | "WHERE" = "AND"
): string {
  if (!scope.currency_code) {
    return ""
  }
  bindings.scope_currency = scope.currency_code.toLowerCase()
  return ` ${keyword} ${column} = :scope_currency`
}

/**
 * The conditions that restrict rows to the scope: on receivables (`currency` names the currency column)
 * or on any table with a `customer_id` column when `currency` is null.
 */
export function scopeSql(
  alias: string,
  scope: AnalyticsScope,
  bindings: Record<string, unknown>,
  currency: string | null = `${alias}.currency_code`
): string {
  let sql = currency ? currencyCondition(scope, bindings, currency) : ""
  if (scope.customer_id) {
    bindings.scope_customer = scope.customer_id
    sql += ` AND ${alias}.customer_id = :scope_customer`
  }
  if (scope.customer_ids) {
    bindings.scope_customers = textArray(scope.customer_ids)
    sql += ` AND ${alias}.customer_id = ANY(:scope_customers::text[])`
  }
  return sql
}

/** A numeric that came back as text (or null) as a JavaScript number. */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value)
}
