import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { proposeOrderReceivable } from "../../../../../workflows/receivables/order-terms"
import { createReceivableFromOrderWorkflow } from "../../../../../workflows/receivables/workflows/create-receivable-from-order"
import { presentReceivable } from "../../../dunning/receivables/presenter"
import { adminReceivableFields } from "../../../dunning/receivables/query-config"
import type { AdminCreateOrderReceivableType } from "../../../dunning/receivables/validators"
import { actorOf, requestNow } from "../../../dunning/time-travel"

/**
 * An order's receivable, or, while it has none, how it would be invoiced: the terms it would get (days,
 * what they run from, the due date when known), whether it became a receivable by itself and why not,
 * and whether it can be invoiced by hand.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const receivable = await receivableOfOrder(req, req.params.id)
  if (receivable) {
    return res.json({ receivable, proposal: null })
  }
  const proposal = await proposeOrderReceivable(req.scope, req.params.id)
  if (!proposal) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id '${req.params.id}' was not found`)
  }
  res.json({
    receivable: null,
    proposal: {
      amount: proposal.amount,
      currency_code: proposal.currency_code,
      issued_at: proposal.issued_at,
      terms_days: proposal.terms_days,
      terms_start: proposal.terms_start,
      due_at: proposal.due_at,
      on_terms: !proposal.not_on_terms_because,
      not_on_terms_because: proposal.not_on_terms_because,
      not_invoiceable_because: proposal.not_invoiceable_because,
    },
  })
}

/**
 * Invoices the order by hand: a receivable on the customer's terms, whatever the rules for orders on terms
 * say. 404 for an unknown order, 409 when it already has a receivable, 400 when it cannot be invoiced (no
 * customer, canceled, nothing left to pay).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateOrderReceivableType>, res: MedusaResponse) => {
  const at = requestNow(req, req.validatedBody.now)
  try {
    await createReceivableFromOrderWorkflow(req.scope).run({
      input: { order_id: req.params.id, now: at, by_hand: { user_id: actorOf(req).id } },
    })
  } catch (error) {
    // Medusa's error handler answers every conflict with a generic text: this one names the receivable
    const e = error as { type?: string; message?: string }
    if (e?.type === MedusaError.Types.CONFLICT) {
      const existing = await receivableOfOrder(req, req.params.id)
      res.status(409).json({ type: MedusaError.Types.CONFLICT, message: e.message, receivable_id: existing?.id ?? null })
      return
    }
    throw error
  }
  res.status(201).json({ receivable: await receivableOfOrder(req, req.params.id) })
}

async function receivableOfOrder(req: AuthenticatedMedusaRequest, orderId: string) {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [found] = await dunning.listReceivables({ order_id: orderId }, { select: ["id"], take: 1 })
  if (!found) {
    return null
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "receivable", fields: adminReceivableFields, filters: { id: found.id } })
  return data[0] ? presentReceivable(data[0]) : null
}
