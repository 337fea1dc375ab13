import {
  amountChangeNote,
  amountChangeTitle,
  orderChangeHoldText,
  type OrderStanding,
} from "../../modules/dunning/domain/order-follow"
import type { OrderAmountChange } from "../../modules/dunning/service"
import type { NewCollectionEvent } from "../collection-events/steps/create-collection-events"
import type { OrderChangeHolds } from "./steps/set-order-change-holds"

/**
 * The lines the follow-up writes into the customers' history, for what it did and nothing else: an
 * amount that followed its order, an invoice put on hold because its order is in question, an invoice
 * resumed once nothing is open on its order. Each is keyed by the receivable and by what caused it (the
 * order change, the open return or change, the order's version), so a replay writes nothing twice.
 */
export function orderChangeEvents(input: {
  orders: Map<string, OrderStanding>
  /** The order of each receivable. */
  order_of: Map<string, string>
  /** The open question that put each receivable on hold. */
  question_of: Map<string, string>
  changes: OrderAmountChange[]
  holds: OrderChangeHolds
  customer_of: Map<string, string>
  now: Date
}): NewCollectionEvent[] {
  const orderOf = (receivableId: string) => input.orders.get(input.order_of.get(receivableId)!)!
  const base = (receivableId: string) => ({
    customer_id: input.customer_of.get(receivableId)!,
    receivable_ids: [receivableId],
    author_type: "system" as const,
    occurred_at: input.now,
  })
  const events: NewCollectionEvent[] = []
  for (const change of input.changes) {
    const order = orderOf(change.id)
    const cause = order.last_change?.id ?? `v${order.version}`
    events.push({
      ...base(change.id),
      type: "note",
      title: amountChangeTitle(order.last_change?.change_type, change.from, change.to, change.currency_code),
      note: amountChangeNote({
        display_id: order.display_id,
        to: change.to,
        amount_paid: change.after.amount_paid,
        currency_code: change.currency_code,
      }),
      idempotency_key: `order-amount:${change.id}:${cause}:${change.to}`,
      metadata: {
        order_id: order.order_id,
        order_change_id: order.last_change?.id ?? null,
        from: change.from,
        to: change.to,
        currency_code: change.currency_code,
        status: change.after.status,
      },
    })
  }
  for (const held of input.holds.placed.filter((h) => !h.was_held_by_order)) {
    const order = orderOf(held.receivable_id)
    events.push({
      ...base(held.receivable_id),
      type: "hold_placed",
      title: `Dunning on hold: ${orderChangeHoldText(held.reason)}`,
      note: "Not chased while the order is in question; dunning resumes by itself once nothing is open on it.",
      idempotency_key: `order-hold:${held.receivable_id}:${input.question_of.get(held.receivable_id)}`,
      metadata: { order_id: order.order_id, hold_reason: held.reason },
    })
  }
  for (const receivableId of input.holds.released) {
    const order = orderOf(receivableId)
    events.push({
      ...base(receivableId),
      type: "hold_released",
      title: `Dunning resumed: nothing is open on order #${order.display_id} any more`,
      idempotency_key: `order-resume:${receivableId}:v${order.version}`,
      metadata: { order_id: order.order_id },
    })
  }
  return events
}
