import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notFound } from "../../not-found"

/** One notice: recipients, what it listed, and, once sent, exactly the subject and body that went out. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "notice", fields: req.queryConfig.fields, filters: { id: req.params.id } })
  if (!data.length) {
    throw notFound("notice", req.params.id)
  }
  res.json({ notice: data[0] })
}
