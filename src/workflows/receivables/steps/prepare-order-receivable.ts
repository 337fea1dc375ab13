import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { ReceivableRow } from "../../../modules/dunning/service"
import { proposeOrderReceivable, receivableRowOf } from "../order-terms"

export { MEDUSA_ORDER_SOURCE } from "../order-terms"

export const prepareOrderReceivableStepId = "dunning-prepare-order-receivable"

export type PrepareOrderReceivableStepInput = {
  order_id: string
  /** An admin turns the order into a receivable by hand: the terms rules do not apply, only whether it can be invoiced. */
  by_hand?: { user_id: string | null }
}

export type PreparedOrderReceivable = {
  row: ReceivableRow | null
  skipped_because: string | null
  terms_days: number | null
}

/**
 * Decides whether a placed order is a sale on terms (see `domain/terms.ts`) and, if so, what its
 * receivable looks like: the order's total, due after the customer's terms, counted from the order date
 * or, when the terms start at shipment or delivery, without a due date until then. An order that is not
 * on terms gives no receivable, with the reason.
 *
 * By hand, an admin may invoice any order that has a customer and something left to pay; an unknown
 * order, one that already has a receivable and one that cannot be invoiced are refused (404, 409, 400).
 */
export const prepareOrderReceivableStep = createStep(
  prepareOrderReceivableStepId,
  async ({ order_id, by_hand }: PrepareOrderReceivableStepInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const skip = (reason: string) =>
      new StepResponse<PreparedOrderReceivable>({ row: null, skipped_because: reason, terms_days: null })

    if (!by_hand && !dunning.getOptions().createReceivablesFromOrders) {
      return skip("receivables from orders are turned off (createReceivablesFromOrders: false)")
    }
    const [existing] = await dunning.listReceivables({ order_id }, { select: ["id"], take: 1 })
    if (existing) {
      if (by_hand) {
        throw new MedusaError(MedusaError.Types.CONFLICT, `order_id: the order already has receivable ${existing.id}`)
      }
      return skip(`the order already has receivable ${existing.id}`)
    }
    const proposal = await proposeOrderReceivable(container, order_id)
    if (!proposal) {
      if (by_hand) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id '${order_id}' was not found`)
      }
      return skip(`no order with id ${order_id}`)
    }
    if (by_hand && proposal.not_invoiceable_because) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `order_id: cannot be invoiced: ${proposal.not_invoiceable_because}`)
    }
    if (!by_hand && proposal.not_on_terms_because) {
      return skip(proposal.not_on_terms_because)
    }
    const row = receivableRowOf(proposal, by_hand ? { opened_by: { type: "user", id: by_hand.user_id } } : undefined)
    return new StepResponse<PreparedOrderReceivable>({ row, skipped_because: null, terms_days: proposal.terms_days })
  }
)
