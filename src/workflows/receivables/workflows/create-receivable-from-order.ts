import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncOrderPaymentsWorkflow } from "../../payments/workflows/sync-order-payments"
import { prepareOrderReceivableStep } from "../steps/prepare-order-receivable"
import { upsertReceivablesWorkflow } from "./upsert-receivables"

export const createReceivableFromOrderWorkflowId = "dunning-create-receivable-from-order"

export type CreateReceivableFromOrderWorkflowInput = { order_id: string; now?: Date | string }

/**
 * Turns an order placed on terms (payment not captured at checkout) into an open receivable due after
 * the customer's terms, and books whatever was already captured on it. Running it twice for the same
 * order creates one receivable.
 */
export const createReceivableFromOrderWorkflow = createWorkflow(
  createReceivableFromOrderWorkflowId,
  function (input: CreateReceivableFromOrderWorkflowInput) {
    const prepared = prepareOrderReceivableStep({ order_id: input.order_id })
    const created = when({ prepared }, ({ prepared }) => !!prepared.row).then(() => {
      const upserted = upsertReceivablesWorkflow.runAsStep({
        input: transform({ prepared, input }, ({ prepared, input }) => ({
          rows: [prepared.row!],
          now: input.now,
        })),
      })
      syncOrderPaymentsWorkflow.runAsStep({ input: { order_id: input.order_id } })
      return upserted
    })
    return new WorkflowResponse({
      receivable_id: transform({ created }, ({ created }) => created?.receivable_ids?.[0] ?? null),
      skipped_because: prepared.skipped_because,
    })
  }
)
