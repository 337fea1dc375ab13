import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123172035 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_collection_event_type_customer" ON "dunning_collection_event" ("type", "customer_id", "occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_customer_status" ON "dunning_notice" ("customer_id", "status", "sent_at", "failed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_open_aging" ON "dunning_receivable" ("currency_code", "customer_id", "due_at", "amount", "amount_paid") WHERE status = 'open' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_dunning_collection_event_type_customer";`);

    this.addSql(`drop index if exists "IDX_dunning_notice_customer_status";`);

    this.addSql(`drop index if exists "IDX_dunning_receivable_open_aging";`);
  }

}
