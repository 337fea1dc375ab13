import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { refreshCreditHoldsStep, type RefreshCreditHoldsStepInput } from "../steps/refresh-credit-holds"

export const refreshCreditHoldsWorkflowId = "dunning-refresh-credit-holds"

/**
 * Lifts the automatic credit holds of customers the rules no longer hold, after a payment, a voided or
 * written-off invoice, an import or a recorded event (only the dunning run places holds), and emits
 * `dunning.credit_holds.changed` when a hold changed.
 */
export const refreshCreditHoldsWorkflow = createWorkflow(refreshCreditHoldsWorkflowId, function (input: RefreshCreditHoldsStepInput) {
  const changes = refreshCreditHoldsStep(input)
  const changed = transform({ changes }, ({ changes }) => changes.filter((c) => c.change === "lifted"))
  when({ changed }, ({ changed }) => changed.length > 0).then(() => {
    emitEventStep({ eventName: "dunning.credit_holds.changed", data: transform({ changed }, ({ changed }) => ({ changes: changed })) }).config({
      name: "dunning-emit-credit-holds-lifted",
    })
  })
  return new WorkflowResponse(changes)
})
