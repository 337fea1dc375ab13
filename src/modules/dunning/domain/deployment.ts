/**
 * What a production deployment needs, checked on the Medusa configuration as written: for the dunning run
 * to be safe on several instances, and for notices to reach customers at all. The run's own guarantees
 * (per-customer locks, unique notice keys) hold on any setup; what the in-memory modules cannot do is
 * share workflow state, locks and events between instances, so a second instance would, for one, run
 * every scheduled job on its own. The SMTP provider without a host writes notices to files, which is
 * right for a demo and silently wrong for a store.
 */
type ModuleEntry = { resolve?: string; options?: Record<string, any> } | boolean | undefined

const REDIS_ENGINE = /workflow-engine-redis/
const REDIS_LOCKING = /locking-redis|locking-postgres/
const REDIS_EVENTS = /event-bus-redis/
const SMTP_PROVIDER = /(^|[/\\])providers[/\\]smtp([/\\]index(\.[cm]?[jt]s)?)?$/

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
  for (const provider of notificationProviders(modules)) {
    if (typeof provider.resolve === "string" && SMTP_PROVIDER.test(provider.resolve) && !provider.options?.host) {
      warnings.push(
        `the SMTP notification provider '${provider.id ?? "dunning-smtp"}' has no host: notices are written as .eml files to its outboxDir and never reach customers. Set host (and port, auth, TLS) to send them.`
      )
    }
  }
  return warnings
}

type ProviderEntry = { resolve?: string; id?: string; options?: Record<string, any> }

function notificationProviders(modules: Record<string, ModuleEntry>): ProviderEntry[] {
  const notification = modules["notification"]
  const providers = typeof notification === "object" && notification ? notification.options?.providers : undefined
  return Array.isArray(providers) ? (providers as ProviderEntry[]) : []
}
