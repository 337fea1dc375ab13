import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"

/**
 * Named leases in `dunning_lease`: one holder at a time (the scheduled run, a delivery tick), taken over
 * when it expires, so that a holder that died lets go on its own.
 */

/** Takes the lease when it is free or expired, renews it for its holder; returns the holder it has now (no row: another holds it). */
const TAKE_LEASE = `
  INSERT INTO dunning_lease (id, name, holder, expires_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (name) WHERE deleted_at IS NULL DO UPDATE
     SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, updated_at = now()
   WHERE dunning_lease.expires_at <= ? OR dunning_lease.holder = EXCLUDED.holder
  RETURNING holder`

/** Deletes the lease when this holder has it; returns nothing. */
const GIVE_UP_LEASE = `DELETE FROM dunning_lease WHERE name = ? AND holder = ?`

export class LeasesService extends InternalService {
  /**
   * Takes a named lease until `until` when it is free or expired; renews it when `holder` already has it.
   * Returns whether `holder` holds the lease now.
   */
  @InjectTransactionManager()
  async acquireLease(
    input: { name: string; holder: string; until: Date; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as any
    const rows: any[] = await manager.execute(TAKE_LEASE, [
      generateEntityId(undefined, "dlse"),
      input.name,
      input.holder,
      input.until,
      input.now,
    ])
    return rows.length === 1 && rows[0].holder === input.holder
  }

  /** Gives a lease up (only its holder can). */
  @InjectTransactionManager()
  async releaseLease(input: { name: string; holder: string }, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.transactionManager as any
    await manager.execute(GIVE_UP_LEASE, [input.name, input.holder])
  }
}
