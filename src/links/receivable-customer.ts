import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import DunningModule from "../modules/dunning"

/** Who owes the receivable: lets `query.graph` join a receivable to its Medusa customer. */
export default defineLink(
  { linkable: DunningModule.linkable.receivable.id, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
