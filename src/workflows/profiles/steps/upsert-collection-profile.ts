import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const upsertCollectionProfileStepId = "dunning-upsert-collection-profile"

export type CollectionProfileInput = {
  customer_id: string
  billing_emails?: string[] | null
  terms_days?: number | null
  terms_start?: "order" | "shipment" | "delivery" | null
  do_not_dun?: boolean
  rep_user_id?: string | null
  preferred_language?: string | null
  policy_id?: string | null
  notes?: string | null
  metadata?: Record<string, unknown> | null
}

const FIELDS = [
  "email_failed_at",
  "email_failure",
  "billing_emails",
  "terms_days",
  "terms_start",
  "do_not_dun",
  "rep_user_id",
  "preferred_language",
  "policy_id",
  "notes",
  "metadata",
] as const

/**
 * Creates the customer's collection profile or changes the given fields of it. Compensation deletes a
 * profile it created or restores the fields it changed.
 */
export const upsertCollectionProfileStep = createStep(
  upsertCollectionProfileStepId,
  async (input: CollectionProfileInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: customers } = await query.graph({
      entity: "customer",
      fields: ["id"],
      filters: { id: input.customer_id },
    })
    if (!customers.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id '${input.customer_id}' was not found`)
    }
    if (input.rep_user_id) {
      const { data: users } = await query.graph({ entity: "user", fields: ["id"], filters: { id: input.rep_user_id } })
      if (!users.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `rep_user_id: no admin user with id '${input.rep_user_id}'`)
      }
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    if (input.policy_id) {
      // a pin to a disabled policy is kept (the run passes it over until the policy is enabled again)
      const [policy] = await dunning.listDunningPolicies({ id: input.policy_id }, { select: ["id"], take: 1 })
      if (!policy) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `policy_id: no dunning policy with id '${input.policy_id}'`)
      }
    }
    const [existing] = await dunning.listCollectionProfiles({ customer_id: input.customer_id }, { take: 1 })
    // new billing e-mails deserve a new try, even if the old address bounced
    const resetEmailFailure = input.billing_emails !== undefined ? { email_failed_at: null, email_failure: null } : {}
    if (!existing) {
      const created = await dunning.createCollectionProfiles({ ...input, ...resetEmailFailure } as any)
      return new StepResponse(created, { created_id: created.id })
    }
    const previous: Record<string, unknown> = { id: existing.id }
    const update: Record<string, unknown> = { id: existing.id }
    const changes: Record<string, unknown> = { ...input, ...resetEmailFailure }
    for (const field of FIELDS) {
      previous[field] = (existing as any)[field]
      if (changes[field] !== undefined) {
        update[field] = changes[field]
      }
    }
    const updated = await dunning.updateCollectionProfiles(update as any)
    return new StepResponse(updated, { previous })
  },
  async (undo: { created_id?: string; previous?: Record<string, unknown> } | undefined, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    if (undo?.created_id) {
      await dunning.deleteCollectionProfiles(undo.created_id)
    } else if (undo?.previous) {
      await dunning.updateCollectionProfiles(undo.previous as any)
    }
  }
)
