import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import type { FollowedReceivable, OrderStanding } from "../../modules/dunning/domain/order-follow"
import type DunningModuleService from "../../modules/dunning/service"
import { MEDUSA_ORDER_SOURCE } from "../receivables/steps/prepare-order-receivable"

/** The kinds of order change that can move what an order comes to; the latest confirmed one names a revision. */
const MONEY_CHANGES = ["edit", "return_request", "return_receive", "claim", "exchange", "credit_line"]

export type OrderWithReceivable = { receivable: FollowedReceivable; order: OrderStanding }

const valueOf = (raw: { value?: string } | null | undefined, plain: unknown) => String(raw?.value ?? plain)

/**
 * The orders among `orderIds` that have a receivable made from them, each with what the follow-up reads:
 * the receivable's amount, balance and hold, and from Medusa the order's status, version and current total
 * (its summary), its undecided changes, its returns and its latest confirmed change that can move money.
 * Orders that do not exist, or have no receivable (not sold on terms, or an invoice an ERP owns), are left
 * out. Four queries, whatever the number of orders.
 */
export async function readOrderStandings(container: MedusaContainer, orderIds: string[]): Promise<OrderWithReceivable[]> {
  const ids = [...new Set(orderIds.filter((id) => typeof id === "string" && id.length > 0))]
  if (!ids.length) {
    return []
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const receivables: any[] = await dunning.listReceivables({ order_id: ids, source: MEDUSA_ORDER_SOURCE }, { take: null })
  if (!receivables.length) {
    return []
  }
  const withReceivable = receivables.map((r) => r.order_id as string)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const changeFields = ["id", "order_id", "change_type", "status", "return_id", "version"]
  const [{ data: orders }, { data: open }, { data: confirmed }] = await Promise.all([
    query.graph({
      entity: "order",
      fields: ["id", "display_id", "status", "version", "summary.*", "returns.id", "returns.status"],
      filters: { id: withReceivable },
    }),
    query.graph({ entity: "order_change", fields: changeFields, filters: { order_id: withReceivable, status: ["pending", "requested"] } }),
    query.graph({
      entity: "order_change",
      fields: changeFields,
      filters: { order_id: withReceivable, status: "confirmed", change_type: MONEY_CHANGES },
    }),
  ])
  const changes = [...(open as any[]), ...(confirmed as any[])]
  const orderById = new Map((orders as any[]).map((o) => [o.id as string, o]))
  const changesOf = new Map<string, any[]>()
  for (const change of changes) {
    changesOf.set(change.order_id, [...(changesOf.get(change.order_id) ?? []), change])
  }
  return receivables.flatMap((r) => {
    const order = orderById.get(r.order_id)
    return order ? [{ receivable: followedReceivable(r), order: orderStanding(order, changesOf.get(order.id) ?? []) }] : []
  })
}

function followedReceivable(r: any): FollowedReceivable {
  return {
    id: r.id,
    customer_id: r.customer_id,
    currency_code: r.currency_code,
    status: r.status,
    amount: valueOf(r.raw_amount, r.amount),
    amount_paid: valueOf(r.raw_amount_paid, r.amount_paid),
    hold_reason: r.hold_reason ?? null,
    hold_until: r.hold_until ? new Date(r.hold_until) : null,
  }
}

function orderStanding(order: any, changes: any[]): OrderStanding {
  const summary = order.summary
  const confirmed = changes
    .filter((c) => c.status === "confirmed")
    .sort((a, b) => Number(b.version) - Number(a.version))
  return {
    order_id: order.id,
    display_id: String(order.display_id ?? order.id),
    status: order.status,
    version: Number(order.version ?? 1),
    current_total: summary ? valueOf(summary.raw_current_order_total, summary.current_order_total) : null,
    open_changes: changes
      .filter((c) => c.status !== "confirmed")
      .map((c) => ({ id: c.id, change_type: c.change_type ?? null, status: c.status, return_id: c.return_id ?? null })),
    returns: (order.returns ?? []).filter(Boolean).map((ret: any) => ({ id: ret.id, status: ret.status })),
    last_change: confirmed[0] ? { id: confirmed[0].id, change_type: confirmed[0].change_type } : null,
  }
}
