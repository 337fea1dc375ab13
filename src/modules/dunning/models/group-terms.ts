import { model } from "@medusajs/framework/utils"

/**
 * Default payment terms for every customer of a customer group (a segment such as "Distributors"),
 * used when the customer's own profile names no terms.
 */
export const GroupTerms = model
  .define(
    { name: "GroupTerms", tableName: "dunning_group_terms" },
    {
      id: model.id({ prefix: "gterms" }).primaryKey(),
      customer_group_id: model.text(),
      terms_days: model.number(),
    }
  )
  .indexes([
    {
      name: "IDX_dunning_group_terms_group_unique",
      on: ["customer_group_id"],
      unique: true,
    },
  ])
