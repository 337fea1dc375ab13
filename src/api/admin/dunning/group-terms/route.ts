import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"

/** Default payment terms per customer group. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const groupTerms = await dunning.listGroupTerms({}, { order: { customer_group_id: "ASC" }, take: 1000 })
  res.json({ group_terms: groupTerms, default_terms_days: dunning.getOptions().defaultTermsDays })
}
