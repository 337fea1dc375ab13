import type { Logger } from "@medusajs/framework/types"
import type DunningModuleService from "../../modules/dunning/service"
import type { DeliveryOutcome } from "../../modules/dunning/service"

/**
 * How a notice's outcome is recorded: the module writes it (the notice's status, what was sent, the
 * claim event, the rep's follow-up, a bounced address) only when no later delivery has claimed the
 * notice since, and the batch counts what was recorded. A recording that fails leaves the notice under
 * its lease until it runs out; the next delivery then finds out what happened to it.
 */
export type DeliveryTally = {
  claimed: number
  sent: number
  retrying: number
  failed: number
  cancelled: number
  /** Claimed, then left alone: the lease ran out before its turn came and another delivery took it over. */
  taken_over: number
}

export function emptyTally(claimed = 0): DeliveryTally {
  return { claimed, sent: 0, retrying: 0, failed: 0, cancelled: 0, taken_over: 0 }
}

export async function recordOutcome(dunning: DunningModuleService, outcome: DeliveryOutcome, tally: DeliveryTally, logger: Logger): Promise<void> {
  try {
    if (await dunning.recordDeliveryOutcome(outcome)) {
      tally[outcome.status === "scheduled" ? "retrying" : outcome.status] += 1
      if (outcome.status === "failed" && outcome.follow_up) {
        await scoreAfterFailure(dunning, outcome.follow_up.customer_id, outcome.at, logger)
      }
    }
  } catch (error) {
    logger.error(`dunning: recording the delivery of notice ${outcome.notice_id} failed: ${(error as Error).message}`)
  }
}

/** A notice that could not be delivered counts in the customer's risk score: scored again at once (a failure here is logged; the nightly job scores again). */
async function scoreAfterFailure(dunning: DunningModuleService, customerId: string, at: Date, logger: Logger): Promise<void> {
  try {
    await dunning.refreshRiskScores({ customer_ids: [customerId], now: at })
  } catch (error) {
    logger.warn(`dunning: scoring the risk of ${customerId} after a failed delivery failed: ${(error as Error).message}`)
  }
}
