import { model } from "@medusajs/framework/utils"

/** One pass of the dunning engine (scheduled, or started from the admin), with what it did and skipped. */
export const DunningRun = model
  .define(
    { name: "DunningRun", tableName: "dunning_run" },
    {
      id: model.id({ prefix: "drun" }).primaryKey(),
      trigger: model.enum(["schedule", "manual", "customer"]).default("manual"),
      triggered_by: model.text().nullable(),
      as_of: model.dateTime(),
      started_at: model.dateTime(),
      finished_at: model.dateTime().nullable(),
      status: model.enum(["running", "succeeded", "failed"]).default("running"),
      batches: model.number().default(0),
      customers_seen: model.number().default(0),
      receivables_seen: model.number().default(0),
      notices_created: model.number().default(0),
      /** The invoice e-mails (notices of kind `invoice`) the run planned, beside its reminders. */
      invoice_emails_created: model.number().default(0),
      escalations_created: model.number().default(0),
      skipped: model.json().nullable(),
      error: model.text().nullable(),
    }
  )
  .indexes([{ name: "IDX_dunning_run_started", on: ["started_at"] }])
