import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { RunTotals } from "../../../../workflows/dunning/steps/process-due-receivables"
import { newRunId } from "../../../../workflows/dunning/run-lease"
import { runDunningWorkflow } from "../../../../workflows/dunning/workflows/run-dunning"
import { runDunningInBackgroundWorkflow } from "../../../../workflows/dunning/workflows/run-dunning-in-background"
import { PREVIEW_CUSTOMER_LIMIT, runFields, type AdminStartRunType } from "../policies/validators"
import { assertFound } from "../not-found"
import { actorOf, requestNow } from "../time-travel"

/** Past runs, newest first, with what each did and what it skipped and why. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "dunning_run",
    fields: req.queryConfig.fields,
    pagination: req.queryConfig.pagination,
  })
  res.json({ runs: data, count: metadata?.count ?? data.length, offset: metadata?.skip ?? 0, limit: metadata?.take ?? data.length })
}

/**
 * Runs dunning now, through the same steps as the schedule.
 * - The whole store: the run is recorded and goes on in the background through Medusa's workflow engine,
 *   under the lease the scheduled run holds too. Answers 202 at once with the run (follow it at
 *   `GET /admin/dunning/runs/:id` until it has succeeded or failed), or 409 naming the run in progress.
 * - `dry_run`: reports who would get which notice and why others are skipped, and writes nothing; it
 *   answers in the request, so it looks at `customer_limit` customers at most (default and maximum 1000)
 *   and says `truncated: true` when it stopped there. Its notices are not stored, so they have no id.
 * - `customer_id`: sends that customer's next reminder at once (exactly once: the notice's key is per
 *   customer and day). One customer is quick, so this answers 201 when the run is done, with its totals.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminStartRunType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  if (body.customer_id) {
    await assertFound(req.scope, "customer", body.customer_id)
  }
  if (body.dry_run || body.customer_id) {
    const customerLimit = body.dry_run ? body.customer_limit ?? PREVIEW_CUSTOMER_LIMIT : undefined
    const { result } = await runDunningWorkflow(req.scope).run({
      input: {
        now,
        dry_run: body.dry_run,
        trigger: body.customer_id ? "customer" : "manual",
        triggered_by: actorOf(req).id,
        customer_ids: body.customer_id ? [body.customer_id] : undefined,
        batch_size: body.batch_size,
        customer_limit: customerLimit,
      },
    })
    res
      .status(body.dry_run ? 200 : 201)
      .json(body.dry_run ? { ...result, totals: previewTotals(result.totals), customer_limit: customerLimit } : result)
    return
  }
  const runId = newRunId()
  try {
    await runDunningInBackgroundWorkflow(req.scope).run({
      input: { run_id: runId, now, triggered_by: actorOf(req).id, batch_size: body.batch_size },
      context: { transactionId: runId },
    })
  } catch (error) {
    // Medusa's error handler answers every conflict with a generic text: this one must name the run
    const e = error as { type?: string; message?: string; run_id?: string | null }
    if (e?.type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: MedusaError.Types.CONFLICT, message: e.message, run_id: e.run_id ?? null })
      return
    }
    throw error
  }
  const { data } = await query.graph({ entity: "dunning_run", fields: runFields, filters: { id: runId } })
  res.status(202).json({ run: data[0] })
}

/** A preview stores nothing: its notices have no id, and there are no notice ids to follow. */
function previewTotals(totals: RunTotals): RunTotals {
  return { ...totals, notices: totals.notices.map((notice) => ({ ...notice, id: null })), notice_ids: [] }
}
