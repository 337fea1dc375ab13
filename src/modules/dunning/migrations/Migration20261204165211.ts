import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Credit holds:
 * - `dunning_credit_hold`: one row per hold a customer was put on (at most one in force per customer);
 * - `dunning_stage.credit_hold`: from this stage on the customer is on credit hold (false for every stored
 *   stage: a store that had its policies before turns it on where it wants it);
 * - `dunning_policy.credit_hold_overdue_above` and `credit_hold_days_overdue`: the policy's rules (none
 *   for stored policies);
 * - four new collection event types for the hold's history. Stored events keep their type.
 */
export class Migration20261204165211 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_credit_hold" drop constraint if exists "dunning_credit_hold_in_force_unique";`);
    this.addSql(`create table if not exists "dunning_credit_hold" ("id" text not null, "customer_id" text not null, "source" text check ("source" in ('stage', 'rule', 'manual')) not null, "reason" text not null, "policy_id" text null, "basis" jsonb null, "placed_at" timestamptz not null, "placed_by" text null, "amounts_to_lift" jsonb null, "receivable_ids" jsonb null, "evaluated_at" timestamptz null, "released_at" timestamptz null, "released_by" text null, "release_reason" text null, "waiver_active" boolean not null default false, "waived_until" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_credit_hold_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_credit_hold_deleted_at" ON "dunning_credit_hold" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_credit_hold_in_force_unique" ON "dunning_credit_hold" ("customer_id") WHERE released_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_credit_hold_customer_placed" ON "dunning_credit_hold" ("customer_id", "placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_credit_hold_watch" ON "dunning_credit_hold" ("customer_id") WHERE ((released_at IS NULL AND source <> 'manual') OR waiver_active = true) AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_type_check";`);

    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_type_check" check("type" in ('claim_for_non_payment', 'payment_received', 'payment_refunded', 'promise_to_pay', 'dispute_opened', 'dispute_resolved', 'call_logged', 'note', 'escalated', 'delivery_failed', 'hold_placed', 'hold_released', 'credit_hold_placed', 'credit_hold_released', 'credit_hold_overridden', 'order_on_credit_hold'));`);

    this.addSql(`alter table if exists "dunning_policy" add column if not exists "credit_hold_overdue_above" jsonb null, add column if not exists "credit_hold_days_overdue" integer null;`);

    this.addSql(`alter table if exists "dunning_stage" add column if not exists "credit_hold" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dunning_credit_hold" cascade;`);

    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_type_check";`);

    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_type_check" check("type" in ('claim_for_non_payment', 'payment_received', 'payment_refunded', 'promise_to_pay', 'dispute_opened', 'dispute_resolved', 'call_logged', 'note', 'escalated', 'delivery_failed', 'hold_placed', 'hold_released'));`);

    this.addSql(`alter table if exists "dunning_policy" drop column if exists "credit_hold_overdue_above", drop column if exists "credit_hold_days_overdue";`);

    this.addSql(`alter table if exists "dunning_stage" drop column if exists "credit_hold";`);
  }

}
