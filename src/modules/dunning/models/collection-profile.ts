import { model } from "@medusajs/framework/utils"

/**
 * How one business customer is collected from: who receives the notices (accounts payable is often not
 * the buyer), the payment terms and when they start, the assigned rep, the language of the notices, and
 * whether to chase at all.
 */
export const CollectionProfile = model
  .define(
    { name: "CollectionProfile", tableName: "dunning_collection_profile" },
    {
      id: model.id({ prefix: "cprof" }).primaryKey(),
      customer_id: model.text(),
      billing_emails: model.json().nullable(),
      terms_days: model.number().nullable(),
      // when this customer's terms run from; null: the plugin's `terms.startAt`
      terms_start: model.enum(["order", "shipment", "delivery"]).nullable(),
      do_not_dun: model.boolean().default(false),
      rep_user_id: model.text().nullable(),
      preferred_language: model.text().nullable(),
      policy_id: model.text().nullable(),
      notes: model.text().nullable(),
      email_failed_at: model.dateTime().nullable(),
      email_failure: model.text().nullable(),
      // links to the collection page carry this version; revoking them moves it on (see domain/collection-link)
      link_version: model.number().default(0),
      links_revoked_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_dunning_collection_profile_customer_unique",
      on: ["customer_id"],
      unique: true,
    },
  ])
