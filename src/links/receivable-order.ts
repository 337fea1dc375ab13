import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import DunningModule from "../modules/dunning"

/** The order a receivable was created from (none for invoices imported from an ERP). */
export default defineLink(
  { linkable: DunningModule.linkable.receivable.id, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
