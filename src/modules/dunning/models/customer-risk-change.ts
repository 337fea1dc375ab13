import { model } from "@medusajs/framework/utils"

/**
 * A change of a customer's risk band, kept as history: from and to which band and score, when, and why in a
 * rep's words ("second broken promise"), with the factor behind it (null: the amount of history, or the
 * settings) and the factors as they were then.
 */
export const CustomerRiskChange = model
  .define(
    { name: "CustomerRiskChange", tableName: "dunning_customer_risk_change" },
    {
      id: model.id({ prefix: "crskc" }).primaryKey(),
      customer_id: model.text(),
      from_band: model.enum(["new", "low", "medium", "high"]),
      to_band: model.enum(["new", "low", "medium", "high"]),
      from_score: model.number(),
      to_score: model.number(),
      factor: model.text().nullable(),
      reason: model.text(),
      factors: model.json(),
      changed_at: model.dateTime(),
    }
  )
  .indexes([{ name: "IDX_dunning_customer_risk_change_customer", on: ["customer_id", "changed_at"] }])
