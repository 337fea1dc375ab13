import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123152229 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_notice" drop constraint if exists "dunning_notice_idempotency_unique";`);
    this.addSql(`alter table if exists "dunning_lease" drop constraint if exists "dunning_lease_name_unique";`);
    this.addSql(`create table if not exists "dunning_lease" ("id" text not null, "name" text not null, "holder" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_lease_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_lease_deleted_at" ON "dunning_lease" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_lease_name_unique" ON "dunning_lease" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_policy" ("id" text not null, "name" text not null, "is_default" boolean not null default false, "enabled" boolean not null default true, "priority" integer not null default 0, "customer_group_ids" jsonb null, "tolerance_days" integer not null default 5, "resend_days" integer not null default 7, "max_notices" integer not null default 5, "max_contacts_per_30_days" integer not null default 3, "cc" jsonb null, "bcc" jsonb null, "reply_to" text null, "timezone" text not null default 'UTC', "send_days" jsonb null, "send_hour_start" integer not null default 8, "send_hour_end" integer not null default 18, "channels" jsonb null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_policy_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_policy_deleted_at" ON "dunning_policy" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_policy_single_default" ON "dunning_policy" ("is_default") WHERE is_default = true AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_run" ("id" text not null, "trigger" text check ("trigger" in ('schedule', 'manual', 'customer')) not null default 'manual', "triggered_by" text null, "as_of" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "status" text check ("status" in ('running', 'succeeded', 'failed')) not null default 'running', "batches" integer not null default 0, "customers_seen" integer not null default 0, "receivables_seen" integer not null default 0, "notices_created" integer not null default 0, "escalations_created" integer not null default 0, "skipped" jsonb null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_run_deleted_at" ON "dunning_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_run_started" ON "dunning_run" ("started_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_stage" ("id" text not null, "position" integer not null, "name" text not null, "offset_days" integer not null, "action" text check ("action" in ('send', 'escalate')) not null default 'send', "tone" text check ("tone" in ('friendly', 'neutral', 'firm', 'final')) not null default 'neutral', "repeats" boolean not null default false, "channel" text not null default 'email', "subject_template" text null, "body_html_template" text null, "body_text_template" text null, "translations" jsonb null, "policy_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_stage_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_stage_policy_id" ON "dunning_stage" ("policy_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_stage_deleted_at" ON "dunning_stage" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "dunning_notice" ("id" text not null, "customer_id" text not null, "policy_id" text null, "stage_id" text null, "stage_name" text not null, "stage_offset_days" integer not null default 0, "tone" text not null default 'neutral', "channel" text not null default 'email', "recipients" jsonb not null, "receivable_ids" jsonb not null, "due_receivable_ids" jsonb null, "lines" jsonb not null, "totals" jsonb not null, "language" text null, "subject" text null, "body_html" text null, "body_text" text null, "status" text check ("status" in ('scheduled', 'sent', 'failed', 'cancelled')) not null default 'scheduled', "attempts" integer not null default 0, "last_error" text null, "scheduled_for" timestamptz not null, "next_attempt_at" timestamptz null, "delivery_lease_until" timestamptz null, "sent_at" timestamptz null, "failed_at" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" text null, "provider_message_id" text null, "notification_id" text null, "idempotency_key" text not null, "run_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_notice_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_deleted_at" ON "dunning_notice" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_notice_idempotency_unique" ON "dunning_notice" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_customer_scheduled" ON "dunning_notice" ("customer_id", "scheduled_for") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_deliverable" ON "dunning_notice" ("next_attempt_at") WHERE status = 'scheduled' AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "dunning_stage" add constraint "dunning_stage_policy_id_foreign" foreign key ("policy_id") references "dunning_policy" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "dunning_stage" drop constraint if exists "dunning_stage_policy_id_foreign";`);

    this.addSql(`drop table if exists "dunning_lease" cascade;`);

    this.addSql(`drop table if exists "dunning_policy" cascade;`);

    this.addSql(`drop table if exists "dunning_run" cascade;`);

    this.addSql(`drop table if exists "dunning_stage" cascade;`);

    this.addSql(`drop table if exists "dunning_notice" cascade;`);
  }

}
