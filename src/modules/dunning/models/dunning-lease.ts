import { model } from "@medusajs/framework/utils"

/**
 * A named lease in the database, so that an overlapping scheduled tick on another worker sees the run
 * in progress and steps aside, and a lease whose holder crashed is taken over once it expires.
 */
export const DunningLease = model
  .define(
    { name: "DunningLease", tableName: "dunning_lease" },
    {
      id: model.id({ prefix: "dlse" }).primaryKey(),
      name: model.text(),
      holder: model.text(),
      expires_at: model.dateTime(),
    }
  )
  .indexes([{ name: "IDX_dunning_lease_name_unique", on: ["name"], unique: true }])
