import { configManager } from "@medusajs/framework/config"
import type { LoaderOptions } from "@medusajs/framework/types"
import { deploymentWarnings } from "../domain/deployment"
import { parseDunningOptions } from "../options"

/**
 * Refuses to start with a bad plugin option, naming it, before anything else of the plugin runs; and in
 * production warns loudly about modules that cannot be shared between instances.
 */
export default async function validateOptionsLoader({ options, logger }: LoaderOptions): Promise<void> {
  parseDunningOptions(options)
  let modules: Record<string, any> = {}
  try {
    modules = (configManager.config?.modules ?? {}) as Record<string, any>
  } catch {
    // no project configuration (a module test): nothing to check
  }
  for (const warning of deploymentWarnings(modules, process.env.NODE_ENV)) {
    ;(logger ?? console).warn(`dunning: ${warning}`)
  }
}
