import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DunningModule from "../modules/dunning"

/** The customer whose account history an event belongs to. */
export default defineLink(
  { linkable: DunningModule.linkable.collectionEvent.id, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
