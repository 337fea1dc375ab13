import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncOrderPaymentsWorkflow } from "../../payments/workflows/sync-order-payments"
import { prepareOrderReceivableStep } from "../steps/prepare-order-receivable"
import { upsertReceivablesWorkflow } from "./upsert-receivables"

export const createReceivableFromOrderWorkflowId = "dunning-create-receivable-from-order"

export type CreateReceivableFromOrderWorkflowInput = {
  order_id: string
  now?: Date | string
  /** An admin invoices the order by hand, whatever the terms rules say (see `prepareOrderReceivableStep`). */
  by_hand?: { user_id: string | null }
}

/**
 * Turns an order placed on terms (see `domain/terms.ts`) into an open receivable due after the customer's
 * terms (or waiting, without a due date, for the order's first shipment or delivery), and books whatever
 * was already captured on it. An order that is not on terms creates nothing, unless an admin invoices it
 * by hand. Running it twice for the same order creates one receivable.
 */
export const createReceivableFromOrderWorkflow = createWorkflow(
  createReceivableFromOrderWorkflowId,
  function (input: CreateReceivableFromOrderWorkflowInput) {
    const prepared = prepareOrderReceivableStep({ order_id: input.order_id, by_hand: input.by_hand })
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
