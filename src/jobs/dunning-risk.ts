import type { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "crypto"
import { DUNNING_MODULE } from "../modules/dunning"
import { firedEarly } from "../modules/dunning/domain/cron-schedule"
import { scheduledJobConfig } from "../modules/dunning/job-config"
import type DunningModuleService from "../modules/dunning/service"
import { refreshRiskScoresWorkflow } from "../workflows/risk/workflows/refresh-risk-scores"

export const RISK_LEASE = "dunning-risk"
/** Renewed before every batch, so it only runs out when its holder stopped. */
export const RISK_LEASE_TTL_MS = 10 * 60 * 1000

/**
 * Every night (`risk.schedule`): scores every customer with receivables from their own ledger, so that
 * promises broken and invoices fallen overdue since the last payment, promise, dispute or failed delivery
 * count too. Like the dunning run it holds a lease: a tick that finds another worker scoring steps aside at
 * once, a lease left by a crashed worker is taken over when it runs out, and a tick that arrives long before
 * the moment it was scheduled for (a timer that overflowed in the in-memory workflow engine) steps aside.
 */
export default async function dunningRiskJob(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve("logger")
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const holder = randomUUID()
  const now = new Date()
  if (firedEarly(context?.scheduledFor, now)) {
    logger.warn(`dunning: the risk scoring scheduled for ${context!.scheduledFor!.toISOString()} was started at ${now.toISOString()}, long before its time; skipping this tick`)
    return { skipped: true as const, reason: "fired_early" as const }
  }
  if (!(await dunning.acquireLease({ name: RISK_LEASE, holder, until: new Date(now.getTime() + RISK_LEASE_TTL_MS), now }))) {
    logger.info("dunning: another worker is scoring customers' risk; skipping this tick")
    return { skipped: true as const }
  }
  try {
    const { result } = await refreshRiskScoresWorkflow(container).run({
      input: { now: context?.scheduledFor ?? now, lease: { name: RISK_LEASE, holder, ttl_ms: RISK_LEASE_TTL_MS } },
    })
    logger.info(`dunning: scored the risk of ${result.customers} customers in ${result.batches} batches; ${result.band_changes} changed band`)
    return { skipped: false as const, ...result }
  } finally {
    await dunning.releaseLease({ name: RISK_LEASE, holder })
  }
}

export const config = scheduledJobConfig("dunning-risk", (o) => o.risk.schedule)
