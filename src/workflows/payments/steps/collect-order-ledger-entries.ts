import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { NewLedgerEntry } from "../../../modules/dunning/service"
import { orderIdOfPayment, orderLedgerEntries, ORDER_PAYMENT_FIELDS } from "../order-ledger"

export const collectOrderLedgerEntriesStepId = "dunning-collect-order-ledger-entries"

export type CollectOrderLedgerEntriesStepInput = { payment_id?: string; order_id?: string }

export type CollectedOrderLedgerEntries = {
  order_id: string | null
  receivable_id: string | null
  entries: NewLedgerEntry[]
}

/**
 * Finds the receivable of the order a payment belongs to and lists the order's captures and refunds as
 * ledger rows. Orders without a receivable (paid at checkout, or placed before the plugin) give nothing.
 */
export const collectOrderLedgerEntriesStep = createStep(
  collectOrderLedgerEntriesStepId,
  async (input: CollectOrderLedgerEntriesStepInput, { container }): Promise<StepResponse<CollectedOrderLedgerEntries>> => {
    const orderId = input.order_id ?? (input.payment_id ? await orderIdOfPayment(container, input.payment_id) : null)
    if (!orderId) {
      return new StepResponse({ order_id: null, receivable_id: null, entries: [] })
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [receivable] = await dunning.listReceivables({ order_id: orderId }, { select: ["id"], take: 1 })
    if (!receivable) {
      return new StepResponse({ order_id: orderId, receivable_id: null, entries: [] })
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["id", ...ORDER_PAYMENT_FIELDS], filters: { id: orderId } })
    return new StepResponse({
      order_id: orderId,
      receivable_id: receivable.id,
      entries: data[0] ? orderLedgerEntries(data[0] as any, receivable.id) : [],
    })
  }
)
