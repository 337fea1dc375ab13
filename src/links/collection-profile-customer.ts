import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DunningModule from "../modules/dunning"

/** The customer a collection profile describes. */
export default defineLink(
  { linkable: DunningModule.linkable.collectionProfile.id, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
