import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { upsertReceivablesWorkflow } from "../../../../workflows/receivables/workflows/upsert-receivables"
import { requestNow } from "../time-travel"
import { presentReceivable, readFields } from "./presenter"
import type { AdminCreateReceivableType, AdminGetReceivablesParamsType } from "./validators"

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Lists receivables: by customer, status, overdue, due date range or number, paginated and sorted. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetReceivablesParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { customer_id, order_id, status, overdue, due_from, due_to, q, source, external_ref, now } =
    req.validatedQuery as AdminGetReceivablesParamsType
  const at = requestNow(req, now)

  const filters: Record<string, unknown> = {}
  let statuses = status ? ([] as string[]).concat(status) : undefined
  const dueAt: Record<string, Date> = {}
  if (overdue) {
    statuses = (statuses ?? ["open"]).filter((s) => s === "open")
    dueAt.$lt = at
  }
  if (statuses) {
    if (!statuses.length) {
      return res.json({ receivables: [], count: 0, offset: req.queryConfig.pagination?.skip ?? 0, limit: req.queryConfig.pagination?.take })
    }
    filters.status = statuses
  }
  if (due_from) {
    dueAt.$gte = due_from
  }
  if (due_to) {
    dueAt.$lte = due_to
  }
  if (Object.keys(dueAt).length) {
    filters.due_at = dueAt
  }
  if (customer_id) filters.customer_id = customer_id
  if (order_id) filters.order_id = order_id
  if (source) filters.source = source
  if (external_ref) filters.external_ref = external_ref
  if (q) filters.number = { $ilike: `%${escapeLike(q)}%` }

  const { data, metadata } = await query.graph({
    entity: "receivable",
    fields: readFields(req.queryConfig.fields),
    filters,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    receivables: data.map((r) => presentReceivable(r, req.queryConfig.fields)),
    count: metadata?.count ?? data.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? data.length,
  })
}

/** Creates one receivable (an invoice entered by hand or pushed by an ERP one at a time). */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateReceivableType>,
  res: MedusaResponse
) => {
  const { now, ...body } = req.validatedBody
  const at = requestNow(req, now)
  if (body.external_ref) {
    const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
    const [existing] = await dunning.listReceivables(
      { source: body.source ?? "manual", external_ref: body.external_ref },
      { select: ["id"], take: 1 }
    )
    if (existing) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        `external_ref: receivable ${existing.id} already has source '${body.source ?? "manual"}' and external_ref '${body.external_ref}'; update it with POST /admin/dunning/receivables/${existing.id} or upsert with POST /admin/dunning/receivables/batch`
      )
    }
  }
  const { result } = await upsertReceivablesWorkflow(req.scope).run({
    input: { rows: [body], now: at },
  })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "receivable",
    fields: readFields(req.queryConfig.fields),
    filters: { id: result.receivable_ids[0] },
  })
  res.status(201).json({ receivable: presentReceivable(data[0], req.queryConfig.fields) })
}
