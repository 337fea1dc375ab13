import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { presentNextAction } from "../receivables/presenter"
import { requestNow } from "../time-travel"
import type { AdminGetOverdueParamsType } from "./validators"

/**
 * Overdue receivables across customers, oldest debt first, filtered by customer group, currency, days
 * overdue, stage, hold (as the run reads it: a dispute holds until it is resolved) and the customer's risk
 * band. `days_overdue` counts whole days since the due moment.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetOverdueParamsType
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const { receivables, count } = await dunning.listOverdueReceivables({
    now: requestNow(req, q.now),
    currency_code: q.currency_code ?? null,
    customer_group_id: q.customer_group_id ?? null,
    customer_id: q.customer_id ?? null,
    min_days_overdue: q.min_days_overdue ?? null,
    max_days_overdue: q.max_days_overdue ?? null,
    stage: q.stage ?? null,
    on_hold: q.on_hold ?? null,
    risk_band: q.risk_band ?? null,
    order: q.order,
    limit: q.limit,
    offset: q.offset,
  })
  res.json({ receivables: receivables.map(presentNextAction), count, limit: q.limit, offset: q.offset })
}
