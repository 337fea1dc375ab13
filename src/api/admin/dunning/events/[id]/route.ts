import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { updateCollectionEventWorkflow } from "../../../../../workflows/collection-events/workflows/update-collection-event"
import { assertFound } from "../../not-found"
import { actorOf, requestNow } from "../../time-travel"
import type { AdminUpdateCollectionEventType } from "../validators"

/** Works a follow-up: mark it done, re-open, re-assign, move its due date, edit its note. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateCollectionEventType>, res: MedusaResponse) => {
  const { now, ...changes } = req.validatedBody
  const at = requestNow(req, now)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  await assertFound(req.scope, "collection_event", req.params.id)
  await updateCollectionEventWorkflow(req.scope).run({
    input: { id: req.params.id, ...changes, actor_id: actorOf(req).id, now: at },
  })
  const { data } = await query.graph({ entity: "collection_event", fields: req.queryConfig.fields, filters: { id: req.params.id } })
  res.json({ collection_event: data[0] })
}
