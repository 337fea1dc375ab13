import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import type { AdminSession } from "./admin"

/**
 * Changing an order after it was placed, as a merchant does in Medusa's admin: edit it, take goods back,
 * open a claim or an exchange, pay what it now comes to (returns, claims and exchanges need fulfilled
 * items: see ./fulfilment). Everything goes through Medusa's admin routes, and each helper waits for the
 * subscribers of the event the route emits, so a test reads the plugin's state once it has reacted.
 */

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<any>
  get: (url: string, config?: unknown) => Promise<any>
  delete: (url: string, config?: unknown) => Promise<any>
}

async function waitingFor<T>(container: MedusaContainer, eventName: string, act: () => Promise<T>): Promise<T> {
  const handled = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS))
  const result = await act()
  await handled
  return result
}

/** The order's line items (id, quantity) as Medusa's admin reads them. */
export async function orderItems(api: Api, admin: AdminSession, orderId: string): Promise<Array<{ id: string; quantity: number }>> {
  const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items`, admin)
  return data.order.items.map((i: any) => ({ id: i.id, quantity: Number(i.quantity) }))
}

/** Opens an order edit that sets the first item's quantity (draft: begun, not yet requested); returns its change id. */
export async function draftOrderEdit(api: Api, admin: AdminSession, orderId: string, quantity: number): Promise<string> {
  const { data } = await api.post("/admin/order-edits", { order_id: orderId, description: "Quantity changed by phone" }, admin)
  const [item] = await orderItems(api, admin, orderId)
  await api.post(`/admin/order-edits/${orderId}/items/item/${item.id}`, { quantity }, admin)
  return data.order_change.id
}

/** Sends the order edit to the customer for confirmation (`order-edit.requested`). */
export function requestOrderEdit(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string) {
  return waitingFor(container, "order-edit.requested", () => api.post(`/admin/order-edits/${orderId}/request`, {}, admin))
}

/** Confirms the order edit (`order-edit.confirmed`): the order's total changes. */
export function confirmOrderEdit(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string) {
  return waitingFor(container, "order-edit.confirmed", () => api.post(`/admin/order-edits/${orderId}/confirm`, {}, admin))
}

/** Cancels the open order edit (`order-edit.canceled`). */
export function cancelOrderEdit(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string) {
  return waitingFor(container, "order-edit.canceled", () => api.delete(`/admin/order-edits/${orderId}`, admin))
}

/** Edits the order's first item to `quantity`, requested and confirmed in one go. */
export async function editOrderQuantity(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string, quantity: number) {
  const changeId = await draftOrderEdit(api, admin, orderId, quantity)
  await requestOrderEdit(container, api, admin, orderId)
  await confirmOrderEdit(container, api, admin, orderId)
  return changeId
}

/** Requests the return of `quantity` of the order's first item (`order.return_requested`); returns the return's id. */
export async function requestReturn(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string, quantity: number): Promise<string> {
  const { data } = await api.post("/admin/returns", { order_id: orderId }, admin)
  const returnId = data.return.id
  const [item] = await orderItems(api, admin, orderId)
  await api.post(`/admin/returns/${returnId}/request-items`, { items: [{ id: item.id, quantity }] }, admin)
  await waitingFor(container, "order.return_requested", () => api.post(`/admin/returns/${returnId}/request`, {}, admin))
  return returnId
}

/** Receives the returned goods in full (`order.return_received`). */
export async function receiveReturn(container: MedusaContainer, api: Api, admin: AdminSession, returnId: string): Promise<void> {
  const { data } = await api.get(`/admin/returns/${returnId}?fields=items.item_id,items.quantity`, admin)
  await api.post(`/admin/returns/${returnId}/receive`, {}, admin)
  await api.post(
    `/admin/returns/${returnId}/receive-items`,
    { items: data.return.items.map((i: any) => ({ id: i.item_id, quantity: Number(i.quantity) })) },
    admin
  )
  await waitingFor(container, "order.return_received", () => api.post(`/admin/returns/${returnId}/receive/confirm`, {}, admin))
}

/** Cancels a requested return: Medusa emits no event for it. */
export async function cancelReturn(api: Api, admin: AdminSession, returnId: string): Promise<void> {
  await api.post(`/admin/returns/${returnId}/cancel`, {}, admin)
}

/**
 * A claim for `quantity` damaged units of the first item, which the customer sends back for a refund
 * (`order.claim_created`; the claim's return is then awaited like any return). Returns the claim's id and
 * the id of its return. With `draft`, the claim is begun and left open: no event.
 */
export async function claimDamagedItems(
  container: MedusaContainer,
  api: Api,
  admin: AdminSession,
  orderId: string,
  quantity: number,
  options: { draft?: boolean } = {}
): Promise<{ claimId: string; returnId: string | null }> {
  const { data } = await api.post("/admin/claims", { order_id: orderId, type: "refund", description: "Bags torn on arrival" }, admin)
  const claimId = data.claim.id
  const [item] = await orderItems(api, admin, orderId)
  await api.post(`/admin/claims/${claimId}/inbound/items`, { items: [{ id: item.id, quantity }] }, admin)
  if (!options.draft) {
    await waitingFor(container, "order.claim_created", () => api.post(`/admin/claims/${claimId}/request`, {}, admin))
  }
  const { data: after } = await api.get(`/admin/claims/${claimId}?fields=return_id`, admin)
  return { claimId, returnId: after.claim.return_id ?? null }
}

/**
 * An exchange: `quantity` units of the first item come back and `quantity` units of `variantId` go out
 * (`order.exchange_created`); returns the exchange's id and the id of the return it opens.
 */
export async function exchangeItems(
  container: MedusaContainer,
  api: Api,
  admin: AdminSession,
  orderId: string,
  input: { quantity: number; variantId: string; newQuantity: number }
): Promise<{ exchangeId: string; returnId: string }> {
  const { data } = await api.post("/admin/exchanges", { order_id: orderId, description: "Swapped for the decaf" }, admin)
  const exchangeId = data.exchange.id
  const [item] = await orderItems(api, admin, orderId)
  await api.post(`/admin/exchanges/${exchangeId}/inbound/items`, { items: [{ id: item.id, quantity: input.quantity }] }, admin)
  await api.post(`/admin/exchanges/${exchangeId}/outbound/items`, { items: [{ variant_id: input.variantId, quantity: input.newQuantity }] }, admin)
  await waitingFor(container, "order.exchange_created", () => api.post(`/admin/exchanges/${exchangeId}/request`, {}, admin))
  const { data: after } = await api.get(`/admin/exchanges/${exchangeId}?fields=return_id`, admin)
  return { exchangeId, returnId: after.exchange.return_id }
}

/** Marks the order's unpaid payment collection as paid (`payment.captured`); returns the collection's id. */
export async function payOpenCollection(container: MedusaContainer, api: Api, admin: AdminSession, orderId: string): Promise<string> {
  const { data } = await api.get(`/admin/orders/${orderId}?fields=payment_collections.id,payment_collections.status`, admin)
  const open = data.order.payment_collections.find((c: any) => c.status === "not_paid")
  if (!open) {
    throw new Error(`order ${orderId} has no unpaid payment collection`)
  }
  await waitingFor(container, "payment.captured", () =>
    api.post(`/admin/payment-collections/${open.id}/mark-as-paid`, { order_id: orderId }, admin)
  )
  return open.id
}
