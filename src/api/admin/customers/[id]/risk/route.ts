import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { customerExists } from "../../../dunning/kpis/customers"
import { notFound } from "../../../dunning/not-found"
import { customerRisk } from "../../../dunning/risk"
import { requestNow } from "../../../dunning/time-travel"
import { addUtcMonths } from "../../../../../modules/dunning/analytics/periods"
import { channelThatWorked } from "../../../../../modules/dunning/domain/channel-that-worked"
import { RISK_WINDOW_MONTHS } from "../../../../../modules/dunning/domain/risk"
import type { AdminGetCustomerRiskParamsType } from "./validators"

const CHANGE_FIELDS = ["id", "from_band", "to_band", "from_score", "to_score", "factor", "reason", "factors", "changed_at"]

/**
 * The customer's risk score (null: not scored yet) and the history of its band, newest change first: from
 * and to which band and score, when, and why ("second broken promise"), with the factors as they were then;
 * and the channel that has worked with the customer over the last 12 months (null: none yet).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetCustomerRiskParamsType
  if (!(await customerExists(req.scope, req.params.id))) {
    throw notFound("customer", req.params.id)
  }
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = requestNow(req, q.now)
  const [risk, [changes, count], sent] = await Promise.all([
    customerRisk(req.scope, req.params.id),
    dunning.listAndCountCustomerRiskChanges(
      { customer_id: req.params.id },
      { select: CHANGE_FIELDS, order: { changed_at: "DESC", id: "DESC" }, take: q.limit, skip: q.offset }
    ),
    dunning.sentNoticesOf({ customer_ids: [req.params.id], since: addUtcMonths(now, -RISK_WINDOW_MONTHS) }),
  ])
  res.json({ risk, changes, count, limit: q.limit, offset: q.offset, channel_that_worked: channelThatWorked(sent) })
}
