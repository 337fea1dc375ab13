import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import { kpiPeriod } from "../../../../modules/dunning/analytics/periods"
import type DunningModuleService from "../../../../modules/dunning/service"
import { requestNow } from "../time-travel"
import { groupMemberIds } from "./customers"
import { periodProblem, type AdminGetKpisParamsType } from "./validators"

/**
 * Collection KPIs per currency over `[from, to)` (default: the twelve months ending now): DSO and its
 * monthly trend, collection average and days late, recovery time, payment after each dunning stage,
 * promises to pay, disputes and notices by channel. `formulas` says how each one is computed.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetKpisParamsType
  const now = requestNow(req, q.now)
  const period = kpiPeriod({ from: q.from, to: q.to, now })
  const problem = periodProblem(period.start, period.end)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
  }
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const kpis = await dunning.getKpis({
    now,
    from: period.start,
    to: period.end,
    paid_within_days: q.paid_within_days,
    currency_code: q.currency_code,
    customer_id: q.customer_id,
    customer_ids: q.customer_group_id ? await groupMemberIds(req.scope, q.customer_group_id) : undefined,
  })
  res.json({ kpis })
}
