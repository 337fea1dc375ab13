import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createCollectionEventsWorkflow } from "../../../../../workflows/collection-events/workflows/create-collection-events"
import type { AdminReleaseHoldType } from "../../policies/validators"
import { actorOf, requestNow } from "../../time-travel"

/** Resumes dunning now for a customer (every hold, promise and dispute hold included) or the named receivables. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminReleaseHoldType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  const actor = actorOf(req)
  const { result } = await createCollectionEventsWorkflow(req.scope).run({
    input: {
      now,
      events: [
        {
          customer_id: body.customer_id,
          type: "hold_released",
          note: body.note ?? null,
          receivable_ids: body.receivable_ids,
          author_type: "user",
          author_id: actor.id,
          occurred_at: now,
        },
      ],
    },
  })
  res.status(201).json({ collection_event: result[0] })
}
