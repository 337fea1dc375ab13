import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCollectionEventStep, type CollectionEventChanges } from "../steps/update-collection-event"

export const updateCollectionEventWorkflowId = "dunning-update-collection-event"

/** Marks a follow-up done, re-opens or re-assigns it, or edits its note. */
export const updateCollectionEventWorkflow = createWorkflow(
  updateCollectionEventWorkflowId,
  function (input: CollectionEventChanges) {
    return new WorkflowResponse(updateCollectionEventStep(input))
  }
)
