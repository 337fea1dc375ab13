import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { runDunningWorkflow } from "../../../../workflows/dunning/workflows/run-dunning"
import type { AdminStartRunType } from "../policies/validators"
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
 * Runs dunning now, through the same workflow as the schedule. With `dry_run` it reports who would get
 * which notice and why others are skipped, and writes nothing. With `customer_id` it sends that customer's
 * next reminder at once (exactly once: the notice's key is per customer, stage and day).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminStartRunType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  if (body.customer_id) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: body.customer_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id '${body.customer_id}' was not found`)
    }
  }
  const { result } = await runDunningWorkflow(req.scope).run({
    input: {
      now,
      dry_run: body.dry_run,
      trigger: body.customer_id ? "customer" : "manual",
      triggered_by: actorOf(req).id,
      customer_ids: body.customer_id ? [body.customer_id] : undefined,
      batch_size: body.batch_size,
    },
  })
  res.status(body.dry_run ? 200 : 201).json(result)
}
