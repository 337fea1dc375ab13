import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { collectionEventTitle } from "../../../modules/dunning/domain/receivable-rules"
import type DunningModuleService from "../../../modules/dunning/service"
import type { LedgerChange } from "../../../modules/dunning/service"

export const recordLedgerEventsStepId = "dunning-record-ledger-events"

export type RecordLedgerEventsStepInput = {
  change: LedgerChange
  author?: { type: "user" | "system"; id?: string | null }
}

/**
 * Writes "Payment received" (and "Refund issued") lines into the customers' history for the ledger rows
 * just booked, one per row, keyed by the row so a replay writes nothing twice.
 */
export const recordLedgerEventsStep = createStep(
  recordLedgerEventsStepId,
  async ({ change, author }: RecordLedgerEventsStepInput, { container }) => {
    const moneyRows = change.created.filter((c) => c.kind !== "adjustment")
    if (!moneyRows.length) {
      return new StepResponse([] as Array<{ id: string }>, [] as string[])
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const receivableById = new Map(change.after.map((r) => [r.id, r]))
    const events = (await dunning.createCollectionEvents(
      moneyRows.map((row) => {
        const receivable = receivableById.get(row.receivable_id)!
        const type = row.kind === "refund" ? "payment_refunded" : "payment_received"
        const settledNow = receivable.status === "paid"
        return {
          customer_id: receivable.customer_id,
          type,
          title: collectionEventTitle(type),
          receivable_ids: [row.receivable_id],
          note:
            row.kind === "refund"
              ? `${row.amount} ${receivable.currency_code.toUpperCase()} refunded`
              : `${row.amount} ${receivable.currency_code.toUpperCase()} received${settledNow ? "; invoice settled" : ""}`,
          author_type: author?.type ?? "system",
          author_id: author?.id ?? null,
          occurred_at: new Date(row.paid_at),
          idempotency_key: `ledger:${row.id}`,
          metadata: { ledger_entry_id: row.id, amount: row.amount, currency_code: receivable.currency_code },
        } as const
      }) as any[]
    )) as unknown as Array<{ id: string }>
    const ids = events.map((e) => e.id)
    return new StepResponse(events, ids)
  },
  async (ids: string[] | undefined, { container }) => {
    if (!ids?.length) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.deleteCollectionEvents(ids)
  }
)
