import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerOf, dunningOf, presentReceivable } from "../presenter"
import type { StoreGetReceivablesParamsType } from "../validators"

/**
 * The logged-in customer's receivables (open ones unless `status` says otherwise), oldest due first, a
 * page at a time, with what they owe per currency over every open one. Only ever the customer's own.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetReceivablesParamsType>, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const dunning = dunningOf(req)
  const query = req.validatedQuery as StoreGetReceivablesParamsType
  const statuses = query.status === undefined ? ["open"] : ([] as string[]).concat(query.status)
  const now = new Date()
  const [{ rows, count }, totals] = await Promise.all([
    dunning.listCustomerReceivables({ customer_id: customerId, statuses, limit: query.limit, offset: query.offset }),
    dunning.customerOpenTotals(customerId),
  ])
  const online = dunning.selfServiceSettings().payment_providers.length > 0
  res.json({
    receivables: rows.map((row) => presentReceivable(row, now, online)),
    count,
    limit: query.limit,
    offset: query.offset,
    totals,
  })
}
