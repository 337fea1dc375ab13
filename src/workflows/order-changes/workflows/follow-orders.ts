import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { followOrder } from "../../../modules/dunning/domain/order-follow"
import { cancelSettledNoticesStep } from "../../payments/steps/cancel-settled-notices"
import { orderChangeEvents } from "../order-change-events"
import { readOrderStandingsStep } from "../steps/read-order-standings"
import { recordOrderChangeEventsStep } from "../steps/record-order-change-events"
import { reviseOrderAmountsStep } from "../steps/revise-order-amounts"
import { setOrderChangeHoldsStep } from "../steps/set-order-change-holds"

export const followOrdersWorkflowId = "dunning-follow-orders"

export type FollowOrdersWorkflowInput = { order_ids: string[]; now?: Date | string }

/**
 * Brings the receivables of orders in line with the orders as they are now, after an order edit, a
 * return, a claim, an exchange or any change Medusa announces (and from the periodic reconcile, for the
 * changes it does not announce, such as a canceled return): reads each order, decides with the rules of
 * `domain/order-follow`, puts invoices of orders in question on hold and resumes those whose order is
 * settled, makes each invoice claim what its order now comes to, writes what it did into the customers'
 * history, and cancels scheduled notices that no longer claim anything. Orders without a receivable, and
 * receivables already in line, are left alone: running it twice changes nothing the second time.
 */
export const followOrdersWorkflow = createWorkflow(followOrdersWorkflowId, function (input: FollowOrdersWorkflowInput) {
  const now = transform({ input }, ({ input }) => (input.now ? new Date(input.now) : new Date()))
  const standings = readOrderStandingsStep({ order_ids: input.order_ids })
  const decisions = transform({ standings, now }, ({ standings, now }) =>
    standings.map(({ receivable, order }) => followOrder(receivable, order, now))
  )
  // holds first: an invoice that the new amount settles or voids leaves the schedule with its hold released
  const holds = setOrderChangeHoldsStep(
    transform({ decisions, now }, ({ decisions, now }) => ({
      place: decisions.flatMap((d) => (d.hold ? [{ receivable_id: d.receivable_id, reason: d.hold.reason }] : [])),
      release: decisions.filter((d) => d.release).map((d) => d.receivable_id),
      now,
    }))
  )
  const changes = reviseOrderAmountsStep(
    transform({ decisions, now }, ({ decisions, now }) => ({
      revisions: decisions.flatMap((d) => (d.revise ? [d.revise] : [])),
      now,
    }))
  )
  const events = transform({ standings, decisions, changes, holds, now }, ({ standings, decisions, changes, holds, now }) =>
    orderChangeEvents({
      orders: new Map(standings.map((s) => [s.order.order_id, s.order])),
      order_of: new Map(standings.map((s) => [s.receivable.id, s.order.order_id])),
      customer_of: new Map(standings.map((s) => [s.receivable.id, s.receivable.customer_id])),
      question_of: new Map(decisions.flatMap((d) => (d.hold ? [[d.receivable_id, d.hold.question_id] as [string, string]] : []))),
      changes,
      holds,
      now,
    })
  )
  const written = recordOrderChangeEventsStep(events)
  const closedFor = transform({ changes }, ({ changes }) => [
    ...new Set(changes.filter((c) => c.after.status !== "open").map((c) => c.customer_id)),
  ])
  when({ closedFor }, ({ closedFor }) => closedFor.length > 0).then(() => {
    cancelSettledNoticesStep(
      transform({ closedFor, now }, ({ closedFor, now }) => ({
        customer_ids: closedFor,
        now,
        reason: "the order changed before delivery: nothing is owed on it any more",
      }))
    )
  })
  return new WorkflowResponse(
    transform({ standings, changes, holds, written }, ({ standings, changes, holds, written }) => ({
      orders_followed: standings.length,
      amounts_revised: changes.map((c) => ({ receivable_id: c.id, from: c.from, to: c.to, status: c.after.status })),
      held: holds.placed.map((p) => p.receivable_id),
      released: holds.released,
      event_ids: written,
    }))
  )
})
