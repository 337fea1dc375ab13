import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const startDunningRunStepId = "dunning-start-run"

export type StartDunningRunInput = {
  /** The run's id when it was chosen beforehand (the run lease is held under it). */
  id?: string | null
  now: Date | string
  trigger: "schedule" | "manual" | "customer"
  triggered_by?: string | null
  /** The run lease the run holds, given back by the compensation before the run is recorded as failed. */
  lease?: { name: string; holder: string } | null
}

/**
 * A running run records its progress after every batch (a fraction of a second each); one silent for this
 * long has lost its process.
 */
export const ABANDONED_RUN_AFTER_MS = 10 * 60_000

/**
 * Records that a run started; if the run fails, the compensation records that it failed (after giving
 * back the run's lease, so whoever sees the run failed can start the next at once). Runs whose process
 * ended without finishing are closed first, so the history never shows one running forever.
 */
export const startDunningRunStep = createStep(
  startDunningRunStepId,
  async (input: StartDunningRunInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    await dunning.closeAbandonedRuns({ stale_before: new Date(Date.now() - ABANDONED_RUN_AFTER_MS) })
    const run = await dunning.createDunningRuns({
      ...(input.id ? { id: input.id } : {}),
      trigger: input.trigger,
      triggered_by: input.triggered_by ?? null,
      as_of: new Date(input.now),
      started_at: new Date(),
      status: "running",
    })
    return new StepResponse({ id: run.id }, { run_id: run.id, lease: input.lease ?? null })
  },
  async (saved: { run_id: string; lease: StartDunningRunInput["lease"] } | string | undefined, { container }) => {
    if (!saved) {
      return
    }
    // a run started by an earlier version saved only its id
    const started = typeof saved === "string" ? { run_id: saved, lease: null } : saved
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    if (started.lease) {
      await dunning.releaseLease({ name: started.lease.name, holder: started.lease.holder })
    }
    await dunning.updateDunningRuns({ id: started.run_id, status: "failed", finished_at: new Date(), error: "the run failed; see the server log" })
  }
)
