import { model } from "@medusajs/framework/utils"

/**
 * A credit hold on a customer: while one is in force (`released_at` is null) the customer cannot place
 * new orders on terms. It is placed by a policy stage the customer's invoices reached (`stage`), by a
 * policy rule on what is overdue (`rule`), or by a person (`manual`), and each row keeps what placed it,
 * since when, and per currency what paying would lift it. A released row stays as history; when a person
 * released it, `waiver_active` keeps the automatic rules from placing a new hold until the customer is
 * clear of them (or until `waived_until`). At most one hold per customer is in force: a unique index.
 */
export const CreditHold = model
  .define(
    { name: "CreditHold", tableName: "dunning_credit_hold" },
    {
      id: model.id({ prefix: "chold" }).primaryKey(),
      customer_id: model.text(),
      source: model.enum(["stage", "rule", "manual"]),
      // in a collections team's words: "45 days overdue, 12,400.00 EUR: invoices reached ..." or the rep's reason
      reason: model.text(),
      policy_id: model.text().nullable(),
      // what the rules found when the hold was placed: breaches, overdue per currency, days overdue
      basis: model.json().nullable(),
      placed_at: model.dateTime(),
      // the admin who placed it by hand (null: the dunning run)
      placed_by: model.text().nullable(),
      // [{ currency_code, amount }]: what paying lifts an automatic hold, kept current by every re-evaluation
      amounts_to_lift: model.json().nullable(),
      // the invoices that must be paid for it to lift (those at a credit-hold stage or past the days limit)
      receivable_ids: model.json().nullable(),
      evaluated_at: model.dateTime().nullable(),
      released_at: model.dateTime().nullable(),
      // the admin who released it by hand (null: lifted by the rules, or replaced)
      released_by: model.text().nullable(),
      release_reason: model.text().nullable(),
      waiver_active: model.boolean().default(false),
      waived_until: model.dateTime().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_dunning_credit_hold_in_force_unique",
      on: ["customer_id"],
      unique: true,
      where: "released_at IS NULL",
    },
    { name: "IDX_dunning_credit_hold_customer_placed", on: ["customer_id", "placed_at"] },
    {
      // what the run looks at again: automatic holds in force and waivers
      name: "IDX_dunning_credit_hold_watch",
      on: ["customer_id"],
      where: "((released_at IS NULL AND source <> 'manual') OR waiver_active = true)",
    },
  ])
