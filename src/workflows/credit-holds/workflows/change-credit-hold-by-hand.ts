import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { changeCreditHoldByHandStep, type ChangeCreditHoldByHandStepInput } from "../steps/change-credit-hold-by-hand"

export const changeCreditHoldByHandWorkflowId = "dunning-change-credit-hold-by-hand"

/**
 * An admin places a credit hold on a customer, or releases the one in force, with a reason the
 * customer's history keeps; emits `dunning.credit_holds.changed`.
 */
export const changeCreditHoldByHandWorkflow = createWorkflow(
  changeCreditHoldByHandWorkflowId,
  function (input: ChangeCreditHoldByHandStepInput) {
    const changes = changeCreditHoldByHandStep(input)
    emitEventStep({ eventName: "dunning.credit_holds.changed", data: transform({ changes }, ({ changes }) => ({ changes })) })
    return new WorkflowResponse(changes)
  }
)
