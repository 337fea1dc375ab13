import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminGetNoticesParamsType } from "../policies/validators"

/** Notices, newest first: by customer, status, run or kind (`reminder`, `invoice`). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetNoticesParamsType>, res: MedusaResponse) => {
  const { customer_id, status, run_id, kind } = req.validatedQuery as AdminGetNoticesParamsType
  const filters: Record<string, unknown> = {}
  if (customer_id) filters.customer_id = customer_id
  if (status) filters.status = status
  if (run_id) filters.run_id = run_id
  if (kind) filters.kind = kind
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "notice",
    fields: req.queryConfig.fields,
    filters,
    pagination: req.queryConfig.pagination,
  })
  res.json({ notices: data, count: metadata?.count ?? data.length, offset: metadata?.skip ?? 0, limit: metadata?.take ?? data.length })
}
