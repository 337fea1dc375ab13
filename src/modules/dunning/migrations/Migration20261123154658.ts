import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123154658 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_collection_profile" add column if not exists "email_failed_at" timestamptz null, add column if not exists "email_failure" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "dunning_collection_profile" drop column if exists "email_failed_at", drop column if exists "email_failure";`);
  }

}
