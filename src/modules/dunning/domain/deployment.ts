/**
 * What a production deployment needs for the dunning run to be safe on several instances, checked on the
 * Medusa configuration as written. The run's own guarantees (per-customer locks, unique notice keys) hold
 * on any setup; what the in-memory modules cannot do is share workflow state, locks and events between
 * instances, so a second instance would, for one, run every scheduled job on its own.
 */
type ModuleEntry = { resolve?: string; options?: Record<string, any> } | boolean | undefined

const REDIS_ENGINE = /workflow-engine-redis/
const REDIS_LOCKING = /locking-redis|locking-postgres/
const REDIS_EVENTS = /event-bus-redis/

export function deploymentWarnings(modules: Record<string, ModuleEntry>, nodeEnv: string | undefined): string[] {
  if (nodeEnv !== "production") {
    return []
  }
  const warnings: string[] = []
  const resolveOf = (key: string) => {
    const entry = modules[key]
    return typeof entry === "object" && entry ? entry.resolve ?? "" : ""
  }
  if (!REDIS_ENGINE.test(resolveOf("workflows"))) {
    warnings.push(
      "the workflow engine is in-memory: with more than one Medusa instance, scheduled jobs run on every instance and workflow state is not shared. Use @medusajs/medusa/workflow-engine-redis."
    )
  }
  const locking = modules["locking"]
  const lockingProviders: Array<{ resolve?: string }> =
    typeof locking === "object" && locking ? (locking.options?.providers as Array<{ resolve?: string }>) ?? [] : []
  if (!lockingProviders.some((p) => REDIS_LOCKING.test(p.resolve ?? ""))) {
    warnings.push(
      "the locking module uses its in-memory provider: locks are not shared between instances. Add @medusajs/medusa/locking-redis (or locking-postgres) as a provider."
    )
  }
  if (!REDIS_EVENTS.test(resolveOf("event_bus"))) {
    warnings.push(
      "the event bus is local: events (order placed, payment captured) only reach subscribers of the instance that emitted them. Use @medusajs/medusa/event-bus-redis."
    )
  }
  return warnings
}
