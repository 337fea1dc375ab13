import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  beginOrderEditOrderWorkflow,
  beginReceiveReturnWorkflow,
  beginReturnOrderWorkflow,
  confirmOrderEditRequestWorkflow,
  confirmReturnReceiveWorkflow,
  confirmReturnRequestWorkflow,
  createLocationFulfillmentSetWorkflow,
  createOrderFulfillmentWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  orderEditUpdateItemQuantityWorkflow,
  receiveItemReturnRequestWorkflow,
  requestItemReturnWorkflow,
  requestOrderEditRequestWorkflow,
} from "@medusajs/medusa/core-flows"
import { followOrdersWorkflow } from "medusa-plugin-dunning/workflows"

/**
 * Orders that change after they were placed, as a merchant changes them in Medusa's admin and through
 * Medusa's own workflows: a return (the order is shipped, part of it is requested back, then received)
 * and an order edit (requested, then confirmed by the customer).
 *
 * Medusa's order events carry no time, and the plugin's order-change subscriber follows an order at the
 * wall clock. The demo lives in simulated time, so it takes that subscriber off the event bus and hands
 * the simulated moment to the plugin's follow-up workflow itself after each change (the workflow the
 * subscriber and the hourly reconcile run).
 */

const ORDER_CHANGE_EVENTS = [
  "order-edit.requested",
  "order-edit.confirmed",
  "order-edit.canceled",
  "order.return_requested",
  "order.return_received",
  "order.claim_created",
  "order.exchange_created",
  "order.updated",
]

type Warehouse = { location_id: string; shipping_option_id: string }

export class OrderChanges {
  private warehouse: Warehouse | null = null

  private constructor(private readonly container: MedusaContainer) {}

  /** Takes the plugin's order-change subscriber off the event bus: the demo follows each change at its simulated moment. */
  static open(container: MedusaContainer): OrderChanges {
    const emitter = (container.resolve(Modules.EVENT_BUS) as any).eventEmitter_
    for (const event of ORDER_CHANGE_EVENTS) {
      for (const listener of emitter.listeners(event).filter((l: any) => l.subscriberId === "dunning-order-changed")) {
        emitter.off(event, listener)
      }
    }
    return new OrderChanges(container)
  }

  /** Ships the order and requests `quantity` of its first line (by SKU) back; returns the return's id. */
  async requestReturn(orderId: string, quantity: number, at: Date): Promise<string> {
    const warehouse = await this.openWarehouse()
    const [item] = await this.itemsOf(orderId)
    await createOrderFulfillmentWorkflow(this.container).run({
      input: { order_id: orderId, items: [{ id: item.id, quantity: item.quantity }], ...warehouse },
    })
    const { result: begun } = await beginReturnOrderWorkflow(this.container).run({ input: { order_id: orderId, location_id: warehouse.location_id } })
    const returnId = (begun as any).return_id as string
    await requestItemReturnWorkflow(this.container).run({ input: { return_id: returnId, items: [{ id: item.id, quantity }] } })
    await confirmReturnRequestWorkflow(this.container).run({ input: { return_id: returnId } })
    await this.follow(orderId, at)
    return returnId
  }

  /** The goods of the return are back in the warehouse, all of them. */
  async receiveReturn(orderId: string, returnId: string, at: Date): Promise<void> {
    const query = this.container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "return", fields: ["items.item_id", "items.quantity"], filters: { id: returnId } })
    const items = ((data[0] as any).items as any[]).map((i) => ({ id: i.item_id, quantity: Number(i.quantity) }))
    await beginReceiveReturnWorkflow(this.container).run({ input: { return_id: returnId } })
    await receiveItemReturnRequestWorkflow(this.container).run({ input: { return_id: returnId, items } })
    await confirmReturnReceiveWorkflow(this.container).run({ input: { return_id: returnId } })
    await this.follow(orderId, at)
  }

  /** Sends the customer an edit of the order's first line (by SKU) to `quantity`. */
  async requestOrderEdit(orderId: string, quantity: number, at: Date): Promise<void> {
    const [item] = await this.itemsOf(orderId)
    await beginOrderEditOrderWorkflow(this.container).run({ input: { order_id: orderId, description: "Quantity changed on the customer's call" } })
    await orderEditUpdateItemQuantityWorkflow(this.container).run({ input: { order_id: orderId, items: [{ id: item.id, quantity }] } })
    await requestOrderEditRequestWorkflow(this.container).run({ input: { order_id: orderId } })
    await this.follow(orderId, at)
  }

  /** The customer confirms the edit: the order's total changes. */
  async confirmOrderEdit(orderId: string, at: Date): Promise<void> {
    await confirmOrderEditRequestWorkflow(this.container).run({ input: { order_id: orderId, confirmed_by: "customer" } })
    await this.follow(orderId, at)
  }

  /** The order's lines, in the order of their SKUs (the same every run). */
  async itemsOf(orderId: string): Promise<Array<{ id: string; quantity: number }>> {
    const query = this.container.resolve(ContainerRegistrationKeys.QUERY)
    // a line's quantity lives on its detail row: `items.*` reads it, `items.quantity` alone does not
    const { data } = await query.graph({ entity: "order", fields: ["items.*"], filters: { id: orderId } })
    return ((data[0] as any).items as any[])
      .sort((a, b) => String(a.variant_sku).localeCompare(String(b.variant_sku)) || a.id.localeCompare(b.id))
      .map((i) => ({ id: i.id, quantity: Number(i.quantity) }))
  }

  private async follow(orderId: string, at: Date): Promise<void> {
    await followOrdersWorkflow(this.container).run({ input: { order_ids: [orderId], now: at } })
  }

  /** The warehouse orders ship from (made the first time something ships): a stock location with a manual shipping option. */
  private async openWarehouse(): Promise<Warehouse> {
    if (this.warehouse) {
      return this.warehouse
    }
    const { result: locations } = await createStockLocationsWorkflow(this.container).run({ input: { locations: [{ name: "Hamburg warehouse" }] } })
    const locationId = locations[0].id
    await this.container.resolve(ContainerRegistrationKeys.LINK).create({
      [Modules.STOCK_LOCATION]: { stock_location_id: locationId },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    await createLocationFulfillmentSetWorkflow(this.container).run({
      input: { location_id: locationId, fulfillment_set_data: { name: "Hamburg shipping", type: "shipping" } },
    })
    const query = this.container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "stock_location", fields: ["fulfillment_sets.id"], filters: { id: locationId } })
    const { result: zones } = await createServiceZonesWorkflow(this.container).run({
      input: { data: [{ fulfillment_set_id: (data[0] as any).fulfillment_sets[0].id, name: "Europe", geo_zones: [{ type: "country", country_code: "de" }] }] },
    })
    const { result: profiles } = await createShippingProfilesWorkflow(this.container).run({ input: { data: [{ name: "Pallets", type: "freight" }] } })
    const { result: options } = await createShippingOptionsWorkflow(this.container).run({
      input: [
        {
          name: "Pallet freight",
          service_zone_id: zones[0].id,
          shipping_profile_id: profiles[0].id,
          provider_id: "manual_manual",
          price_type: "flat",
          type: { label: "Freight", description: "Pallet freight", code: "freight" },
          prices: [
            { currency_code: "eur", amount: 0 },
            { currency_code: "usd", amount: 0 },
          ],
        },
      ],
    })
    this.warehouse = { location_id: locationId, shipping_option_id: options[0].id }
    return this.warehouse
  }
}
