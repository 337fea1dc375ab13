import type { BigNumberValue, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { dueDateFor, resolveTermsDays } from "../../../modules/dunning/domain/terms"
import type DunningModuleService from "../../../modules/dunning/service"
import type { ReceivableRow } from "../../../modules/dunning/service"
import { ORDER_PAYMENT_FIELDS } from "../../payments/order-ledger"

export const prepareOrderReceivableStepId = "dunning-prepare-order-receivable"

/** Receivables made from orders are booked under this source, keyed by the order id. */
export const MEDUSA_ORDER_SOURCE = "medusa_order"

export type PreparedOrderReceivable = {
  row: ReceivableRow | null
  skipped_because: string | null
  terms_days: number | null
}

/**
 * Decides whether a placed order is a sale on terms and, if so, what its receivable looks like: the
 * order's total, due after the customer's terms (profile, then customer group, then plugin default).
 * An order whose payment was captured in full at checkout owes nothing and gives no receivable.
 */
export const prepareOrderReceivableStep = createStep(
  prepareOrderReceivableStepId,
  async ({ order_id }: { order_id: string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const options = dunning.getOptions()
    const skip = (reason: string) =>
      new StepResponse<PreparedOrderReceivable>({ row: null, skipped_because: reason, terms_days: null })

    if (!options.createReceivablesFromOrders) {
      return skip("receivables from orders are turned off (createReceivablesFromOrders: false)")
    }
    const [existing] = await dunning.listReceivables({ order_id }, { select: ["id"], take: 1 })
    if (existing) {
      return skip(`the order already has receivable ${existing.id}`)
    }
    const order = await orderOf(container, order_id)
    const notOnTerms = whyNotOnTerms(order, order_id)
    if (notOnTerms) {
      return skip(notOnTerms)
    }
    const termsDays = await termsDaysOf(dunning, order, options.defaultTermsDays)
    return new StepResponse<PreparedOrderReceivable>({ row: receivableOfOrder(order, termsDays), skipped_because: null, terms_days: termsDays })
  }
)

async function orderOf(container: MedusaContainer, orderId: string): Promise<any | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "customer_id",
      "currency_code",
      "total",
      "created_at",
      "status",
      "customer.groups.id",
      ...ORDER_PAYMENT_FIELDS,
    ],
    filters: { id: orderId },
  })
  return data[0] as any
}

/** Why an order is no sale on terms (no customer, nothing to pay, paid at checkout), or null when it is one. */
function whyNotOnTerms(order: any | undefined, orderId: string): string | null {
  if (!order) {
    return `no order with id ${orderId}`
  }
  if (!order.customer_id) {
    return "the order has no customer"
  }
  if (MathBN.lte(order.total ?? 0, 0)) {
    return "the order total is zero"
  }
  if (MathBN.gte(capturedAmount(order), order.total)) {
    return "the order was paid at checkout"
  }
  return null
}

/** What the order's payments captured, refunds taken off. */
function capturedAmount(order: any): BigNumberValue {
  let captured = MathBN.convert(0)
  for (const collection of order.payment_collections ?? []) {
    for (const payment of collection?.payments ?? []) {
      for (const capture of payment?.captures ?? []) {
        captured = MathBN.add(captured, capture.raw_amount?.value ?? capture.amount)
      }
      for (const refund of payment?.refunds ?? []) {
        captured = MathBN.sub(captured, refund.raw_amount?.value ?? refund.amount)
      }
    }
  }
  return captured
}

/** The customer's terms: their collection profile's, else their customer groups', else the plugin default. */
async function termsDaysOf(dunning: DunningModuleService, order: any, defaultTermsDays: number): Promise<number> {
  const groupIds: string[] = (order.customer?.groups ?? []).map((g: any) => g.id)
  const [profile] = await dunning.listCollectionProfiles(
    { customer_id: order.customer_id },
    { select: ["terms_days"], take: 1 }
  )
  const groupTerms = groupIds.length
    ? await dunning.listGroupTerms({ customer_group_id: groupIds }, { select: ["terms_days"] })
    : []
  return resolveTermsDays({
    profileTermsDays: profile?.terms_days,
    groupTermsDays: groupTerms.map((g) => g.terms_days),
    defaultTermsDays,
  })
}

function receivableOfOrder(order: any, termsDays: number): ReceivableRow {
  const issuedAt = new Date(order.created_at)
  return {
    customer_id: order.customer_id,
    order_id: order.id,
    number: String(order.display_id ?? order.id),
    currency_code: order.currency_code,
    amount: String(order.raw_total?.value ?? order.total),
    issued_at: issuedAt,
    due_at: dueDateFor(issuedAt, termsDays),
    source: MEDUSA_ORDER_SOURCE,
    external_ref: order.id,
    metadata: { terms_days: termsDays },
  }
}
