import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { refreshCreditHoldsWorkflow } from "../../credit-holds/workflows/refresh-credit-holds"
import { riskCustomers, scoreCustomersStep } from "../../risk/steps/score-customers"
import { applyEventHoldsStep } from "../steps/apply-event-holds"
import { createCollectionEventsStep, type NewCollectionEvent } from "../steps/create-collection-events"

export const createCollectionEventsWorkflowId = "dunning-create-collection-events"

export type CreateCollectionEventsWorkflowInput = { events: NewCollectionEvent[]; now?: Date | string }

/**
 * Records lines in customers' collection history: a call a rep logged, a note, a promise to pay,
 * a dispute, a manual hold. Promises, disputes and holds pause dunning on the receivables they concern; a
 * credit hold the rules no longer hold (a dispute resolved by a voided invoice, say) is lifted.
 * Emits `dunning.collection_event.created` with the new ids; a promise or a dispute scores the customer's
 * risk again.
 */
export const createCollectionEventsWorkflow = createWorkflow(
  createCollectionEventsWorkflowId,
  function (input: CreateCollectionEventsWorkflowInput) {
    const events = createCollectionEventsStep(input.events)
    applyEventHoldsStep({ events: events as any, now: input.now })
    refreshCreditHoldsWorkflow.runAsStep({
      input: transform({ events, input }, ({ events, input }) => ({
        customer_ids: events.map((e) => String(e.customer_id)),
        now: input.now,
      })),
    })
    emitEventStep({
      eventName: "dunning.collection_event.created",
      data: transform({ events }, ({ events }) => ({ ids: events.map((e: { id: string }) => e.id) })),
    })
    scoreCustomersStep(transform({ events, input }, ({ events, input }) => ({ customer_ids: riskCustomers(events), now: input.now })))
    return new WorkflowResponse(events)
  }
)
