import { model } from "@medusajs/framework/utils"

/**
 * One message to one customer about all of the customer's receivables that were due for a reminder at
 * that moment. The row owns the delivery state; its idempotency key (customer, stage, day) makes a second
 * notice for the same thing impossible, and the rendered message is kept as the audit trail.
 *
 * Once sent, each receivable the notice listed is also a row of `dunning_notice_line` (see the migration
 * that creates it): the database writes those rows from `lines`, for the collection rate per stage.
 */
export const Notice = model
  .define(
    { name: "Notice", tableName: "dunning_notice" },
    {
      id: model.id({ prefix: "dntc" }).primaryKey(),
      customer_id: model.text(),
      policy_id: model.text().nullable(),
      stage_id: model.text().nullable(),
      stage_name: model.text(),
      // "invoice": the e-mail that sends a new invoice (no stage, no lines; not a reminder, so it counts
      // toward neither the contact cap nor the stages' collection rates)
      kind: model.enum(["reminder", "invoice"]).default("reminder"),
      stage_offset_days: model.number().default(0),
      tone: model.text().default("neutral"),
      channel: model.text().default("email"),
      recipients: model.json(),
      receivable_ids: model.json(),
      due_receivable_ids: model.json().nullable(),
      lines: model.json(),
      totals: model.json(),
      language: model.text().nullable(),
      // the stage's template version it was rendered from, and, while the stage has a split, the variant
      // ("A": its own templates, "B": the alternative)
      template_version_id: model.text().nullable(),
      template_variant: model.text().nullable(),
      subject: model.text().nullable(),
      body_html: model.text().nullable(),
      body_text: model.text().nullable(),
      status: model.enum(["scheduled", "sent", "failed", "cancelled"]).default("scheduled"),
      attempts: model.number().default(0),
      last_error: model.text().nullable(),
      scheduled_for: model.dateTime(),
      next_attempt_at: model.dateTime().nullable(),
      delivery_lease_until: model.dateTime().nullable(),
      sent_at: model.dateTime().nullable(),
      failed_at: model.dateTime().nullable(),
      cancelled_at: model.dateTime().nullable(),
      cancel_reason: model.text().nullable(),
      provider_message_id: model.text().nullable(),
      notification_id: model.text().nullable(),
      idempotency_key: model.text(),
      run_id: model.text().nullable(),
      // set when an admin asked for it: { user_id, name, bypassed: ["send_window" | "contact_cap"] }
      on_request: model.json().nullable(),
      // what later runs folded into it while it was still scheduled: [{ at, run_id, stage_id, stage_name, receivable_ids, added_ids }]
      folds: model.json().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { name: "IDX_dunning_notice_idempotency_unique", on: ["idempotency_key"], unique: true },
    { name: "IDX_dunning_notice_customer_scheduled", on: ["customer_id", "scheduled_for"] },
    {
      name: "IDX_dunning_notice_customer_status",
      on: ["customer_id", "status", "sent_at", "failed_at"],
    },
    {
      // the customer's summary counts the reminders sent and failed (not the invoice e-mails) from this index alone
      name: "IDX_dunning_notice_customer_reminder_status",
      on: ["customer_id", "status", "sent_at", "failed_at"],
      where: "kind = 'reminder'",
    },
    {
      name: "IDX_dunning_notice_deliverable",
      on: ["next_attempt_at"],
      where: "status = 'scheduled'",
    },
    {
      // the KPIs count sent notices from dunning_notice_line, and the others (a few percent) from here
      name: "IDX_dunning_notice_unsent_scheduled",
      on: ["scheduled_for"],
      where: "status <> 'sent'",
    },
  ])
