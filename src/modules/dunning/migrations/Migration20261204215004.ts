import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Invoice e-mails apart from reminders: the customer's summary counts the reminders sent and failed from a
 * partial index of reminders alone (an index-only read, as before), and a run records how many invoice
 * e-mails it created.
 */
export class Migration20261204215004 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_run" add column if not exists "invoice_emails_created" integer not null default 0;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_customer_reminder_status" ON "dunning_notice" ("customer_id", "status", "sent_at", "failed_at") WHERE deleted_at IS NULL AND kind = 'reminder';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_dunning_notice_customer_reminder_status";`);
    this.addSql(`alter table if exists "dunning_run" drop column if exists "invoice_emails_created";`);
  }

}
