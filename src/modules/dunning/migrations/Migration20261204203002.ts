import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Policies by risk band: `risk_bands` (null: any band, as every stored policy stays), the flag
 * `prefer_channel_that_worked` (off for every stored policy), and `shipped_as`, which marks the policy the
 * plugin adds to every store ("high_risk", added disabled by the module the first time it reads the
 * policies). The unique index keeps a soft-deleted shipped policy too, so one the merchant deleted is not
 * added again.
 */
export class Migration20261204203002 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_policy" add column if not exists "risk_bands" jsonb null, add column if not exists "prefer_channel_that_worked" boolean not null default false, add column if not exists "shipped_as" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_policy_shipped_as" ON "dunning_policy" ("shipped_as") WHERE shipped_as IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_dunning_policy_shipped_as";`);
    this.addSql(`alter table if exists "dunning_policy" drop column if exists "risk_bands", drop column if exists "prefer_channel_that_worked", drop column if exists "shipped_as";`);
  }

}
