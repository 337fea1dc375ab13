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

/** `count` positional placeholders, "?, ?, ?", for an `IN (...)` list. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ")
}

/**
 * A PostgreSQL text[] literal, so that a set of ids travels as one bound parameter (`= ANY(?::text[])`)
 * instead of thousands: binding cost grows with the number of parameters, not with their size.
 */
const NEEDS_ESCAPE = /[\\"]/

export function textArray(values: string[]): string {
  return `{${values.map((v) => `"${NEEDS_ESCAPE.test(v) ? v.replace(/[\\"]/g, (c) => `\\${c}`) : v}"`).join(",")}}`
}

const JSONB_VERSION = 1
const COMMA = 0x2c

/**
 * A JSON array of rows as a binary `jsonb` parameter (`?::jsonb`), written row by row into one buffer.
 * One `JSON.stringify` of a whole batch makes a string of megabytes, which V8 keeps in its old generation
 * until the next full collection; the rows' short strings and the buffer are freed as soon as the statement
 * has been sent, so a long run does not pile up garbage.
 */
export function jsonbRows(rows: readonly unknown[]): Buffer {
  let buffer: Buffer | null = null
  let length = 2
  for (let i = 0; i < rows.length; i++) {
    const text = JSON.stringify(rows[i]) ?? "null"
    const bytes = Buffer.byteLength(text)
    // sized from the first row, so that a batch of similar rows is written without reallocating
    buffer ??= Buffer.allocUnsafe(Math.max(1024, Math.ceil(rows.length * (bytes + 2) * 1.25)))
    const needed = length + 2 + bytes
    if (needed > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2))
      buffer.copy(grown, 0, 0, length)
      buffer = grown
    }
    if (i) {
      buffer[length++] = COMMA
    }
    length += buffer.write(text, length)
  }
  buffer ??= Buffer.allocUnsafe(3)
  buffer[0] = JSONB_VERSION
  buffer[1] = 0x5b // [
  buffer[length++] = 0x5d // ]
  return buffer.subarray(0, length)
}
