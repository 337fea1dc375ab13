import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const takeRunLeaseStepId = "dunning-take-run-lease"

export type RunLease = { name: string; holder: string; ttl_ms: number }

/**
 * Takes the run lease for `holder` (a run's id), or refuses with a conflict that names the run holding it.
 * If the workflow fails later, the compensation gives the lease back so the next run need not wait for it
 * to run out.
 */
export const takeRunLeaseStep = createStep(
  takeRunLeaseStepId,
  async (lease: RunLease, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = new Date()
    const taken = await dunning.acquireLease({ name: lease.name, holder: lease.holder, until: new Date(now.getTime() + lease.ttl_ms), now })
    if (!taken) {
      const [current] = await dunning.listDunningLeases({ name: lease.name }, { take: 1 })
      throw runInProgress(current?.holder ?? null)
    }
    return new StepResponse(lease, lease)
  },
  async (lease: RunLease | undefined, { container }) => {
    if (!lease) {
      return
    }
    await container.resolve<DunningModuleService>(DUNNING_MODULE).releaseLease({ name: lease.name, holder: lease.holder })
  }
)

/** The conflict a start meets while another run holds the lease: names that run when the holder is one. */
export function runInProgress(holder: string | null): MedusaError & { run_id: string | null } {
  const runId = holder?.startsWith("drun_") ? holder : null
  const message = runId
    ? `Dunning run ${runId} is in progress; follow it at GET /admin/dunning/runs/${runId} and start another when it has finished`
    : "Another dunning run is in progress; start another when it has finished"
  return Object.assign(new MedusaError(MedusaError.Types.CONFLICT, message), { run_id: runId })
}
