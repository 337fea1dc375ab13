import { configManager } from "@medusajs/framework/config"
import type { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "crypto"
import { DUNNING_MODULE } from "../modules/dunning"
import { parseDunningOptions } from "../modules/dunning/options"
import type DunningModuleService from "../modules/dunning/service"
import { runDunningWorkflow } from "../workflows/dunning/workflows/run-dunning"

/** The lease every scheduled tick competes for: one scheduled run at a time across all workers. */
export const SCHEDULED_RUN_LEASE = "dunning-scheduled-run"
const LEASE_TTL_MS = 5 * 60 * 1000

/**
 * The scheduled dunning run. Medusa's scheduler may fire on several workers, or fire again while a slow
 * run is still going: a tick that cannot take the lease steps aside at once instead of queueing, and a
 * lease left by a crashed worker is taken over when it expires. The run itself is safe to overlap (batches
 * are claimed with row locks that skip locked rows); the lease just avoids wasted work.
 */
export default async function dunningScheduledRun(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve("logger")
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const holder = randomUUID()
  const now = new Date()
  const acquired = await dunning.acquireLease({
    name: SCHEDULED_RUN_LEASE,
    holder,
    until: new Date(now.getTime() + LEASE_TTL_MS),
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
        lease: { name: SCHEDULED_RUN_LEASE, holder, ttl_ms: LEASE_TTL_MS },
      },
    })
    const t = result.totals
    logger.info(
      `dunning: run ${result.run?.id} saw ${t.customers_seen} customers, created ${t.notices_created} notices and ${t.escalations_created} escalations`
    )
    return { skipped: false as const, run_id: result.run?.id ?? null }
  } finally {
    await dunning.releaseLease({ name: SCHEDULED_RUN_LEASE, holder })
  }
}

/** The cron expression comes from the plugin option `schedule` (default every 15 minutes). */
function configuredSchedule(): string {
  try {
    const modules = (configManager.config?.modules ?? {}) as Record<string, { options?: Record<string, unknown> } | boolean>
    const entry = modules[DUNNING_MODULE]
    const options = typeof entry === "object" ? entry.options : undefined
    return parseDunningOptions(options).schedule
  } catch {
    return parseDunningOptions({}).schedule
  }
}

export const config = {
  name: "dunning-run",
  schedule: configuredSchedule(),
}
