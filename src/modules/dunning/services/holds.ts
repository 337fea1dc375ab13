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

/**
 * Locks the open receivables among `count` ids and returns their hold fields: those whose hold reason
 * starts with a prefix, when asked; or those not held for another reason (no hold, a hold with the
 * prefix, or a hold that has ended by a moment), when asked.
 */
const LOCK_HOLDS = (count: number, byReasonPrefix: boolean, freeOrPrefix = false) => `
  SELECT id, hold_until, hold_reason, next_action_at FROM dunning_receivable
   WHERE id IN (${placeholders(count)}) AND status = 'open' AND deleted_at IS NULL${byReasonPrefix ? " AND hold_reason LIKE ?" : ""}${
     freeOrPrefix ? " AND (hold_reason IS NULL OR hold_reason LIKE ? OR hold_until <= ?)" : ""
   }
   ORDER BY id FOR UPDATE`

/** At most `?` open receivables with an order whose hold reason starts with a prefix, after an id; returns their id and order id. */
const ORDERS_HELD_WITH_REASON = `
  SELECT id, order_id FROM dunning_receivable
   WHERE status = 'open' AND deleted_at IS NULL AND order_id IS NOT NULL AND hold_reason LIKE ? AND id > ?
   ORDER BY id LIMIT ?`

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
      /**
       * When placing, receivables held for another reason are left as they are: only those not held, held
       * with this prefix, or whose hold ended by `now` are changed (an order change never replaces a rep's hold).
       */
      keep_other_holds?: { reason_prefix: string; now: Date }
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<HoldSnapshot[]> {
    if (!input.receivable_ids.length) {
      return []
    }
    const manager = sharedContext.transactionManager as any
    const keep = input.keep_other_holds
    const params = [
      ...input.receivable_ids,
      ...(input.only_reason_prefix ? [`${input.only_reason_prefix}%`] : []),
      ...(keep ? [`${keep.reason_prefix}%`, keep.now] : []),
    ]
    const previous: HoldSnapshot[] = await manager.execute(
      LOCK_HOLDS(input.receivable_ids.length, !!input.only_reason_prefix, !!keep),
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
   * The orders of open receivables held with a reason that starts with `reason_prefix` (at most `limit`),
   * read in chunks by id. Holds have no index of their own: this reads the open receivables, which the
   * hourly reconcile can afford.
   */
  @InjectManager()
  async ordersHeldWithReason(
    input: { reason_prefix: string; limit: number; chunk?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.manager as any
    const orderIds: string[] = []
    let after = ""
    while (orderIds.length < input.limit) {
      const take = Math.min(input.chunk ?? 1000, input.limit - orderIds.length)
      const rows: Array<{ id: string; order_id: string }> = await manager.execute(ORDERS_HELD_WITH_REASON, [
        `${input.reason_prefix}%`,
        after,
        take,
      ])
      orderIds.push(...rows.map((r) => r.order_id))
      if (rows.length < take) {
        break
      }
      after = rows[rows.length - 1].id
    }
    return orderIds
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
