import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { ReceivableRow, ReceivableUpsertResult } from "../../../modules/dunning/service"
import { reviveReceivableRow } from "../validation"

export const upsertReceivablesStepId = "dunning-upsert-receivables"

export type UpsertReceivablesStepInput = { rows: ReceivableRow[]; now: Date }

/**
 * Creates receivables or updates them by `(source, external_ref)`; the compensation deletes what was
 * created, removes booked adjustments and restores updated rows as they were.
 */
export const upsertReceivablesStep = createStep(
  upsertReceivablesStepId,
  async ({ rows, now }: UpsertReceivablesStepInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const result = await dunning.upsertReceivableRows(rows.map(reviveReceivableRow), new Date(now))
    return new StepResponse(result, result)
  },
  async (result: ReceivableUpsertResult | undefined, { container }) => {
    if (!result) {
      return
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.revertReceivableUpsert(result)
  }
)
