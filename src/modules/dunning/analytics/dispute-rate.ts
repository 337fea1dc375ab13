import { frameBindings, type Frame } from "./kpi-frame"
import { runNamed, scopeSql } from "./sql"
import type { KpiInput } from "./types"

/** Dispute rate: receivables issued in the period that are named in a dispute opened up to now, per currency. */
export type DisputeRow = { currency_code: string; disputed: number }

export async function disputeRows(manager: any, scope: KpiInput, frame: Frame): Promise<DisputeRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("r", scope, bindings)
  return runNamed<DisputeRow>(
    manager,
    `SELECT r.currency_code, count(DISTINCT r.id)::int AS disputed
       FROM dunning_collection_event e
       CROSS JOIN LATERAL jsonb_array_elements_text(
         CASE WHEN jsonb_typeof(e.receivable_ids) = 'array' THEN e.receivable_ids ELSE '[]'::jsonb END) AS disputed(id)
       -- one primary-key lookup per disputed receivable, rather than hashing every receivable of the period
       CROSS JOIN LATERAL (SELECT r.id, r.currency_code FROM dunning_receivable r
                            WHERE r.id = disputed.id AND r.deleted_at IS NULL
                              AND r.issued_at >= :period_from AND r.issued_at < :period_to${where} LIMIT 1) r
      WHERE e.type = 'dispute_opened' AND e.deleted_at IS NULL AND e.occurred_at <= :as_of
      GROUP BY 1`,
    bindings,
    { serial: true }
  )
}
