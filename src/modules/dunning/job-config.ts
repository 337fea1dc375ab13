import { configManager } from "@medusajs/framework/config"
import { DUNNING_MODULE } from "./index"
import { type DunningOptions, parseDunningOptions } from "./options"

/** The plugin's options as the host app configured them (the defaults where they cannot be read). */
function configuredOptions(): DunningOptions {
  try {
    const modules = (configManager.config?.modules ?? {}) as Record<string, { options?: Record<string, unknown> } | boolean>
    const entry = modules[DUNNING_MODULE]
    return parseDunningOptions(typeof entry === "object" ? entry.options : undefined)
  } catch {
    return parseDunningOptions({})
  }
}

/**
 * A scheduled job's config: its cron expression from the plugin's options, and no executions at all when
 * the option `scheduledJobs` is off (Medusa's scheduler then drops the job at its first tick, unrun).
 */
export function scheduledJobConfig(
  name: string,
  schedule: string | ((options: DunningOptions) => string),
  options: DunningOptions = configuredOptions()
) {
  return {
    name,
    schedule: typeof schedule === "string" ? schedule : schedule(options),
    ...(options.scheduledJobs ? {} : { numberOfExecutions: 0 }),
  }
}
