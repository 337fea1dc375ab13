import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { updateReceivableWorkflow } from "../../../../../workflows/receivables/workflows/update-receivable"
import { requestNow } from "../../time-travel"
import { presentReceivable } from "../presenter"
import type { AdminUpdateReceivableType } from "../validators"

async function fetchReceivable(req: AuthenticatedMedusaRequest<any>, id: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph(
    { entity: "receivable", fields: req.queryConfig.fields, filters: { id } },
    { throwIfKeyNotFound: true }
  )
  return presentReceivable(data[0])
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ receivable: await fetchReceivable(req, req.params.id) })
}

/** Changes a receivable's details, or voids, writes off or re-opens it. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateReceivableType>, res: MedusaResponse) => {
  const { now, ...changes } = req.validatedBody
  const at = requestNow(req, now)
  await fetchReceivable(req, req.params.id)
  await updateReceivableWorkflow(req.scope).run({ input: { id: req.params.id, changes, now: at } })
  res.json({ receivable: await fetchReceivable(req, req.params.id) })
}
