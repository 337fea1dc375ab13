import type { Knex } from "knex"

/** Timing helpers shared by the analytics benchmarks: medians of repeated runs after one warm-up. */
export async function medianMs(repeat: number, run: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  await run()
  const samples: number[] = []
  for (let i = 0; i < repeat; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] }
}

/**
 * A stand-in for the module's entity manager that runs each statement under EXPLAIN (ANALYZE, BUFFERS),
 * in the same kind of transaction the service uses, so the plans printed are those of the very
 * statements the service runs.
 */
export function explainingManager(knex: Knex) {
  return {
    getKnex: () => ({
      raw: (sql: string, bindings?: Record<string, unknown>) => knex.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings as any),
      transaction: (work: (trx: any) => Promise<unknown>, config?: Knex.TransactionConfig) =>
        knex.transaction(
          (trx) =>
            work({
              raw: (sql: string, bindings?: Record<string, unknown>) =>
                sql.startsWith("SET ") ? trx.raw(sql) : trx.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings as any),
            }),
          config
        ),
    }),
  }
}

/** Runs a raw SQL baseline the way the service runs its statements: read-only, JIT off. */
export function rawSql(knex: Knex, sql: string, bindings: Record<string, unknown>) {
  return knex.transaction(
    async (trx) => {
      await trx.raw("SET LOCAL jit = off")
      return trx.raw(sql, bindings as any)
    },
    { readOnly: true }
  )
}

export function planText(rows: Array<Record<string, string>>): string {
  return rows.map((r) => r["QUERY PLAN"]).join("\n")
}

/** Milliseconds as printed: whole above 10 ms, to the hundredth below (where a ratio's terms would round to 1 or 2). */
export function ms(value: number): number {
  return value >= 10 ? Math.round(value) : Math.round(value * 100) / 100
}

export function row(label: string, service: { median: number; min: number }, raw: { median: number; min: number }) {
  return {
    measure: label,
    "service median (ms)": ms(service.median),
    "raw SQL median (ms)": ms(raw.median),
    "service / raw": (service.median / raw.median).toFixed(2),
    "service min (ms)": ms(service.min),
    "raw min (ms)": ms(raw.min),
  }
}
