import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { upsertCollectionProfileWorkflow } from "../../../../../workflows/profiles/workflows/upsert-collection-profile"
import { assertFound } from "../../not-found"
import type { AdminUpsertCollectionProfileType } from "../validators"

/**
 * The customer's collection profile. A customer without one gets the defaults back (`id: null`), so the
 * admin can show and edit the effective settings without a special case.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.params.customer_id
  await assertFound(req.scope, "customer", customerId)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [profile] = await dunning.listCollectionProfiles({ customer_id: customerId }, { take: 1 })
  res.json({
    collection_profile: profile ?? {
      id: null,
      customer_id: customerId,
      billing_emails: [],
      terms_days: null,
      terms_start: null,
      do_not_dun: false,
      rep_user_id: null,
      preferred_language: null,
      policy_id: null,
      notes: null,
      metadata: null,
    },
    default_terms_days: dunning.getOptions().defaultTermsDays,
    default_terms_start: dunning.getOptions().terms.startAt,
  })
}

/** Creates or changes the customer's collection profile (only the fields sent change). */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpsertCollectionProfileType>,
  res: MedusaResponse
) => {
  await assertFound(req.scope, "customer", req.params.customer_id)
  const { result } = await upsertCollectionProfileWorkflow(req.scope).run({
    input: { customer_id: req.params.customer_id, ...req.validatedBody },
  })
  res.json({ collection_profile: result })
}
