import { frameBindings, type Frame } from "./kpi-frame"
import { promiseOutcomeCtes, promiseState, type PromiseOutcomeRow } from "./promises"
import { currencyCondition, runNamed, scopeSql } from "./sql"
import type { KpiInput, PromiseCounts } from "./types"

/** Promises to pay made in the period, per currency: made, kept, broken and open (see promises). */
export async function promiseRows(manager: any, scope: KpiInput, frame: Frame) {
  const bindings = frameBindings(frame)
  const where = scopeSql("e", scope, bindings, null)
  const currency = currencyCondition(scope, bindings, "currency_code", "WHERE")
  return runNamed<PromiseOutcomeRow>(
    manager,
    `WITH ${promiseOutcomeCtes(where)}
     SELECT id, currency_code, deadline, kept FROM promise_outcome${currency}`,
    bindings,
    { serial: true }
  )
}

export function promisesByCurrency(rows: PromiseOutcomeRow[], now: Date): Map<string, PromiseCounts> {
  const byCurrency = new Map<string, PromiseCounts>()
  for (const row of rows) {
    if (!row.currency_code) {
      continue
    }
    const counts = byCurrency.get(row.currency_code) ?? { made: 0, kept: 0, broken: 0, open: 0 }
    counts.made += 1
    counts[promiseState(row.kept, row.deadline, now)] += 1
    byCurrency.set(row.currency_code, counts)
  }
  return byCurrency
}
