import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { LedgerChange, NewLedgerEntry } from "../../../modules/dunning/service"

export const bookLedgerEntriesStepId = "dunning-book-ledger-entries"

/**
 * Books payments, refunds and adjustments and re-derives each receivable's balance and status. Entries
 * booked before under the same `(source, external_ref)` are skipped. Compensation removes exactly the
 * rows this step wrote and puts the balances back.
 */
export const bookLedgerEntriesStep = createStep(
  bookLedgerEntriesStepId,
  async (entries: NewLedgerEntry[], { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const change = await dunning.bookLedgerEntries(
      entries.map((e) => ({ ...e, paid_at: new Date(e.paid_at) }))
    )
    return new StepResponse(change, change)
  },
  async (change: LedgerChange | undefined, { container }) => {
    if (!change?.created.length) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.revertLedgerEntries({
      ledger_entry_ids: change.created.map((c) => c.id),
      before: change.before,
    })
  }
)
