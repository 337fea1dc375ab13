import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { newPolicy } from "../../../../workflows/dunning-policies/policy-input"
import { savePolicyWorkflow } from "../../../../workflows/dunning-policies/workflows/save-policy"
import { presentPolicy } from "./presenter"
import type { AdminCreatePolicyType, AdminGetPoliciesParamsType } from "./validators"

/** The dunning policies, default first then by priority, a page at a time; the default one is created on first use. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { limit, offset } = req.validatedQuery as unknown as AdminGetPoliciesParamsType
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  await dunning.ensureDefaultPolicy()
  const [policies, count] = await dunning.listAndCountDunningPolicies(
    {},
    { relations: ["stages"], order: { is_default: "DESC", priority: "DESC", name: "ASC", id: "ASC" }, take: limit, skip: offset }
  )
  res.json({ policies: policies.map(presentPolicy), count, limit, offset })
}

/** Creates a policy, usually for a customer group. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreatePolicyType>, res: MedusaResponse) => {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  await dunning.ensureDefaultPolicy()
  const { result } = await savePolicyWorkflow(req.scope).run({ input: { policy: newPolicy(req.validatedBody as any), saved_by: req.auth_context?.actor_id ?? null } })
  const [policy] = await dunning.listDunningPolicies({ id: result.id }, { relations: ["stages"], take: 1 })
  res.status(201).json({ policy: presentPolicy(policy) })
}
