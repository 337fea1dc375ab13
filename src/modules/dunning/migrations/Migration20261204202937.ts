import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Template versions and variants. `dunning_template_version` keeps every saved wording of a stage; each
 * stage gets its version 1 here, made from the templates it has now (created_by null: saved before versions
 * were kept), and points at it. A stage may carry an alternative wording (`variant_b`) sent to
 * `variant_split` percent of customers. A notice records the version it was rendered from and, while its
 * stage has a split, the variant (A or B),
 * and the database copies the variant onto the notice's `dunning_notice_line` rows, which the KPIs read;
 * notices sent before this migration have neither and stay out of the comparison of variants.
 */
export class Migration20261204202937 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dunning_template_version" ("id" text not null, "stage_id" text not null, "version" integer not null, "subject_template" text null, "body_html_template" text null, "body_text_template" text null, "translations" jsonb null, "variant_b" jsonb null, "variant_split" integer null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dunning_template_version_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_template_version_deleted_at" ON "dunning_template_version" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dunning_template_version_stage_version" ON "dunning_template_version" ("stage_id", "version") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "dunning_stage" add column if not exists "variant_b" jsonb null, add column if not exists "variant_split" integer null, add column if not exists "template_version_id" text null;`);
    this.addSql(`alter table if exists "dunning_notice" add column if not exists "template_version_id" text null, add column if not exists "template_variant" text null;`);

    // the variant reaches the notice-line rows the KPIs read (notices sent before have none)
    this.addSql(`alter table if exists "dunning_notice_line" add column if not exists "template_variant" text null;`);
    // the comparison reads only the lines of notices sent under a split
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_line_variant_sent_at" ON "dunning_notice_line" ("sent_at") WHERE template_variant IS NOT NULL;`);
    this.addSql(`
      create or replace function dunning_notice_sync_lines() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'UPDATE' then
          delete from dunning_notice_line where notice_id = OLD.id;
        end if;
        if NEW.status = 'sent' and NEW.deleted_at is null and NEW.sent_at is not null
           and jsonb_typeof(NEW.lines) = 'array' then
          perform 1 from dunning_receivable
            where id in (select x.id from jsonb_to_recordset(NEW.lines) as x(id text))
            order by id for share;
          insert into dunning_notice_line (notice_id, receivable_id, customer_id, stage_key, currency_code, outstanding,
                                           sent_at, receivable_paid_at, stage_name, stage_offset_days, channel,
                                           scheduled_for, counts_notice, template_variant)
          select NEW.id, x.id, NEW.customer_id, coalesce(NEW.stage_id, NEW.stage_name), x.currency_code,
                 x.outstanding, NEW.sent_at,
                 (select r.paid_at from dunning_receivable r
                   where r.id = x.id and r.status = 'paid' and r.deleted_at is null),
                 NEW.stage_name, NEW.stage_offset_days, NEW.channel, NEW.scheduled_for,
                 row_number() over (partition by x.currency_code order by x.n) = 1, NEW.template_variant
            from (select distinct on (x.id) x.id, lower(x.currency_code) as currency_code,
                         coalesce(x.outstanding, 0) as outstanding, x.n
                    from rows from (jsonb_to_recordset(NEW.lines) as (id text, currency_code text, outstanding numeric))
                         with ordinality as x(id, currency_code, outstanding, n)
                   where x.id is not null and x.currency_code is not null
                   order by x.id, x.n) x;
        end if;
        return null;
      end
      $$;`);
    this.addSql(`drop trigger if exists "dunning_notice_lines_update" on "dunning_notice";`);
    this.addSql(`create trigger "dunning_notice_lines_update" after update on "dunning_notice" for each row
      when ((OLD.status = 'sent' or NEW.status = 'sent')
            and (OLD.status is distinct from NEW.status or OLD.sent_at is distinct from NEW.sent_at
                 or OLD.deleted_at is distinct from NEW.deleted_at or OLD.customer_id is distinct from NEW.customer_id
                 or OLD.stage_id is distinct from NEW.stage_id or OLD.stage_name is distinct from NEW.stage_name
                 or OLD.stage_offset_days is distinct from NEW.stage_offset_days or OLD.channel is distinct from NEW.channel
                 or OLD.scheduled_for is distinct from NEW.scheduled_for or OLD.lines is distinct from NEW.lines
                 or OLD.template_variant is distinct from NEW.template_variant))
      execute function dunning_notice_sync_lines();`);

    // version 1 of every stage there is, deleted ones too (their notices outlive them)
    this.addSql(`insert into "dunning_template_version" (id, stage_id, version, subject_template, body_html_template, body_text_template, translations, created_at, updated_at)
      select 'dtv_' || upper(substr(md5(s.id || clock_timestamp()::text), 1, 26)), s.id, 1, s.subject_template, s.body_html_template, s.body_text_template, s.translations, s.updated_at, s.updated_at
        from "dunning_stage" s
       where not exists (select 1 from "dunning_template_version" v where v.stage_id = s.id);`);
    this.addSql(`update "dunning_stage" s set template_version_id = v.id
        from "dunning_template_version" v
       where v.stage_id = s.id and v.version = 1 and s.template_version_id is null;`);
  }

  override async down(): Promise<void> {
    // the notice-line rows as they were written before variants
    this.addSql(`
      create or replace function dunning_notice_sync_lines() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'UPDATE' then
          delete from dunning_notice_line where notice_id = OLD.id;
        end if;
        if NEW.status = 'sent' and NEW.deleted_at is null and NEW.sent_at is not null
           and jsonb_typeof(NEW.lines) = 'array' then
          perform 1 from dunning_receivable
            where id in (select x.id from jsonb_to_recordset(NEW.lines) as x(id text))
            order by id for share;
          insert into dunning_notice_line (notice_id, receivable_id, customer_id, stage_key, currency_code, outstanding,
                                           sent_at, receivable_paid_at, stage_name, stage_offset_days, channel,
                                           scheduled_for, counts_notice)
          select NEW.id, x.id, NEW.customer_id, coalesce(NEW.stage_id, NEW.stage_name), x.currency_code,
                 x.outstanding, NEW.sent_at,
                 (select r.paid_at from dunning_receivable r
                   where r.id = x.id and r.status = 'paid' and r.deleted_at is null),
                 NEW.stage_name, NEW.stage_offset_days, NEW.channel, NEW.scheduled_for,
                 row_number() over (partition by x.currency_code order by x.n) = 1
            from (select distinct on (x.id) x.id, lower(x.currency_code) as currency_code,
                         coalesce(x.outstanding, 0) as outstanding, x.n
                    from rows from (jsonb_to_recordset(NEW.lines) as (id text, currency_code text, outstanding numeric))
                         with ordinality as x(id, currency_code, outstanding, n)
                   where x.id is not null and x.currency_code is not null
                   order by x.id, x.n) x;
        end if;
        return null;
      end
      $$;`);
    this.addSql(`alter table if exists "dunning_notice_line" drop column if exists "template_variant";`);
    this.addSql(`alter table if exists "dunning_notice" drop column if exists "template_version_id", drop column if exists "template_variant";`);
    this.addSql(`alter table if exists "dunning_stage" drop column if exists "variant_b", drop column if exists "variant_split", drop column if exists "template_version_id";`);
    this.addSql(`drop table if exists "dunning_template_version" cascade;`);
  }

}
