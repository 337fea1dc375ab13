import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const scoreCustomersStepId = "dunning-score-customers"

/** The lines of a customer's history that change what their risk score reads. */
export const RISK_EVENT_TYPES: readonly string[] = ["promise_to_pay", "dispute_opened"]

/** The customers of those lines among `events`. */
export function riskCustomers(events: ReadonlyArray<Record<string, unknown>>): string[] {
  return events.filter((e) => RISK_EVENT_TYPES.includes(String(e.type))).map((e) => String(e.customer_id))
}

export type ScoreCustomersInput = {
  customer_ids: string[]
  /** The moment to score at (default: the wall clock): that of the payment, promise or dispute recorded. */
  now?: Date | string
}

/**
 * Scores again the customers a payment, a promise or a dispute concerns, in one statement, at the end of the
 * workflow that recorded it. A score is derived from the ledger and rewritten by the next computation (the
 * nightly job at the latest), so a failure here is logged and leaves what was recorded alone; for the same
 * reason there is nothing to compensate.
 */
export const scoreCustomersStep = createStep(scoreCustomersStepId, async (input: ScoreCustomersInput, { container }) => {
  const customerIds = [...new Set(input.customer_ids.filter(Boolean))]
  if (!customerIds.length) {
    return new StepResponse({ scored: 0, band_changes: 0 })
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  try {
    const result = await dunning.refreshRiskScores({ customer_ids: customerIds, now: input.now ? new Date(input.now) : new Date() })
    return new StepResponse({ scored: result.scored, band_changes: result.band_changes.length })
  } catch (error) {
    container.resolve("logger").warn(`dunning: scoring the risk of ${customerIds.join(", ")} failed (the nightly job will): ${(error as Error).message}`)
    return new StepResponse({ scored: 0, band_changes: 0 })
  }
})
