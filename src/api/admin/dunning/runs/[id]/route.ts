import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notFound } from "../../not-found"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "dunning_run", fields: req.queryConfig.fields, filters: { id: req.params.id } })
  if (!data.length) {
    throw notFound("dunning_run", req.params.id)
  }
  res.json({ run: data[0] })
}
