import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { rescheduleCustomerStep } from "../steps/reschedule-customer"
import { upsertCollectionProfileStep, type CollectionProfileInput } from "../steps/upsert-collection-profile"

export const upsertCollectionProfileWorkflowId = "dunning-upsert-collection-profile"

/**
 * Sets how a customer is collected from: billing e-mails, terms, rep, language, do-not-dun, pinned policy.
 * The customer's open receivables are re-planned by the next run under the new settings.
 */
export const upsertCollectionProfileWorkflow = createWorkflow(
  upsertCollectionProfileWorkflowId,
  function (input: CollectionProfileInput) {
    const profile = upsertCollectionProfileStep(input)
    rescheduleCustomerStep({ customer_id: input.customer_id })
    return new WorkflowResponse(profile)
  }
)
