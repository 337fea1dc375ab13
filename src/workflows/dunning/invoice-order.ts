import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { InvoiceOrder } from "../../modules/dunning/documents"

/** A stored amount as a plain decimal string, whether it came as a string, a number or a BigNumber. */
export function decimalOf(value: unknown): string {
  if (value && typeof value === "object") {
    const raw = (value as { value?: unknown; numeric?: unknown }).value ?? (value as { numeric?: unknown }).numeric
    return raw === undefined ? String(value) : String(raw)
  }
  return value === null || value === undefined ? "0" : String(value)
}

const ORDER_FIELDS = [
  "id",
  "items.title",
  "items.product_title",
  "items.quantity",
  "items.unit_price",
  "items.raw_unit_price",
  "items.total",
  "items.raw_total",
  "subtotal",
  "raw_subtotal",
  "item_subtotal",
  "raw_item_subtotal",
  "tax_total",
  "raw_tax_total",
  "shipping_total",
  "raw_shipping_total",
  "discount_total",
  "raw_discount_total",
  "total",
  "raw_total",
]

type Query = { graph: (input: Record<string, unknown>) => Promise<{ data: any[] }> }

/**
 * The lines and totals of a Medusa order for its invoice, read through Medusa's query (the admin's
 * download and a notice's attachment read the same); null when the order is gone.
 */
export async function invoiceOrder(scope: MedusaContainer, orderId: string): Promise<InvoiceOrder | null> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  const o = data[0]
  if (!o) {
    return null
  }
  const amount = (raw: unknown, value: unknown) => decimalOf(raw ?? value)
  return {
    items: (o.items ?? []).map((i: any) => ({
      title: i.title || i.product_title || "",
      quantity: decimalOf(i.quantity),
      unit_price: amount(i.raw_unit_price, i.unit_price),
      total: amount(i.raw_total, i.total),
    })),
    subtotal: amount(o.raw_item_subtotal, o.item_subtotal ?? o.subtotal),
    tax_total: amount(o.raw_tax_total, o.tax_total),
    shipping_total: amount(o.raw_shipping_total, o.shipping_total),
    discount_total: amount(o.raw_discount_total, o.discount_total),
    total: amount(o.raw_total, o.total),
  }
}
