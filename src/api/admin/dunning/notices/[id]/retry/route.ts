import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../../../modules/dunning"
import type DunningModuleService from "../../../../../../modules/dunning/service"
import { deliverNoticesWorkflow } from "../../../../../../workflows/delivery/workflows/deliver-notices"
import { assertFound } from "../../../not-found"
import { requestNow } from "../../../time-travel"

/** Sends a failed notice again now (after the billing e-mail or the template was fixed). */
export const POST = async (req: AuthenticatedMedusaRequest<{ now?: Date }>, res: MedusaResponse) => {
  const now = requestNow(req, req.validatedBody?.now)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  await assertFound(req.scope, "notice", req.params.id)
  if (!(await dunning.requeueNotice({ id: req.params.id, now }))) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "only a failed notice can be sent again")
  }
  const { result } = await deliverNoticesWorkflow(req.scope).run({ input: { now, notice_ids: [req.params.id] } })
  const { data } = await query.graph({ entity: "notice", fields: req.queryConfig.fields, filters: { id: req.params.id } })
  res.json({ notice: data[0], delivery: result })
}
