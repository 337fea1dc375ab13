import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DunningModule from "../modules/dunning"

/** The customer group whose default payment terms a row holds. */
export default defineLink(
  { linkable: DunningModule.linkable.groupTerms.id, field: "customer_group_id" },
  CustomerModule.linkable.customerGroup,
  { readOnly: true }
)
