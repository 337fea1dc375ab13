import { configManager } from "@medusajs/framework/config"
import type { LoaderOptions } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { scheduleProblems } from "../domain/cron-schedule"
import { deploymentWarnings } from "../domain/deployment"
import { readDocumentLogo } from "../documents/logo"
import { parseDunningOptions } from "../options"
import { collectionPageBaseUrl, selfServiceEnabled } from "../self-service-options"

/**
 * Refuses to start with a bad plugin option, naming it, before anything else of the plugin runs (a job
 * schedule the workflow engine cannot keep included, and a document logo that is no readable PNG or JPEG
 * file); and in production warns loudly about modules that cannot be shared between instances.
 */
export default async function validateOptionsLoader({ options, logger }: LoaderOptions): Promise<void> {
  const parsed = parseDunningOptions(options)
  let modules: Record<string, any> = {}
  try {
    modules = (configManager.config?.modules ?? {}) as Record<string, any>
  } catch {
    // no project configuration (a module test): the in-memory workflow engine is the one that applies
  }
  const schedules = [
    { option: "schedule", expression: parsed.schedule },
    { option: "delivery.schedule", expression: parsed.delivery.schedule },
    { option: "risk.schedule", expression: parsed.risk.schedule },
  ]
  const problems = scheduleProblems(schedules, modules)
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `medusa-plugin-dunning: invalid plugin options: ${problems.join("; ")}`)
  }
  if (parsed.documents.logo) {
    readDocumentLogo(parsed.documents.logo)
  }
  for (const warning of deploymentWarnings(modules, process.env.NODE_ENV)) {
    ;(logger ?? console).warn(`dunning: ${warning}`)
  }
  const backendUrl = (configManager.config as any)?.admin?.backendUrl
  if (selfServiceEnabled(parsed) && process.env.NODE_ENV === "production" && !parsed.selfService.baseUrl && !/^https?:\/\//.test(backendUrl ?? "")) {
    ;(logger ?? console).warn(
      `dunning: the collection page's links point to ${collectionPageBaseUrl(parsed, undefined, process.env.PORT)}: set selfService.baseUrl to the backend's public URL`
    )
  }
}
