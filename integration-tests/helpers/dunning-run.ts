import type { AdminSession } from "./admin"

type Api = {
  post: (url: string, body: unknown, config: unknown) => Promise<{ status: number; data: any }>
  get: (url: string, config: unknown) => Promise<{ data: any }>
}

const RUN_DEADLINE_MS = 120_000
const POLL_EVERY_MS = 20

/**
 * `POST /admin/dunning/runs` as a test needs it: a whole-store run answers 202 and goes on in the
 * background, so this follows `GET /admin/dunning/runs/:id` until the run's status says it has ended,
 * and fails with the run's error when it failed. Returns the answer a run gave when it ran inside the
 * request: `{ dry_run, as_of, run, totals }`, the totals being the counts the run recorded. Dry runs and
 * one-customer runs answer when they are done and come back as they are.
 */
export async function runDunningNow(api: Api, admin: AdminSession, body: Record<string, unknown>): Promise<any> {
  const { status, data } = await api.post("/admin/dunning/runs", body, admin)
  if (status !== 202) {
    return data
  }
  const run = await followRun(api, admin, data.run.id)
  if (run.status !== "succeeded") {
    throw new Error(`dunning run ${run.id} ${run.status}: ${run.error}`)
  }
  const { batches, customers_seen, receivables_seen, notices_created, escalations_created, skipped } = run
  return {
    dry_run: false,
    as_of: run.as_of,
    run,
    totals: { batches, customers_seen, receivables_seen, notices_created, escalations_created, skipped: skipped ?? {} },
  }
}

/** Reads the run until it is no longer running; returns it as `GET /admin/dunning/runs/:id` answers. */
export async function followRun(api: Api, admin: AdminSession, runId: string): Promise<any> {
  const deadline = Date.now() + RUN_DEADLINE_MS
  for (;;) {
    const { run } = (await api.get(`/admin/dunning/runs/${runId}`, admin)).data
    if (run.status !== "running") {
      return run
    }
    if (Date.now() > deadline) {
      throw new Error(`dunning run ${runId} was still running after ${RUN_DEADLINE_MS / 1000} s (${run.batches} batches)`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS))
  }
}
