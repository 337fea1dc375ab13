import { model } from "@medusajs/framework/utils"

/**
 * A customer's current risk score (see `domain/risk.ts`): the score from 0 to 100, its band, each factor with
 * its value and contribution (`factors`: `[{ key, value, contribution }]`), the invoices settled in the window
 * it read, when the band was last entered and when it was computed. One row per customer, rewritten by the
 * nightly job and by a payment, a promise, a dispute or a failed delivery of that customer.
 */
export const CustomerRisk = model
  .define(
    { name: "CustomerRisk", tableName: "dunning_customer_risk" },
    {
      id: model.id({ prefix: "crsk" }).primaryKey(),
      customer_id: model.text(),
      score: model.number(),
      band: model.enum(["new", "low", "medium", "high"]),
      factors: model.json(),
      settled_invoices: model.number().default(0),
      band_since: model.dateTime(),
      computed_at: model.dateTime(),
    }
  )
  // no index on the band: every nightly rewrite of a row can then stay on its page (a HOT update)
  .indexes([{ name: "IDX_dunning_customer_risk_customer_unique", on: ["customer_id"], unique: true }])
