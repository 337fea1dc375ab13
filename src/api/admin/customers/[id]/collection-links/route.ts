import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { assertFound } from "../../../dunning/not-found"
import { collectionLinksOf } from "../../../dunning/self-service/presenter"

/** The customer's links to the collection page: sent last when, working until when, revoked when. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertFound(req.scope, "customer", req.params.id)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  res.json({ collection_links: await collectionLinksOf(dunning, req.params.id, new Date()) })
}
