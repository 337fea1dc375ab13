import { generateEntityId } from "@medusajs/framework/utils"

/**
 * The lease a whole-store dunning run holds while it goes: the scheduled run and a run started from the
 * admin compete for the same one, so only one goes at a time across all workers. Its holder is the run's
 * id, so whoever finds the lease taken can say which run is in progress. The run renews it between
 * batches; a lease whose holder crashed runs out after `RUN_LEASE_TTL_MS` and is taken over.
 */
export const DUNNING_RUN_LEASE = "dunning-scheduled-run"
export const RUN_LEASE_TTL_MS = 5 * 60 * 1000

/** A run's id, chosen before the run starts so that it can hold the lease under its own name. */
export function newRunId(): string {
  return generateEntityId(undefined, "drun")
}
