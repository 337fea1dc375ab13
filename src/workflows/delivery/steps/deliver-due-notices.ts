import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { storeName } from "../../dunning/notice-content"
import { deliverBatch, type DeliveryTally } from "../deliver"
import { emptyTally } from "../record-outcome"

export const deliverDueNoticesStepId = "dunning-deliver-due-notices"

export type DeliverDueNoticesInput = {
  now?: Date | string
  /** Only these notices (e.g. a retry the admin asked for). */
  notice_ids?: string[]
  /** Stop after this many notices (the rest wait for the next delivery). */
  max_notices?: number
}

/**
 * Sends every scheduled notice whose next attempt has come, in claimed batches. Each notice is claimed
 * with a lease and recorded on its own, so a crash anywhere loses nothing and leaves nothing stuck: the
 * lease runs out and the next delivery picks the notice up, checking first whether it already went out.
 */
export const deliverDueNoticesStep = createStep(
  deliverDueNoticesStepId,
  async (input: DeliverDueNoticesInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const options = dunning.getOptions()
    const now = input.now ? new Date(input.now) : new Date()
    const limit = options.delivery.batchSize
    const total = emptyTally()
    const store = await storeName(container, options)
    const seen = new Set<string>()
    while (!input.max_notices || total.claimed < input.max_notices) {
      const claimed = await dunning.claimDeliverableNotices({ now, limit, lease_seconds: options.delivery.leaseSeconds, notice_ids: input.notice_ids })
      // a notice claimed twice in one delivery was retried here already; leave it for the next one
      const fresh = claimed.filter((n) => !seen.has(n.id))
      fresh.forEach((n) => seen.add(n.id))
      if (!fresh.length) {
        break
      }
      const tally = await deliverBatch(container, fresh, { now, options, store_name: store })
      for (const key of Object.keys(total) as Array<keyof DeliveryTally>) {
        total[key] += tally[key]
      }
      if (claimed.length < limit) {
        break
      }
    }
    return new StepResponse(total)
  }
)
