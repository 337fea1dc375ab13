import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { NEXT_RUN } from "../domain/schedule"
import { placeholders } from "../sql"

/**
 * Holds on receivables (a promise to pay, a dispute, a hold by hand) and re-planning: putting open
 * receivables back in front of the next run when what their schedule was worked out from has changed.
 */
export type HoldSnapshot = { id: string; hold_until: Date | null; hold_reason: string | null; next_action_at: Date | null }

/** Locks the open receivables among `count` ids (those whose hold reason starts with a prefix, when asked) and returns their hold fields. */
const LOCK_HOLDS = (count: number, byReasonPrefix: boolean) => `
  SELECT id, hold_until, hold_reason, next_action_at FROM dunning_receivable
   WHERE id IN (${placeholders(count)}) AND status = 'open' AND deleted_at IS NULL${byReasonPrefix ? " AND hold_reason LIKE ?" : ""}
   ORDER BY id FOR UPDATE`

/** Sets hold and next action of `count` receivables; returns nothing. */
const SET_HOLDS = (count: number) => `
  UPDATE dunning_receivable SET hold_until = ?, hold_reason = ?, next_action_at = ?, updated_at = now()
   WHERE id IN (${placeholders(count)})`

/** Puts one receivable's hold fields back; returns nothing. */
const RESTORE_HOLD = `
  UPDATE dunning_receivable SET hold_until = ?, hold_reason = ?, next_action_at = ?, updated_at = now() WHERE id = ?`

/**
 * Makes the next chunk of open receivables after an id (of some customers, when given) due for the next
 * run, unless on hold; returns the chunk's last id (null: no rows left) and how many it changed.
 */
const RESCHEDULE_CHUNK = (customers: number) => `
  WITH chunk AS (
    SELECT id FROM dunning_receivable
     WHERE status = 'open' AND deleted_at IS NULL AND id > ? ${customers ? `AND customer_id IN (${placeholders(customers)})` : ""}
     ORDER BY id LIMIT ?),
  changed AS (
    UPDATE dunning_receivable r SET next_action_at = ?, updated_at = now()
      FROM chunk
     WHERE r.id = chunk.id AND r.hold_reason IS NULL
    RETURNING r.id)
  SELECT (SELECT max(id) FROM chunk) AS last, (SELECT count(*) FROM changed) AS touched`

export class HoldsService extends InternalService {
  /**
   * Puts receivables on hold, or takes them off it, and sets their next action accordingly. Returns the
   * hold fields as they were, so the caller's compensation can put them back with `restoreHolds`.
   */
  @InjectTransactionManager()
  async setHolds(
    input: {
      receivable_ids: string[]
      hold_until: Date | null
      hold_reason: string | null
      next_action_at: Date | null
      /** When releasing, only holds whose reason starts with this (e.g. "dispute:") are released. */
      only_reason_prefix?: string
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<HoldSnapshot[]> {
    if (!input.receivable_ids.length) {
      return []
    }
    const manager = sharedContext.transactionManager as any
    const params = [...input.receivable_ids, ...(input.only_reason_prefix ? [`${input.only_reason_prefix}%`] : [])]
    const previous: HoldSnapshot[] = await manager.execute(
      LOCK_HOLDS(input.receivable_ids.length, !!input.only_reason_prefix),
      params
    )
    if (previous.length) {
      await manager.execute(SET_HOLDS(previous.length), [
        input.hold_until,
        input.hold_reason,
        input.next_action_at,
        ...previous.map((p) => p.id),
      ])
    }
    return previous
  }

  @InjectTransactionManager()
  async restoreHolds(previous: HoldSnapshot[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.transactionManager as any
    for (const p of previous) {
      await manager.execute(RESTORE_HOLD, [p.hold_until, p.hold_reason, p.next_action_at, p.id])
    }
  }

  /**
   * Makes every open receivable that is not on hold due for re-planning by the next run (after a policy
   * changed, its stored next moments may be wrong). Walks the table in chunks by id so no statement holds
   * many row locks for long; returns how many rows it touched.
   */
  @InjectManager()
  async rescheduleOpenReceivables(
    input: { customer_ids?: string[]; chunk?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.manager as any
    const chunk = input.chunk ?? 5000
    const customers = input.customer_ids?.length ? input.customer_ids : []
    let after = ""
    let touched = 0
    for (;;) {
      const [row]: Array<{ last: string | null; touched: string }> = await manager.execute(RESCHEDULE_CHUNK(customers.length), [
        after,
        ...customers,
        chunk,
        NEXT_RUN,
      ])
      touched += Number(row.touched)
      if (!row.last) {
        break
      }
      after = row.last
    }
    return touched
  }
}
