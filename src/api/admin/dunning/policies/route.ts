import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { newPolicy } from "../../../../workflows/dunning-policies/policy-input"
import { savePolicyWorkflow } from "../../../../workflows/dunning-policies/workflows/save-policy"
import { presentPolicy } from "./presenter"
import type { AdminCreatePolicyType } from "./validators"

/** The dunning policies, default first then by priority; the default one is created on first use. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  await dunning.ensureDefaultPolicy()
  const policies = await dunning.listDunningPolicies({}, { relations: ["stages"], take: null })
  const sorted = policies
    .map(presentPolicy)
    .sort((a: any, b: any) => Number(b.is_default) - Number(a.is_default) || b.priority - a.priority || a.name.localeCompare(b.name))
  res.json({ policies: sorted, count: sorted.length })
}

/** Creates a policy, usually for a customer group. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreatePolicyType>, res: MedusaResponse) => {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  await dunning.ensureDefaultPolicy()
  const { result } = await savePolicyWorkflow(req.scope).run({ input: { policy: newPolicy(req.validatedBody as any) } })
  const [policy] = await dunning.listDunningPolicies({ id: result.id }, { relations: ["stages"], take: 1 })
  res.status(201).json({ policy: presentPolicy(policy) })
}
