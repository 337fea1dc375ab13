/**
 * Runs SQL with bound parameters through the manager's knex and transaction. (The entity manager's
 * `execute` inlines every parameter into the SQL text first, which is slow for the large JSON payloads
 * the dunning run writes in one statement per batch.)
 */
export async function runSql<T = any>(manager: any, sql: string, params: unknown[] = []): Promise<T[]> {
  const query = manager.getKnex().raw(sql, params)
  const transaction = manager.getTransactionContext?.()
  if (transaction) {
    query.transacting(transaction)
  }
  const result = await query
  return result.rows ?? result
}

/**
 * A PostgreSQL text[] literal, so that a set of ids travels as one bound parameter (`= ANY(?::text[])`)
 * instead of thousands: binding cost grows with the number of parameters, not with their size.
 */
export function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`
}
