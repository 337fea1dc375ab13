import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { RunLease } from "./take-run-lease"

export const releaseRunLeaseStepId = "dunning-release-run-lease"

/** Gives the run lease back once the run is recorded, so the next run can start at once. */
export const releaseRunLeaseStep = createStep(releaseRunLeaseStepId, async (lease: RunLease, { container }) => {
  await container.resolve<DunningModuleService>(DUNNING_MODULE).releaseLease({ name: lease.name, holder: lease.holder })
  return new StepResponse(null)
})
