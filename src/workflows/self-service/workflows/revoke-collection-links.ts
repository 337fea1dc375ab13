import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCollectionEventsStep } from "../../collection-events/steps/create-collection-events"
import { revokeCollectionLinksStep } from "../steps/revoke-collection-links"

export const revokeCollectionLinksWorkflowId = "dunning-revoke-collection-links"

export type RevokeCollectionLinksInput = { customer_id: string; actor_id: string | null; now: Date | string }

/**
 * Revokes every link to a customer's collection page sent so far (a forwarded notice, a mailbox that
 * changed hands), and says so in the customer's history. The next notice carries a working link again.
 */
export const revokeCollectionLinksWorkflow = createWorkflow(revokeCollectionLinksWorkflowId, function (input: RevokeCollectionLinksInput) {
  const revoked = revokeCollectionLinksStep({ customer_id: input.customer_id, now: input.now })
  const events = createCollectionEventsStep(
    transform({ input }, ({ input }) => [
      {
        customer_id: input.customer_id,
        type: "note",
        title: "Collection page links revoked",
        note: "Every link to the collection page sent so far stops working; the next notice carries a new one.",
        author_type: "user" as const,
        author_id: input.actor_id,
        occurred_at: input.now,
      },
    ])
  )
  return new WorkflowResponse(transform({ revoked, events }, ({ revoked, events }) => ({ link_version: revoked.link_version, event_id: events[0].id })))
})
