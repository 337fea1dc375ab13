import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readOrderStandings, type OrderWithReceivable } from "../order-standing"

export const readOrderStandingsStepId = "dunning-read-order-standings"

/**
 * Reads the orders that have a receivable, with what the follow-up needs to decide (see
 * `readOrderStandings`). Only reads, so there is nothing to compensate.
 */
export const readOrderStandingsStep = createStep(
  readOrderStandingsStepId,
  async ({ order_ids }: { order_ids: string[] }, { container }) => {
    return new StepResponse<OrderWithReceivable[]>(await readOrderStandings(container, order_ids))
  }
)
