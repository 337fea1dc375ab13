import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * The 404 of every admin route, worded the same way whatever is missing: "Receivable 'rcv_…' was not
 * found". Routes check what their path and body name before they start a workflow, so the answer names
 * the record the caller sent, not whatever a later step happened to look up.
 */

const THINGS = {
  customer: "Customer",
  customer_group: "Customer group",
  receivable: "Receivable",
  notice: "Notice",
  dunning_run: "Dunning run",
  collection_event: "Collection event",
  dunning_policy: "Dunning policy",
  dunning_stage: "Dunning stage",
} as const

export type FindableEntity = keyof typeof THINGS

export function notFound(entity: FindableEntity, id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `${THINGS[entity]} '${id}' was not found`)
}

/** Answers 404 unless a record of `entity` has this id. */
export async function assertFound(scope: MedusaContainer, entity: FindableEntity, id: string): Promise<void> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields: ["id"], filters: { id } })
  if (!data.length) {
    throw notFound(entity, id)
  }
}
