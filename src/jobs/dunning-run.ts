import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../modules/dunning"
import { firedEarly } from "../modules/dunning/domain/cron-schedule"
import { scheduledJobConfig } from "../modules/dunning/job-config"
import type DunningModuleService from "../modules/dunning/service"
import { DUNNING_RUN_LEASE, newRunId, RUN_LEASE_TTL_MS } from "../workflows/dunning/run-lease"
import { runDunningWorkflow } from "../workflows/dunning/workflows/run-dunning"

/** The lease every scheduled tick competes for (with runs started from the admin): one run at a time. */
export const SCHEDULED_RUN_LEASE = DUNNING_RUN_LEASE

/**
 * The scheduled dunning run. Medusa's scheduler may fire on several workers, or fire again while a slow
 * run is still going: a tick that cannot take the lease steps aside at once instead of queueing, and a
 * lease left by a crashed worker is taken over when it expires. The run itself is safe to overlap (batches
 * are claimed with row locks that skip locked rows); the lease just avoids wasted work. The lease is held
 * under the id the run will have, so a run started from the admin meanwhile is told which run is going.
 * A tick that arrives long before the moment it was scheduled for (a timer that overflowed in the
 * in-memory workflow engine) steps aside too.
 */
export default async function dunningScheduledRun(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve("logger")
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const holder = newRunId()
  const now = new Date()
  if (firedEarly(context?.scheduledFor, now)) {
    // a timer longer than Node keeps fired at once: running now would act for a moment weeks ahead
    logger.warn(
      `dunning: the scheduled run for ${context!.scheduledFor!.toISOString()} was started at ${now.toISOString()}, long before its time (the workflow engine's timer overflowed); skipping this tick`
    )
    return { skipped: true as const, reason: "fired_early" as const }
  }
  const acquired = await dunning.acquireLease({
    name: SCHEDULED_RUN_LEASE,
    holder,
    until: new Date(now.getTime() + RUN_LEASE_TTL_MS),
    now,
  })
  if (!acquired) {
    logger.info("dunning: another scheduled run holds the lease; skipping this tick")
    return { skipped: true as const }
  }
  try {
    const { result } = await runDunningWorkflow(container).run({
      input: {
        now: context?.scheduledFor ?? now,
        trigger: "schedule",
        run_id: holder,
        lease: { name: SCHEDULED_RUN_LEASE, holder, ttl_ms: RUN_LEASE_TTL_MS },
      },
    })
    const t = result.totals
    logger.info(
      `dunning: run ${result.run?.id} saw ${t.customers_seen} customers, created ${t.notices_created} notices, ${t.escalations_created} escalations and ${result.invoice_emails?.created ?? 0} invoice e-mails`
    )
    return { skipped: false as const, run_id: result.run?.id ?? null }
  } finally {
    await dunning.releaseLease({ name: SCHEDULED_RUN_LEASE, holder })
  }
}

export const config = scheduledJobConfig("dunning-run", (o) => o.schedule)
