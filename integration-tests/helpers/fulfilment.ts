import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createLocationFulfillmentSetWorkflow,
  createOrderFulfillmentWorkflow,
  createOrderShipmentWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  markOrderFulfillmentAsDeliveredWorkflow,
} from "@medusajs/medusa/core-flows"
import { TestEventUtils } from "@medusajs/test-utils"

/**
 * Fulfilling real orders through Medusa's own workflows: a warehouse that ships with Medusa's manual
 * fulfilment provider, a fulfilment of the order's items, its shipment and its delivery, each waiting
 * for the subscribers of the event Medusa emits.
 */
export type TestShipping = { locationId: string; shippingOptionId: string }

const MANUAL_PROVIDER = "manual_manual"

/** A warehouse shipping to Germany and France with the manual provider, free of charge. */
export async function seedShipping(container: MedusaContainer): Promise<TestShipping> {
  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Hamburg warehouse", address: { address_1: "Kai 1", city: "Hamburg", country_code: "de" } }] },
  })
  const locationId = locations[0].id
  await container.resolve(ContainerRegistrationKeys.LINK).create({
    [Modules.STOCK_LOCATION]: { stock_location_id: locationId },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_PROVIDER },
  })
  await createLocationFulfillmentSetWorkflow(container).run({
    input: { location_id: locationId, fulfillment_set_data: { name: "Hamburg shipping", type: "shipping" } },
  })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "stock_location", fields: ["fulfillment_sets.id"], filters: { id: locationId } })
  const fulfillmentSetId = (data[0] as any).fulfillment_sets[0].id
  const { result: zones } = await createServiceZonesWorkflow(container).run({
    input: {
      data: [
        {
          fulfillment_set_id: fulfillmentSetId,
          name: "DE and FR",
          geo_zones: [
            { type: "country", country_code: "de" },
            { type: "country", country_code: "fr" },
          ],
        },
      ],
    },
  })
  const { result: profiles } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Pallets", type: "default" }] },
  })
  const { result: options } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Freight",
        service_zone_id: zones[0].id,
        shipping_profile_id: profiles[0].id,
        provider_id: MANUAL_PROVIDER,
        price_type: "flat",
        type: { label: "Freight", description: "Pallet freight", code: "freight" },
        prices: [{ currency_code: "eur", amount: 0 }],
      },
    ],
  })
  return { locationId, shippingOptionId: options[0].id }
}

/** A fulfilment of (some of) the order's items from the warehouse; returns its id. */
export async function fulfilOrder(
  container: MedusaContainer,
  shipping: TestShipping,
  orderId: string,
  quantityPerItem?: number
): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "items.*"], filters: { id: orderId } })
  const items = ((data[0] as any).items as Array<{ id: string; quantity: number }>).map((i) => ({
    id: i.id,
    quantity: quantityPerItem ?? Number(i.quantity),
  }))
  const { result } = await createOrderFulfillmentWorkflow(container).run({
    input: { order_id: orderId, items, location_id: shipping.locationId, shipping_option_id: shipping.shippingOptionId },
  })
  return result.id
}

/** Ships a fulfilment and waits for the subscribers of `shipment.created`. */
export async function shipFulfilment(container: MedusaContainer, orderId: string, fulfilmentId: string): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "fulfillment",
    fields: ["id", "items.line_item_id", "items.quantity"],
    filters: { id: fulfilmentId },
  })
  const items = ((data[0] as any).items as Array<{ line_item_id: string; quantity: number }>).map((i) => ({
    id: i.line_item_id,
    quantity: Number(i.quantity),
  }))
  const done = TestEventUtils.waitSubscribersExecution("shipment.created", container.resolve(Modules.EVENT_BUS))
  await createOrderShipmentWorkflow(container).run({ input: { order_id: orderId, fulfillment_id: fulfilmentId, items } })
  await done
}

/** Marks a fulfilment delivered and waits for the subscribers of `delivery.created`. */
export async function deliverFulfilment(container: MedusaContainer, orderId: string, fulfilmentId: string): Promise<void> {
  const done = TestEventUtils.waitSubscribersExecution("delivery.created", container.resolve(Modules.EVENT_BUS))
  await markOrderFulfillmentAsDeliveredWorkflow(container).run({ input: { orderId, fulfillmentId: fulfilmentId } })
  await done
}

/** When Medusa recorded a fulfilment's shipment and delivery. */
export async function fulfilmentDates(container: MedusaContainer, fulfilmentId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "fulfillment", fields: ["shipped_at", "delivered_at"], filters: { id: fulfilmentId } })
  const row = data[0] as any
  return {
    shipped_at: row.shipped_at ? new Date(row.shipped_at) : null,
    delivered_at: row.delivered_at ? new Date(row.delivered_at) : null,
  }
}
