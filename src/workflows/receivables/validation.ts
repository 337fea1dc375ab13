import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { receivableProblems } from "../../modules/dunning/domain/receivable-rules"
import type { ReceivableRow } from "../../modules/dunning/service"

export type RowProblem = { index: number; field: string; message: string }

/** Workflow data is serialised between steps: dates arrive as strings and are turned back into dates. */
export function reviveReceivableRow(row: ReceivableRow): ReceivableRow {
  return { ...row, issued_at: new Date(row.issued_at), due_at: row.due_at ? new Date(row.due_at) : null }
}

/**
 * Every reason a batch of receivable rows cannot be written, with the row index and field: the rules of
 * a receivable, a reference repeated inside the batch, and customers or orders that do not exist.
 */
export async function findReceivableRowProblems(
  rows: ReceivableRow[],
  container: MedusaContainer
): Promise<RowProblem[]> {
  rows = rows.map(reviveReceivableRow)
  const problems: RowProblem[] = []
  const firstIndexOfRef = new Map<string, number>()
  rows.forEach((row, index) => {
    for (const p of receivableProblems(row)) {
      problems.push({ index, ...p })
    }
    if (row.external_ref) {
      const key = `${row.source ?? "manual"}\u0000${row.external_ref}`
      const first = firstIndexOfRef.get(key)
      if (first !== undefined) {
        problems.push({
          index,
          field: "external_ref",
          message: `'${row.external_ref}' appears more than once in this batch (first at row ${first})`,
        })
      } else {
        firstIndexOfRef.set(key, index)
      }
    }
  })

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const customerIds = [...new Set(rows.map((r) => r.customer_id))]
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: { id: customerIds },
  })
  const knownCustomers = new Set(customers.map((c: { id: string }) => c.id))
  const orderIds = [...new Set(rows.map((r) => r.order_id).filter((id): id is string => !!id))]
  const knownOrders = new Set<string>()
  if (orderIds.length) {
    const { data: orders } = await query.graph({ entity: "order", fields: ["id"], filters: { id: orderIds } })
    orders.forEach((o: { id: string }) => knownOrders.add(o.id))
  }
  rows.forEach((row, index) => {
    if (!knownCustomers.has(row.customer_id)) {
      problems.push({ index, field: "customer_id", message: `no customer with id '${row.customer_id}'` })
    }
    if (row.order_id && !knownOrders.has(row.order_id)) {
      problems.push({ index, field: "order_id", message: `no order with id '${row.order_id}'` })
    }
  })
  return problems.sort((a, b) => a.index - b.index)
}

export function rowProblemsError(problems: RowProblem[], single = false): MedusaError {
  const shown = problems
    .slice(0, 10)
    .map((p) => (single ? `${p.field}: ${p.message}` : `row ${p.index}, ${p.field}: ${p.message}`))
  const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : ""
  return new MedusaError(MedusaError.Types.INVALID_DATA, `${shown.join("; ")}${more}`)
}
