import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const scoreAllCustomersStepId = "dunning-score-all-customers"

export type ScoringLease = { name: string; holder: string; ttl_ms: number }

export type ScoreAllCustomersInput = {
  now?: Date | string
  /** The lease the job holds: renewed before each batch; the scoring stops when another holder took it over. */
  lease?: ScoringLease
}

export type ScoreAllCustomersResult = { customers: number; batches: number; band_changes: number; stopped: "lease_lost" | null }

/**
 * Scores every customer with receivables at `now`, batch after batch of `risk.batchSize` customers in id
 * order, each batch one read of its facts and one write, in its own transaction: a crash loses one batch at
 * most, and the next run scores everyone again. Scores are derived from the ledger, so there is nothing to
 * compensate.
 */
export const scoreAllCustomersStep = createStep(scoreAllCustomersStepId, async (input: ScoreAllCustomersInput, { container }) => {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = input.now ? new Date(input.now) : new Date()
  const limit = dunning.getOptions().risk.batchSize
  const total: ScoreAllCustomersResult = { customers: 0, batches: 0, band_changes: 0, stopped: null }
  let after: string | null = null
  for (;;) {
    if (input.lease && !(await renew(dunning, input.lease))) {
      total.stopped = "lease_lost"
      break
    }
    const batch = await dunning.refreshRiskScores({ now, after, limit })
    if (!batch.last_customer_id) {
      break
    }
    total.customers += batch.scored
    total.batches += 1
    total.band_changes += batch.band_changes.length
    after = batch.last_customer_id
  }
  return new StepResponse(total)
})

async function renew(dunning: DunningModuleService, lease: ScoringLease): Promise<boolean> {
  const at = new Date()
  return await dunning.acquireLease({ name: lease.name, holder: lease.holder, until: new Date(at.getTime() + lease.ttl_ms), now: at })
}
