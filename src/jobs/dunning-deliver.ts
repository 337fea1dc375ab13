import type { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "crypto"
import { DUNNING_MODULE } from "../modules/dunning"
import { firedEarly } from "../modules/dunning/domain/cron-schedule"
import { scheduledJobConfig } from "../modules/dunning/job-config"
import type DunningModuleService from "../modules/dunning/service"
import { deliverNoticesWorkflow } from "../workflows/delivery/workflows/deliver-notices"

export const DELIVERY_LEASE = "dunning-delivery"

/**
 * Sends scheduled notices whose time has come and retries failed attempts (every minute by default).
 * Like the dunning run it steps aside when another worker's tick is still delivering; the notices'
 * own leases keep a notice from going out twice even without it. A tick that arrives long before the
 * moment it was scheduled for (a timer that overflowed in the in-memory workflow engine) steps aside too.
 */
export default async function dunningDeliveryJob(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const holder = randomUUID()
  const now = new Date()
  if (firedEarly(context?.scheduledFor, now)) {
    // a timer longer than Node keeps fired at once: the job would run again and again in a tight loop
    container
      .resolve("logger")
      .warn(`dunning: the delivery scheduled for ${context!.scheduledFor!.toISOString()} was started at ${now.toISOString()}, long before its time; skipping this tick`)
    return { skipped: true as const, reason: "fired_early" as const }
  }
  const ttlMs = dunning.getOptions().delivery.leaseSeconds * 1000
  if (!(await dunning.acquireLease({ name: DELIVERY_LEASE, holder, until: new Date(now.getTime() + ttlMs), now }))) {
    return { skipped: true as const }
  }
  try {
    const { result } = await deliverNoticesWorkflow(container).run({ input: { now } })
    if (result.claimed) {
      container
        .resolve("logger")
        .info(`dunning: delivery sent ${result.sent}, will retry ${result.retrying}, failed ${result.failed}, cancelled ${result.cancelled}`)
    }
    return { skipped: false as const, ...result }
  } finally {
    await dunning.releaseLease({ name: DELIVERY_LEASE, holder })
  }
}

export const config = scheduledJobConfig("dunning-deliver", (o) => o.delivery.schedule)
