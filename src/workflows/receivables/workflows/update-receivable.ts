import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceivableRevision } from "../../../modules/dunning/service"
import { cancelSettledNoticesStep } from "../../payments/steps/cancel-settled-notices"
import { refreshCreditHoldsWorkflow } from "../../credit-holds/workflows/refresh-credit-holds"
import { reviseReceivableStep } from "../steps/revise-receivable"

export const updateReceivableWorkflowId = "dunning-update-receivable"

export type UpdateReceivableWorkflowInput = {
  id: string
  changes: ReceivableRevision
  now?: Date | string
}

/**
 * Updates a receivable's details, voids it, writes it off or re-opens it. Voided and written-off
 * receivables leave the dunning schedule at once, and lift the credit holds they were behind. Emits `dunning.receivable.updated`.
 */
export const updateReceivableWorkflow = createWorkflow(
  updateReceivableWorkflowId,
  function (input: UpdateReceivableWorkflowInput) {
    const now = transform({ input }, ({ input }) => (input.now ? new Date(input.now) : new Date()))
    const result = reviseReceivableStep({ id: input.id, changes: input.changes, now })
    cancelSettledNoticesStep(
      transform({ result, input, now }, ({ result, input, now }) => ({
        customer_ids: [result.customer_id],
        now,
        reason: input.changes.status === "written_off" ? "written off before delivery" : "voided before delivery",
      }))
    )
    refreshCreditHoldsWorkflow.runAsStep({
      input: transform({ result, now }, ({ result, now }) => ({ customer_ids: [result.customer_id], now })),
    })
    emitEventStep({
      eventName: "dunning.receivable.updated",
      data: transform({ input }, ({ input }) => ({ id: input.id, status: input.changes.status ?? null })),
    })
    return new WorkflowResponse(result)
  }
)
