import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123142156 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_receivable_payment" drop constraint if exists "dunning_receivable_payment_source_ref_unique";`);
    this.addSql(`alter table if exists "dunning_receivable" drop constraint if exists "dunning_receivable_source_ref_unique";`);
    this.addSql(`alter table if exists "dunning_receivable" drop constraint if exists "dunning_receivable_order_unique";`);
    this.addSql(`alter table if exists "dunning_group_terms" drop constraint if exists "dunning_group_terms_group_unique";`);
    this.addSql(`alter table if exists "dunning_collection_profile" drop constraint if exists "dunning_collection_profile_customer_unique";`);
    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_idempotency_unique";`);
    this.addSql(`create table if not exists "dunning_collection_event" ("id" text not null, "customer_id" text not null, "type" text check ("type" in ('claim_for_non_payment', 'payment_received', 'payment_refunded', 'promise_to_pay', 'dispute_opened', 'dispute_resolved', 'call_logged', 'note', 'escalated', 'delivery_failed', 'hold_placed', 'hold_released')) not null, "title" text not null, "receivable_ids" jsonb null, "notice_id" text null, "note" text null, "outcome" text null, "author_type" text check ("author_type" in ('user', 'system')) not null default 'system', "author_id" text null, "occurred_at" timestamptz not null, "follow_up_status" text check ("follow_up_status" in ('open', 'done')) null, "assigned_to" text null, "follow_up_due_at" timestamptz null, "follow_up_done_at" timestamptz null, "follow_up_done_by" text null, "promised_amount" numeric null, "promised_currency_code" text null, "promised_date" timestamptz null, "idempotency_key" text null, "metadata" jsonb null, "raw_promised_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_collection_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_collection_event_deleted_at" ON "dunning_collection_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_collection_event_customer" ON "dunning_collection_event" ("customer_id", "occurred_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_collection_event_follow_up_open" ON "dunning_collection_event" ("follow_up_due_at") WHERE follow_up_status = 'open' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_collection_event_idempotency_unique" ON "dunning_collection_event" ("idempotency_key") WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_collection_profile" ("id" text not null, "customer_id" text not null, "billing_emails" jsonb null, "terms_days" integer null, "do_not_dun" boolean not null default false, "rep_user_id" text null, "preferred_language" text null, "policy_id" text null, "notes" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_collection_profile_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_collection_profile_deleted_at" ON "dunning_collection_profile" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_collection_profile_customer_unique" ON "dunning_collection_profile" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_group_terms" ("id" text not null, "customer_group_id" text not null, "terms_days" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_group_terms_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_group_terms_deleted_at" ON "dunning_group_terms" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_group_terms_group_unique" ON "dunning_group_terms" ("customer_group_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_receivable" ("id" text not null, "customer_id" text not null, "order_id" text null, "number" text not null, "source" text not null default 'manual', "external_ref" text null, "currency_code" text not null, "amount" numeric not null, "amount_paid" numeric not null default 0, "issued_at" timestamptz not null, "due_at" timestamptz not null, "status" text check ("status" in ('open', 'paid', 'void', 'written_off')) not null default 'open', "status_reason" text null, "paid_at" timestamptz null, "closed_at" timestamptz null, "next_action_at" timestamptz null, "stage" text null, "notices_sent" integer not null default 0, "last_notice_at" timestamptz null, "hold_until" timestamptz null, "hold_reason" text null, "metadata" jsonb null, "raw_amount" jsonb not null, "raw_amount_paid" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_receivable_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_deleted_at" ON "dunning_receivable" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_next_action_open" ON "dunning_receivable" ("next_action_at") WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_customer_status" ON "dunning_receivable" ("customer_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_receivable_order_unique" ON "dunning_receivable" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_receivable_source_ref_unique" ON "dunning_receivable" ("source", "external_ref") WHERE external_ref IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_due_at" ON "dunning_receivable" ("due_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_receivable_payment" ("id" text not null, "kind" text check ("kind" in ('payment', 'refund', 'adjustment')) not null default 'payment', "amount" numeric not null, "currency_code" text not null, "paid_at" timestamptz not null, "source" text not null, "external_ref" text not null, "payment_id" text null, "metadata" jsonb null, "receivable_id" text not null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_receivable_payment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_payment_receivable_id" ON "dunning_receivable_payment" ("receivable_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_payment_deleted_at" ON "dunning_receivable_payment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_receivable_payment_source_ref_unique" ON "dunning_receivable_payment" ("source", "external_ref") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "dunning_receivable_payment" add constraint "dunning_receivable_payment_receivable_id_foreign" foreign key ("receivable_id") references "dunning_receivable" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "dunning_receivable_payment" drop constraint if exists "dunning_receivable_payment_receivable_id_foreign";`);

    this.addSql(`drop table if exists "dunning_collection_event" cascade;`);

    this.addSql(`drop table if exists "dunning_collection_profile" cascade;`);

    this.addSql(`drop table if exists "dunning_group_terms" cascade;`);

    this.addSql(`drop table if exists "dunning_receivable" cascade;`);

    this.addSql(`drop table if exists "dunning_receivable_payment" cascade;`);
  }

}
