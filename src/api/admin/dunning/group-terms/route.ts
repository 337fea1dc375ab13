import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import type { AdminGetGroupTermsParamsType } from "../profiles/validators"

/** Default payment terms per customer group, a page at a time. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { limit, offset } = req.validatedQuery as unknown as AdminGetGroupTermsParamsType
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [groupTerms, count] = await dunning.listAndCountGroupTerms({}, { order: { customer_group_id: "ASC" }, take: limit, skip: offset })
  res.json({ group_terms: groupTerms, count, limit, offset, default_terms_days: dunning.getOptions().defaultTermsDays })
}
