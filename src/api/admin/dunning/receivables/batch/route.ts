import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ReceivableRow } from "../../../../../modules/dunning/service"
import { upsertReceivablesWorkflow } from "../../../../../workflows/receivables/workflows/upsert-receivables"
import { findReceivableRowProblems, type RowProblem } from "../../../../../workflows/receivables/validation"
import { requestNow } from "../../time-travel"
import { receivableImportRow, type AdminBatchReceivablesType } from "../validators"

/**
 * Upserts up to 1,000 receivables by `(source, external_ref)` in one all-or-nothing request. When any
 * row is invalid nothing is written and the answer lists every problem with its row index and field.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminBatchReceivablesType>, res: MedusaResponse) => {
  const at = requestNow(req, req.validatedBody.now)
  const problems: RowProblem[] = []
  const rows: ReceivableRow[] = []
  const RowSchema = receivableImportRow(at)
  req.validatedBody.receivables.forEach((raw, index) => {
    const parsed = RowSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
          issue.keys.forEach((key) => problems.push({ index, field: key, message: "is not a known field" }))
        } else {
          problems.push({ index, field: issue.path.join(".") || "(row)", message: issue.message })
        }
      }
      return
    }
    rows.push({ ...parsed.data, source: parsed.data.source ?? "erp" })
  })
  if (!problems.length) {
    problems.push(...(await findReceivableRowProblems(rows, req.scope)))
  }
  if (problems.length) {
    return res.status(400).json({
      type: "invalid_data",
      message: `${problems.length} problem(s) in the batch; nothing was written`,
      errors: problems,
    })
  }
  const { result } = await upsertReceivablesWorkflow(req.scope).run({ input: { rows, now: at } })
  const created = new Set(result.created_ids)
  res.json({
    receivables: result.receivable_ids.map((id, index) => ({
      index,
      id,
      external_ref: rows[index].external_ref,
      action: created.has(id) ? "created" : "updated",
    })),
    created: result.created_ids.length,
    updated: result.receivable_ids.length - result.created_ids.length,
  })
}
