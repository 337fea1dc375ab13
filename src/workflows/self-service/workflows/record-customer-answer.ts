import type { MedusaContainer } from "@medusajs/framework/types"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { applyEventHoldsStep } from "../../collection-events/steps/apply-event-holds"
import { createCollectionEventsStep } from "../../collection-events/steps/create-collection-events"
import { riskCustomers, scoreCustomersStep } from "../../risk/steps/score-customers"
import { prepareCustomerAnswerStep, type CustomerAnswerInput } from "../steps/prepare-customer-answer"

export const recordCustomerAnswerWorkflowId = "dunning-record-customer-answer"

/**
 * Records a customer's answer to a notice (a promise to pay, a dispute) from the collection page or the
 * storefront, exactly as a rep's entry of it would be recorded but marked as the customer's: a line in the
 * customer's history with an open follow-up for the rep, and the hold it gives (a promise holds the
 * invoices until the day after the promised date, a dispute until it is resolved), and the customer's risk
 * scored again. The same answer sent again (same idempotency key) records nothing and answers with the line
 * recorded first.
 */
export const recordCustomerAnswerWorkflow = createWorkflow(recordCustomerAnswerWorkflowId, function (input: CustomerAnswerInput) {
  const prepared = prepareCustomerAnswerStep(input)
  const created = when({ prepared }, ({ prepared }) => !prepared.replay).then(() => {
    const events = createCollectionEventsStep(prepared.events)
    applyEventHoldsStep({ events: events as any, now: input.now })
    emitEventStep({
      eventName: "dunning.collection_event.created",
      data: transform({ events }, ({ events }) => ({ ids: events.map((e: { id: string }) => e.id) })),
    })
    scoreCustomersStep(transform({ events, input }, ({ events, input }) => ({ customer_ids: riskCustomers(events as any[]), now: input.now })))
    return events
  })
  const result = transform({ prepared, created }, ({ prepared, created }) => ({
    event: (prepared.replay ?? created?.[0]) as Record<string, any>,
    replayed: !!prepared.replay,
  }))
  return new WorkflowResponse(result)
})

/**
 * Runs the workflow; when two sends of the same answer raced past the replay check, the second fails on
 * the unique idempotency key, and is answered with the line the first recorded.
 */
export async function recordCustomerAnswer(container: MedusaContainer, input: CustomerAnswerInput): Promise<{ event: Record<string, any>; replayed: boolean }> {
  try {
    const { result } = await recordCustomerAnswerWorkflow(container).run({ input })
    return result
  } catch (error) {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [earlier] = await dunning.listCollectionEvents({ idempotency_key: input.idempotency_key }, { take: 1 })
    if (earlier) {
      return { event: earlier as Record<string, any>, replayed: true }
    }
    throw error
  }
}
