import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { receivableInputProblems } from "../../../../../modules/dunning/domain/receivable-rules"
import { updateReceivableWorkflow } from "../../../../../workflows/receivables/workflows/update-receivable"
import { notFound } from "../../not-found"
import { requestNow } from "../../time-travel"
import { presentReceivable, readFields } from "../presenter"
import type { AdminUpdateReceivableType } from "../validators"

async function fetchReceivable(req: AuthenticatedMedusaRequest<any>, id: string, fields = req.queryConfig.fields) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "receivable", fields: readFields(fields), filters: { id } })
  if (!data.length) {
    throw notFound("receivable", id)
  }
  return presentReceivable(data[0], fields)
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ receivable: await fetchReceivable(req, req.params.id) })
}

/** Changes a receivable's details, or voids, writes off or re-opens it. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateReceivableType>, res: MedusaResponse) => {
  const { now, ...changes } = req.validatedBody
  const at = requestNow(req, now)
  const current = await fetchReceivable(req, req.params.id, ["id", "currency_code", "issued_at", "due_at"])
  const problems = receivableInputProblems(changes, at, current)
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.map((p) => `${p.field}: ${p.message}`).join("; "))
  }
  await updateReceivableWorkflow(req.scope).run({ input: { id: req.params.id, changes, now: at } })
  res.json({ receivable: await fetchReceivable(req, req.params.id) })
}
