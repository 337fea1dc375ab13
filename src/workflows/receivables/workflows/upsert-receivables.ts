import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceivableRow } from "../../../modules/dunning/service"
import { refreshCreditHoldsWorkflow } from "../../credit-holds/workflows/refresh-credit-holds"
import { upsertReceivablesStep } from "../steps/upsert-receivables"
import { validateReceivableRowsStep } from "../steps/validate-receivable-rows"

export const upsertReceivablesWorkflowId = "dunning-upsert-receivables"

export type UpsertReceivablesWorkflowInput = {
  rows: ReceivableRow[]
  /** The moment of the change; the dunning run re-derives the schedule of changed receivables from it. */
  now?: Date | string
}

/**
 * Creates or updates receivables, all or nothing: one receivable from the admin, or a batch of up to
 * 1,000 pushed by an ERP and matched by `(source, external_ref)`; an invoice imported as paid or voided lifts
 * the credit hold it was behind. Emits `dunning.receivables.upserted`.
 */
export const upsertReceivablesWorkflow = createWorkflow(
  upsertReceivablesWorkflowId,
  function (input: UpsertReceivablesWorkflowInput) {
    validateReceivableRowsStep(input.rows)
    const now = transform({ input }, ({ input }) => (input.now ? new Date(input.now) : new Date()))
    const result = upsertReceivablesStep({ rows: input.rows, now })
    refreshCreditHoldsWorkflow.runAsStep({
      input: transform({ input, now }, ({ input, now }) => ({ customer_ids: input.rows.map((r) => r.customer_id), now })),
    })
    emitEventStep({
      eventName: "dunning.receivables.upserted",
      data: transform({ result }, ({ result }) => ({
        ids: result.receivable_ids,
        created_ids: result.created_ids,
      })),
    })
    return new WorkflowResponse(result)
  }
)
