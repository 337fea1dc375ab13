import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * `dunning_customer_risk` (each customer's current risk score, band and factors) and
 * `dunning_customer_risk_change` (the history of band changes with their reason), both empty until the nightly
 * risk job first runs; and an index on receivables that lets the risk score read each customer's receivables
 * without touching the table (built once over the stored receivables). Risk rows are rewritten every night:
 * half-full pages let each rewrite stay on its page (a HOT update) instead of growing the table.
 */
export class Migration20261204181811 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_customer_risk" drop constraint if exists "dunning_customer_risk_customer_unique";`);
    this.addSql(`create table if not exists "dunning_customer_risk" ("id" text not null, "customer_id" text not null, "score" integer not null, "band" text check ("band" in ('new', 'low', 'medium', 'high')) not null, "factors" jsonb not null, "settled_invoices" integer not null default 0, "band_since" timestamptz not null, "computed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_customer_risk_pkey" primary key ("id"));`);
    this.addSql(`alter table "dunning_customer_risk" set (fillfactor = 50);`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_customer_risk_deleted_at" ON "dunning_customer_risk" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_customer_risk_customer_unique" ON "dunning_customer_risk" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_customer_risk_change" ("id" text not null, "customer_id" text not null, "from_band" text check ("from_band" in ('new', 'low', 'medium', 'high')) not null, "to_band" text check ("to_band" in ('new', 'low', 'medium', 'high')) not null, "from_score" integer not null, "to_score" integer not null, "factor" text null, "reason" text not null, "factors" jsonb not null, "changed_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_customer_risk_change_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_customer_risk_change_deleted_at" ON "dunning_customer_risk_change" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_customer_risk_change_customer" ON "dunning_customer_risk_change" ("customer_id", "changed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_customer_risk" ON "dunning_receivable" ("customer_id", "currency_code", "status", "issued_at", "due_at", "paid_at", "amount", "amount_paid") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dunning_customer_risk" cascade;`);

    this.addSql(`drop table if exists "dunning_customer_risk_change" cascade;`);

    this.addSql(`drop index if exists "IDX_dunning_receivable_customer_risk";`);
  }

}
