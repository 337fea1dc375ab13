import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { mergePolicy, policyAsInput } from "../../../../../workflows/dunning-policies/policy-input"
import { deletePolicyWorkflow } from "../../../../../workflows/dunning-policies/workflows/delete-policy"
import { savePolicyWorkflow } from "../../../../../workflows/dunning-policies/workflows/save-policy"
import { notFound } from "../../not-found"
import { presentPolicy } from "../presenter"
import type { AdminUpdatePolicyType } from "../validators"

async function findPolicy(req: AuthenticatedMedusaRequest<any>) {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [policy] = await dunning.listDunningPolicies({ id: req.params.id }, { relations: ["stages"], take: 1 })
  if (!policy) {
    throw notFound("dunning_policy", req.params.id)
  }
  return policy
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ policy: presentPolicy(await findPolicy(req)) })
}

/** Changes a policy; `stages`, when sent, replaces the stage list (send a stage's `id` to keep it). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdatePolicyType>, res: MedusaResponse) => {
  const stored = await findPolicy(req)
  const policy = mergePolicy(policyAsInput(stored), req.validatedBody as any)
  await savePolicyWorkflow(req.scope).run({ input: { id: stored.id, policy, saved_by: req.auth_context?.actor_id ?? null } })
  res.json({ policy: presentPolicy(await findPolicy(req)) })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await findPolicy(req)
  await deletePolicyWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "dunning_policy", deleted: true })
}
