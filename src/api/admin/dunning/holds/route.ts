import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { createCollectionEventsWorkflow } from "../../../../workflows/collection-events/workflows/create-collection-events"
import { assertFound } from "../not-found"
import type { AdminPlaceHoldType } from "../policies/validators"
import { actorOf, requestNow } from "../time-travel"

/**
 * Holds dunning for a customer (all open receivables, or the named ones) until a date, with a reason the
 * history keeps. Dunning resumes by itself when the date has passed. A receivable an open dispute holds
 * (or another part of the plugin) keeps that hold.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPlaceHoldType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  if (body.until.getTime() <= now.getTime()) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "until: must be in the future")
  }
  await assertFound(req.scope, "customer", body.customer_id)
  const actor = actorOf(req)
  const { result } = await createCollectionEventsWorkflow(req.scope).run({
    input: {
      now,
      events: [
        {
          customer_id: body.customer_id,
          type: "hold_placed",
          note: body.reason,
          receivable_ids: body.receivable_ids,
          author_type: "user",
          author_id: actor.id,
          occurred_at: now,
          metadata: { hold_until: body.until.toISOString() },
        },
      ],
    },
  })
  res.status(201).json({ collection_event: result[0] })
}
