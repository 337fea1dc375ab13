import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setGroupTermsWorkflow } from "../../../../../workflows/profiles/workflows/set-group-terms"
import { assertFound } from "../../not-found"
import type { AdminSetGroupTermsType } from "../../profiles/validators"

/** Sets the default terms of a customer group. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetGroupTermsType>, res: MedusaResponse) => {
  await assertFound(req.scope, "customer_group", req.params.customer_group_id)
  const { result } = await setGroupTermsWorkflow(req.scope).run({
    input: { customer_group_id: req.params.customer_group_id, terms_days: req.validatedBody.terms_days },
  })
  res.json({ group_terms: result })
}

/** Removes the group's terms; its customers fall back to the plugin default. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertFound(req.scope, "customer_group", req.params.customer_group_id)
  await setGroupTermsWorkflow(req.scope).run({
    input: { customer_group_id: req.params.customer_group_id, terms_days: null },
  })
  res.json({ customer_group_id: req.params.customer_group_id, object: "group_terms", deleted: true })
}
