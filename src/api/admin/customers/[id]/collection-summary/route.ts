import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import { SUMMARY_FORMULAS } from "../../../../../modules/dunning/analytics"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { holdInForce, presentCreditHold } from "../../../../credit-hold/presenter"
import { customerExists } from "../../../dunning/kpis/customers"
import type { AdminGetCollectionSummaryParamsType } from "../../../dunning/kpis/validators"
import { notFound } from "../../../dunning/not-found"
import { customerRisk } from "../../../dunning/risk"
import { requestNow } from "../../../dunning/time-travel"

/**
 * How the customer pays, the credit hold in force (null: none) and the risk score (null: not scored yet):
 * for the customer page's collections widget.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetCollectionSummaryParamsType
  const now = requestNow(req, q.now)
  if (!(await customerExists(req.scope, req.params.id))) {
    throw notFound("customer", req.params.id)
  }
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [summary, hold, risk] = await Promise.all([
    dunning.getCollectionSummary({ customer_id: req.params.id, now }),
    holdInForce(req.scope, req.params.id),
    customerRisk(req.scope, req.params.id),
  ])
  res.json({ collection_summary: { ...summary, credit_hold: presentCreditHold(hold), risk, formulas: SUMMARY_FORMULAS } })
}
