import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * `dunning_notice_line`: one narrow row per receivable listed on a sent notice (what the notice claimed
 * from whom, in which currency, at which stage, on which channel and when), with the moment that
 * receivable was paid. One row per currency of each notice has `counts_notice` set, so counting those rows
 * counts sent notices per currency. The collection rate per stage and the sent notices per channel read
 * these rows instead of every notice's JSON; the notices that were not sent are found through a partial
 * index on `dunning_notice`.
 *
 * The database keeps the table in step whatever writes the notices and receivables (the run, delivery,
 * the ledger, the module's generated update and soft-delete methods):
 * - a notice's rows exist exactly while it is sent and not deleted, and are rewritten when what they
 *   copy from it changes (lines, stage, customer, channel, schedule, sending time);
 * - `receivable_paid_at` is the receivable's `paid_at` while it is paid and not deleted, else null.
 *   Writing a notice's rows takes a share lock on its receivables first: a payment being recorded at that
 *   moment either commits before (and the rows are written with it) or waits until the rows are
 *   committed (and then updates them).
 */
export class Migration20261123201500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dunning_notice_line" ("notice_id" text not null, "receivable_id" text not null, "customer_id" text not null, "stage_key" text not null, "currency_code" text not null, "outstanding" numeric not null, "sent_at" timestamptz not null, "receivable_paid_at" timestamptz null, "stage_name" text not null, "stage_offset_days" integer not null, "channel" text not null, "scheduled_for" timestamptz not null, "counts_notice" boolean not null, constraint "dunning_notice_line_pkey" primary key ("notice_id", "receivable_id"), constraint "dunning_notice_line_notice_id_foreign" foreign key ("notice_id") references "dunning_notice" ("id") on delete cascade);`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_line_sent_at" ON "dunning_notice_line" ("sent_at");`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_line_receivable_id" ON "dunning_notice_line" ("receivable_id");`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_unsent_scheduled" ON "dunning_notice" ("scheduled_for") WHERE status <> 'sent' AND deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_line_customer_sent_at" ON "dunning_notice_line" ("customer_id", "sent_at");`);

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

    this.addSql(`
      create or replace function dunning_receivable_sync_notice_lines() returns trigger language plpgsql as $$
      declare
        paid timestamptz;
      begin
        if TG_OP = 'UPDATE' and NEW.status = 'paid' and NEW.deleted_at is null then
          paid := NEW.paid_at;
        end if;
        update dunning_notice_line set receivable_paid_at = paid
         where receivable_id = OLD.id and receivable_paid_at is distinct from paid;
        return null;
      end
      $$;`);

    this.addSql(`drop trigger if exists "dunning_notice_lines_insert" on "dunning_notice";`);
    this.addSql(`create trigger "dunning_notice_lines_insert" after insert on "dunning_notice" for each row when (NEW.status = 'sent') execute function dunning_notice_sync_lines();`);

    this.addSql(`drop trigger if exists "dunning_notice_lines_update" on "dunning_notice";`);
    this.addSql(`create trigger "dunning_notice_lines_update" after update on "dunning_notice" for each row
      when ((OLD.status = 'sent' or NEW.status = 'sent')
            and (OLD.status is distinct from NEW.status or OLD.sent_at is distinct from NEW.sent_at
                 or OLD.deleted_at is distinct from NEW.deleted_at or OLD.customer_id is distinct from NEW.customer_id
                 or OLD.stage_id is distinct from NEW.stage_id or OLD.stage_name is distinct from NEW.stage_name
                 or OLD.stage_offset_days is distinct from NEW.stage_offset_days or OLD.channel is distinct from NEW.channel
                 or OLD.scheduled_for is distinct from NEW.scheduled_for or OLD.lines is distinct from NEW.lines))
      execute function dunning_notice_sync_lines();`);

    this.addSql(`drop trigger if exists "dunning_receivable_notice_lines_update" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_notice_lines_update" after update on "dunning_receivable" for each row
      when (OLD.status is distinct from NEW.status or OLD.paid_at is distinct from NEW.paid_at
            or OLD.deleted_at is distinct from NEW.deleted_at)
      execute function dunning_receivable_sync_notice_lines();`);

    this.addSql(`drop trigger if exists "dunning_receivable_notice_lines_delete" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_notice_lines_delete" after delete on "dunning_receivable" for each row
      execute function dunning_receivable_sync_notice_lines();`);

    // the notices sent before this table existed
    this.addSql(`insert into "dunning_notice_line" (notice_id, receivable_id, customer_id, stage_key, currency_code, outstanding, sent_at,
        receivable_paid_at, stage_name, stage_offset_days, channel, scheduled_for, counts_notice)
      select n.id, x.id, n.customer_id, coalesce(n.stage_id, n.stage_name), x.currency_code, x.outstanding, n.sent_at,
             (select r.paid_at from "dunning_receivable" r where r.id = x.id and r.status = 'paid' and r.deleted_at is null),
             n.stage_name, n.stage_offset_days, n.channel, n.scheduled_for,
             row_number() over (partition by n.id, x.currency_code order by x.n) = 1
        from "dunning_notice" n
        cross join lateral (
          select distinct on (x.id) x.id, lower(x.currency_code) as currency_code, coalesce(x.outstanding, 0) as outstanding, x.n
            from rows from (jsonb_to_recordset(case when jsonb_typeof(n.lines) = 'array' then n.lines else '[]'::jsonb end)
                            as (id text, currency_code text, outstanding numeric))
                 with ordinality as x(id, currency_code, outstanding, n)
           where x.id is not null and x.currency_code is not null
           order by x.id, x.n) x
       where n.status = 'sent' and n.deleted_at is null and n.sent_at is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "dunning_receivable_notice_lines_delete" on "dunning_receivable";`);

    this.addSql(`drop trigger if exists "dunning_receivable_notice_lines_update" on "dunning_receivable";`);

    this.addSql(`drop function if exists dunning_receivable_sync_notice_lines();`);

    this.addSql(`drop trigger if exists "dunning_notice_lines_update" on "dunning_notice";`);

    this.addSql(`drop trigger if exists "dunning_notice_lines_insert" on "dunning_notice";`);

    this.addSql(`drop function if exists dunning_notice_sync_lines();`);

    this.addSql(`drop table if exists "dunning_notice_line" cascade;`);

    this.addSql(`drop index if exists "IDX_dunning_notice_unsent_scheduled";`);
  }

}
