import { currencyDecimals } from "./currency"
import { decimalCompare, decimalSub, decimalText } from "./decimal"
import { activeHold } from "./schedule"

/**
 * A receivable made from an order follows the order, in a collections team's words:
 *
 * - While the order is in question — a return, claim, exchange or order edit is being prepared or
 *   awaits its answer, or returned goods are still on their way back — its invoice is not chased: it is
 *   on hold, and the hold says why ("return requested on order #1042"). A hold a rep or a dispute put on
 *   the invoice is never replaced; an order-change hold is only ever released by the order.
 * - Once nothing is open on the order any more, the hold is released and the invoice claims what the
 *   order now comes to (Medusa's `current_order_total`): an edit that lowers it lowers the invoice, a
 *   received return takes the goods off, an exchange or an edit that adds goods raises it. The amount is
 *   not changed while the order is in question: the figure is not final until the goods are back.
 * - An order that now comes to no more than what was paid settles its invoice: what was paid over is the
 *   store's to refund in Medusa (the refund is then booked as usual and the invoice stays settled). An
 *   order that comes to nothing at all voids it. An invoice that was settled and is raised is open again.
 * - Every change is written into the customer's history, keyed by the order change that caused it, so a
 *   replayed or late event finds nothing to do: the decision compares the order as it is now with the
 *   invoice as it is now, whatever event asked for it.
 */

/** The hold reason of an order-change hold starts with this; no other hold is ever released by an order. */
export const ORDER_CHANGE_HOLD_PREFIX = "order-change:"

/** An order change that is not decided yet (Medusa's `order_change`, status `pending` or `requested`). */
export type OpenOrderChange = { id: string; change_type: string | null; status: string; return_id?: string | null }

/** A return of the order (Medusa's `return`), whatever its status. */
export type OrderReturn = { id: string; status: string }

/** The order as the follow-up reads it from Medusa. */
export type OrderStanding = {
  order_id: string
  display_id: string
  /** Medusa's order status; a canceled order is handled by its own event (its invoice is voided). */
  status: string
  version: number
  /** `summary.current_order_total` as a decimal string; null when Medusa has no summary for the order. */
  current_total: string | null
  open_changes: OpenOrderChange[]
  returns: OrderReturn[]
  /** The latest confirmed change that can move money (an edit, a return, a claim, an exchange, a credit line). */
  last_change: { id: string; change_type: string | null } | null
}

/** The order's receivable as the follow-up reads it. */
export type FollowedReceivable = {
  id: string
  customer_id: string
  currency_code: string
  status: "open" | "paid" | "void" | "written_off"
  amount: string
  amount_paid: string
  hold_reason: string | null
  hold_until: Date | null
}

export type AmountRevision = { receivable_id: string; to: string; void_reason: string }

export type OrderFollowDecision = {
  receivable_id: string
  customer_id: string
  order_id: string
  /** The amount the invoice must claim now; null: leave it. */
  revise: AmountRevision | null
  /** Put the invoice on an order-change hold with this reason (or refresh the reason of ours); null: no. */
  hold: { reason: string; question_id: string } | null
  /** Release the invoice's order-change hold. */
  release: boolean
}

const OPEN_CHANGE_STATUSES = new Set(["pending", "requested"])

const CHANGE_LABELS: Record<string, (status: string) => string> = {
  edit: (status) => (status === "requested" ? "order edit awaiting confirmation" : "order edit in progress"),
  return_request: () => "return being prepared",
  return_receive: () => "return being received",
  claim: () => "claim in progress",
  exchange: () => "exchange in progress",
}

const RETURN_LABELS: Record<string, string> = {
  open: "return being prepared",
  requested: "return requested",
  partially_received: "return partly received",
}

/** What is open on the order, each with the id of the Medusa record that makes it open, in a stable order. */
export function openQuestions(order: Pick<OrderStanding, "open_changes" | "returns">): Array<{ id: string; label: string }> {
  const questions: Array<{ id: string; label: string }> = []
  const coveredReturns = new Set<string>()
  for (const change of order.open_changes) {
    const label = change.change_type ? CHANGE_LABELS[change.change_type] : undefined
    if (!OPEN_CHANGE_STATUSES.has(change.status) || !label) {
      continue
    }
    questions.push({ id: change.id, label: label(change.status) })
    if (change.return_id) {
      coveredReturns.add(change.return_id)
    }
  }
  for (const ret of order.returns) {
    if (RETURN_LABELS[ret.status] && !coveredReturns.has(ret.id)) {
      questions.push({ id: ret.id, label: RETURN_LABELS[ret.status] })
    }
  }
  return questions.sort((a, b) => a.id.localeCompare(b.id))
}

/** "order-change:return requested and order edit in progress on order #1042" */
export function orderChangeHoldReason(questions: Array<{ label: string }>, displayId: string): string {
  const labels = [...new Set(questions.map((q) => q.label))]
  return `${ORDER_CHANGE_HOLD_PREFIX}${labels.join(" and ")} on order #${displayId}`
}

/** The words of an order-change hold reason without its prefix; null for any other hold. */
export function orderChangeHoldText(reason: string | null | undefined): string | null {
  return reason?.startsWith(ORDER_CHANGE_HOLD_PREFIX) ? reason.slice(ORDER_CHANGE_HOLD_PREFIX.length) : null
}

/** What to do with an order's receivable, given the order and the receivable as they are now. */
export function followOrder(receivable: FollowedReceivable, order: OrderStanding, now: Date): OrderFollowDecision {
  const decision: OrderFollowDecision = {
    receivable_id: receivable.id,
    customer_id: receivable.customer_id,
    order_id: order.order_id,
    revise: null,
    hold: null,
    release: false,
  }
  if (receivable.status === "void" || order.status === "canceled") {
    return decision
  }
  const ours = orderChangeHoldText(receivable.hold_reason) !== null
  const questions = openQuestions(order)
  if (questions.length) {
    const reason = orderChangeHoldReason(questions, order.display_id)
    const heldByOthers = !ours && activeHold({ hold_until: receivable.hold_until, hold_reason: receivable.hold_reason }, now)
    if (receivable.status === "open" && !heldByOthers && receivable.hold_reason !== reason) {
      decision.hold = { reason, question_id: questions[0].id }
    }
    return decision
  }
  decision.release = ours
  if (order.current_total !== null) {
    const to = decimalCompare(order.current_total, 0) < 0 ? "0" : decimalText(order.current_total)
    if (decimalCompare(to, receivable.amount) !== 0) {
      decision.revise = {
        receivable_id: receivable.id,
        to,
        void_reason: `Nothing is owed on order #${order.display_id} any more`,
      }
    }
  }
  return decision
}

const CHANGE_TITLES: Record<string, string> = {
  edit: "Order edited",
  return_receive: "Return received",
  return_request: "Return requested",
  claim: "Order claim confirmed",
  exchange: "Exchange confirmed",
  credit_line: "Credit applied to the order",
}

/** "1,200.00" for ("1200", "eur"): grouped, with the currency's own number of decimals, exactly. */
export function formatAmount(amount: string, currencyCode: string): string {
  const decimals = currencyDecimals(currencyCode)
  const format = new Intl.NumberFormat("en", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
  // Intl formats numeric strings as exact decimals (ES2023); the typings only know number | bigint
  return (format.format as unknown as (value: string) => string)(decimalText(amount))
}

/** "Order edited: amount 1,200.00 → 950.00 EUR" */
export function amountChangeTitle(changeType: string | null | undefined, from: string, to: string, currencyCode: string): string {
  const what = (changeType && CHANGE_TITLES[changeType]) || "Order changed"
  return `${what}: amount ${formatAmount(from, currencyCode)} → ${formatAmount(to, currencyCode)} ${currencyCode.toUpperCase()}`
}

/** What the new amount means for the invoice, for the history: still owed, settled, paid over, or void. */
export function amountChangeNote(input: { display_id: string; to: string; amount_paid: string; currency_code: string }): string {
  const currency = input.currency_code.toUpperCase()
  const money = (value: string) => `${formatAmount(value, input.currency_code)} ${currency}`
  const head = `Order #${input.display_id} now comes to ${money(input.to)}`
  if (decimalCompare(input.to, 0) <= 0) {
    return `${head}: nothing is owed any more, the invoice is void.`
  }
  const outstanding = decimalSub(input.to, input.amount_paid)
  if (decimalCompare(outstanding, 0) > 0) {
    return `${head}; ${money(outstanding)} outstanding.`
  }
  if (decimalCompare(outstanding, 0) === 0) {
    return `${head}; the payments received settle it.`
  }
  return `${head}; the payments received settle it and ${money(decimalSub("0", outstanding))} paid over is the store's to refund.`
}
