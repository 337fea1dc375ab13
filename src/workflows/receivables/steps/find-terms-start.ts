import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { dueDateFor, termsStartedAt, type TermsStart } from "../../../modules/dunning/domain/terms"
import type DunningModuleService from "../../../modules/dunning/service"

export const findTermsStartStepId = "dunning-find-terms-start"

export type FoundTermsStart = {
  receivable_id: string | null
  started_at: Date | null
  due_at: Date | null
  skipped_because: string | null
}

/**
 * After a fulfilment of an order was shipped or delivered: the order's receivable that waits for its
 * terms to start, and its due date counted from the order's first shipment (or delivery) that was not
 * canceled. Nothing when the order has no such receivable (terms from the order date, already started, no
 * receivable at all) or the terms' moment has not come, so a replayed or late event changes nothing.
 */
export const findTermsStartStep = createStep(
  findTermsStartStepId,
  async ({ fulfillment_id }: { fulfillment_id: string }, { container }) => {
    const skip = (reason: string) =>
      new StepResponse<FoundTermsStart>({ receivable_id: null, started_at: null, due_at: null, skipped_because: reason })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: fulfilments } = await query.graph({ entity: "fulfillment", fields: ["id", "order.id"], filters: { id: fulfillment_id } })
    const orderId: string | undefined = (fulfilments[0] as any)?.order?.id
    if (!orderId) {
      return skip(fulfilments.length ? `fulfilment ${fulfillment_id} belongs to no order` : `no fulfilment with id ${fulfillment_id}`)
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const [waiting] = await dunning.listReceivables(
      { order_id: orderId, due_at: null, status: ["open", "paid"] } as any,
      { select: ["id", "terms_days", "terms_start"], take: 1 }
    )
    if (!waiting || !waiting.terms_start || waiting.terms_start === "order") {
      return skip(`order ${orderId} has no receivable waiting for its terms to start`)
    }
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "created_at", "fulfillments.shipped_at", "fulfillments.delivered_at", "fulfillments.canceled_at"],
      filters: { id: orderId },
    })
    const order = orders[0] as any
    const start = waiting.terms_start as TermsStart
    const startedAt = order ? termsStartedAt(start, new Date(order.created_at), order.fulfillments ?? []) : null
    if (!startedAt) {
      return skip(`order ${orderId} has no ${start === "shipment" ? "shipped" : "delivered"} fulfilment yet`)
    }
    const termsDays = waiting.terms_days ?? dunning.getOptions().defaultTermsDays
    return new StepResponse<FoundTermsStart>({
      receivable_id: waiting.id,
      started_at: startedAt,
      due_at: dueDateFor(startedAt, termsDays),
      skipped_because: null,
    })
  }
)
