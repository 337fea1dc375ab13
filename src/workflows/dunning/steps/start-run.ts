import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const startDunningRunStepId = "dunning-start-run"

export type StartDunningRunInput = {
  now: Date | string
  trigger: "schedule" | "manual" | "customer"
  triggered_by?: string | null
}

/**
 * A running run records its progress after every batch (a fraction of a second each); one silent for this
 * long has lost its process.
 */
export const ABANDONED_RUN_AFTER_MS = 10 * 60_000

/**
 * Records that a run started; if the run fails, the compensation records that it failed. Runs whose
 * process ended without finishing are closed first, so the history never shows one running forever.
 */
export const startDunningRunStep = createStep(
  startDunningRunStepId,
  async (input: StartDunningRunInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.closeAbandonedRuns({ stale_before: new Date(Date.now() - ABANDONED_RUN_AFTER_MS) })
    const run = await dunning.createDunningRuns({
      trigger: input.trigger,
      triggered_by: input.triggered_by ?? null,
      as_of: new Date(input.now),
      started_at: new Date(),
      status: "running",
    })
    return new StepResponse({ id: run.id }, run.id)
  },
  async (runId: string | undefined, { container }) => {
    if (!runId) {
      return
    }
    await container
      .resolve<DunningModuleService>(DUNNING_MODULE)
      .updateDunningRuns({ id: runId, status: "failed", finished_at: new Date(), error: "the run failed; see the server log" })
  }
)
