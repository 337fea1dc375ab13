import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../../modules/dunning"
import type DunningModuleService from "../../../../../../modules/dunning/service"
import { revokeCollectionLinksWorkflow } from "../../../../../../workflows/self-service/workflows/revoke-collection-links"
import { assertFound } from "../../../../dunning/not-found"
import { collectionLinksOf } from "../../../../dunning/self-service/presenter"
import type { AdminRevokeCollectionLinksType } from "../../../../dunning/self-service/validators"
import { actorOf, requestNow } from "../../../../dunning/time-travel"

/**
 * Revokes every link to the customer's collection page sent so far (the page then answers them as it
 * answers any link that does not work); the next notice carries a working one. Noted in the history.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRevokeCollectionLinksType>, res: MedusaResponse) => {
  await assertFound(req.scope, "customer", req.params.id)
  const now = requestNow(req, req.validatedBody.now)
  await revokeCollectionLinksWorkflow(req.scope).run({ input: { customer_id: req.params.id, actor_id: actorOf(req).id, now } })
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  res.json({ collection_links: await collectionLinksOf(dunning, req.params.id, now) })
}
