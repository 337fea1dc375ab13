import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCollectionEventsWorkflow } from "../../../../../workflows/collection-events/workflows/create-collection-events"
import { assertFound } from "../../../dunning/not-found"
import { actorOf, requestNow } from "../../../dunning/time-travel"
import type {
  AdminCreateCollectionEventType,
  AdminGetCollectionEventsParamsType,
} from "../../../dunning/events/validators"

const assertCustomer = (req: AuthenticatedMedusaRequest<any>) => assertFound(req.scope, "customer", req.params.id)

/** The customer's collection history, newest first, paginated; optionally only open follow-ups. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCollectionEventsParamsType>,
  res: MedusaResponse
) => {
  await assertCustomer(req)
  const { type, follow_up_status, open_follow_ups } = req.validatedQuery as AdminGetCollectionEventsParamsType
  const filters: Record<string, unknown> = { customer_id: req.params.id }
  if (type) filters.type = type
  if (follow_up_status) filters.follow_up_status = follow_up_status
  if (open_follow_ups) filters.follow_up_status = "open"
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "collection_event",
    fields: req.queryConfig.fields,
    filters,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    collection_events: data,
    count: metadata?.count ?? data.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? data.length,
  })
}

/** Records a call, a note, a promise to pay or a dispute in the customer's history. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateCollectionEventType>, res: MedusaResponse) => {
  await assertCustomer(req)
  const body = req.validatedBody
  const actor = actorOf(req)
  const { follow_up, now: requestedNow, ...fields } = body as AdminCreateCollectionEventType & { follow_up?: boolean }
  const now = requestNow(req, requestedNow)
  const wantsFollowUp = follow_up ?? (!!fields.assigned_to || !!fields.follow_up_due_at)
  const { result } = await createCollectionEventsWorkflow(req.scope).run({
    input: {
      now,
      events: [
        {
          ...fields,
          customer_id: req.params.id,
          author_type: "user",
          author_id: actor.id,
          occurred_at: fields.occurred_at ?? now,
          follow_up_status: wantsFollowUp ? "open" : null,
          assigned_to: fields.assigned_to ?? (wantsFollowUp ? actor.id : null),
        },
      ],
    },
  })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "collection_event",
    fields: req.queryConfig.fields,
    filters: { id: result[0].id },
  })
  res.status(201).json({ collection_event: data[0] })
}
