import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { requestNow } from "../time-travel"
import type { AdminGetFollowUpsParamsType } from "./validators"

/**
 * The call list: every open follow-up (claims for non-payment, escalations, delivery failures, promises
 * and disputes to watch) across customers, with what each customer owes past due, largest debt first.
 * `assigned_to=unassigned` lists the ones nobody owns yet; `credit_hold=true` those of customers on credit
 * hold (each entry says whether its customer is held, since when and why). `order=risk` puts first the
 * customers whose risk score × largest overdue amount is highest.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetFollowUpsParamsType
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const { entries, count } = await dunning.listCallList({
    now: requestNow(req, q.now),
    assigned_to: q.assigned_to ?? null,
    customer_id: q.customer_id ?? null,
    type: q.type ?? null,
    credit_hold: q.credit_hold ?? null,
    order: q.order,
    limit: q.limit,
    offset: q.offset,
  })
  res.json({ follow_ups: entries, count, limit: q.limit, offset: q.offset })
}
