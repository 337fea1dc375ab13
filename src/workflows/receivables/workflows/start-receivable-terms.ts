import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { findTermsStartStep } from "../steps/find-terms-start"
import { reviseReceivableStep } from "../steps/revise-receivable"

export const startReceivableTermsWorkflowId = "dunning-start-receivable-terms"

export type StartReceivableTermsWorkflowInput = { fulfillment_id: string; now?: Date | string }

/**
 * Starts the terms of an order's invoice that waited for the order's first shipment or delivery: gives
 * it its due date, from which the next dunning run plans it. Once the invoice has a due date, later
 * fulfilments and replayed events change nothing.
 */
export const startReceivableTermsWorkflow = createWorkflow(
  startReceivableTermsWorkflowId,
  function (input: StartReceivableTermsWorkflowInput) {
    const found = findTermsStartStep({ fulfillment_id: input.fulfillment_id })
    when({ found }, ({ found }) => !!found.receivable_id).then(() => {
      reviseReceivableStep(
        transform({ found, input }, ({ found, input }) => ({
          id: found.receivable_id!,
          changes: { due_at: found.due_at! },
          now: input.now ? new Date(input.now) : new Date(),
        }))
      )
    })
    return new WorkflowResponse(found)
  }
)
