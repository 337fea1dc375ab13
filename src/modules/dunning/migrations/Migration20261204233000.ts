import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * What the KPIs read from the receivables, kept by the database per day in step with `dunning_receivable`
 * whatever writes it (as the aging summary is):
 * - `dunning_kpi_day`: per currency, kind, UTC issue day and UTC end day, how many receivables, their
 *   amount, and for paid ones Σ amount × days late, how many were late and their days late. The kind is
 *   the status (0 open, 1 paid, 2 void, 3 written off) and 4 for a receivable marked paid without a payment
 *   date. The end day is the day of the payment that settled it (paid), of its void or write-off (else its
 *   issue day), `infinity` while open. Days late = max(0, paid day − due day), 0 without a due date.
 *   Deleted receivables are left out. The table is bounded by days × days × currencies, whatever the
 *   number of receivables: the KPIs aggregate it instead of every receivable (see analytics/ledger-summary.ts).
 *
 * - `dunning_kpi_payment_day`: per currency and UTC day, the net of the payments and adjustments booked
 *   that day less its refunds, and how many movements make it up (deleted ones left out), kept the same way
 *   by triggers on `dunning_receivable_payment`: the trend's payments per month read days, not payments.
 *
 * Statement-level triggers net the statement's old and new rows per key and add the differences with
 * INSERT ... ON CONFLICT DO UPDATE in key order, as for aging: concurrent writers add, never overwrite,
 * and rows at zero are kept, never deleted. An update that changes none of the columns read (the run's
 * dunning state, holds, notices) stops at a set difference and writes nothing. TRUNCATE empties it.
 *
 * The KPIs read the receivables themselves for what a day cannot say: those issued or settled on the day
 * of a bound that is not a midnight (`from`, `to`), payments booked before the trend (on receivables issued
 * before it), and payments before the close of voided or written-off ones. The indexes below find them.
 */
const TRIGGER_EVENTS = ["insert", "update", "delete", "truncate"] as const;

/**
 * The statement-level triggers that keep a summary of `table`: `sync` for inserts, updates and deletes,
 * with their transition tables (`new_rows`, `old_rows`), and `truncate` for TRUNCATE; named `<name>_<event>`.
 */
function statementTriggers(table: string, name: string, sync: string, truncate: string): string[] {
  const transitions = {
    insert: "referencing new table as new_rows",
    update: "referencing old table as old_rows new table as new_rows",
    delete: "referencing old table as old_rows",
    truncate: "",
  };
  return TRIGGER_EVENTS.flatMap((event) => [
    `drop trigger if exists "${name}_${event}" on "${table}";`,
    `create trigger "${name}_${event}" after ${event} on "${table}"
      ${transitions[event]} for each statement execute function ${event === "truncate" ? truncate : sync}();`,
  ]);
}

export class Migration20261204233000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dunning_kpi_day" ("currency_code" text not null, "kind" smallint not null, "issue_day" date not null, "end_day" date not null, "receivables" integer not null default 0, "amount" numeric not null default 0, "amount_days_late" numeric not null default 0, "late_count" integer not null default 0, "late_days" integer not null default 0, constraint "dunning_kpi_day_pkey" primary key ("currency_code", "kind", "issue_day", "end_day"));`);

    this.addSql(`create table if not exists "dunning_kpi_payment_day" ("currency_code" text not null, "pay_day" date not null, "net" numeric not null default 0, "payments" integer not null default 0, constraint "dunning_kpi_payment_day_pkey" primary key ("currency_code", "pay_day"));`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_issued_at" ON "dunning_receivable" ("issued_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_paid_at" ON "dunning_receivable" ("paid_at") WHERE status = 'paid' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_closed_at" ON "dunning_receivable" ("closed_at") WHERE status IN ('void', 'written_off') AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_payment_paid_at" ON "dunning_receivable_payment" ("paid_at") WHERE deleted_at IS NULL;`);

    // the KPI facts of a transition table (`%1$s`) with a sign: one row per receivable not deleted
    this.addSql(`
      create or replace function dunning_kpi_fact_rows(transition text, sign integer) returns text
      language sql immutable as $$
        select format(
          'select currency_code, kind, issue_day, end_day,
                  %2$s as receivables, %2$s * amount as amount,
                  case when kind = 1 then %2$s * amount * days_late else 0 end as amount_days_late,
                  case when kind = 1 and days_late > 0 then %2$s else 0 end as late_count,
                  case when kind = 1 and days_late > 0 then %2$s * days_late else 0 end as late_days
             from (select r.currency_code, r.amount,
                          case r.status when ''open'' then 0
                                        when ''paid'' then case when r.paid_at is null then 4 else 1 end
                                        when ''void'' then 2 else 3 end as kind,
                          (r.issued_at at time zone ''UTC'')::date as issue_day,
                          case r.status when ''open'' then ''infinity''::date
                                        when ''paid'' then (coalesce(r.paid_at, r.issued_at) at time zone ''UTC'')::date
                                        else (coalesce(r.closed_at, r.issued_at) at time zone ''UTC'')::date end as end_day,
                          greatest(0, (r.paid_at at time zone ''UTC'')::date - (r.due_at at time zone ''UTC'')::date) as days_late
                     from %1$I r
                    where r.deleted_at is null) f', transition, sign)
      $$;`);

    this.addSql(`
      create or replace function dunning_receivable_sync_kpi_day() returns trigger language plpgsql as $$
      declare
        change text;
      begin
        -- most updates (the run's schedule, holds, notices) change nothing the KPIs read: stop before any work
        if TG_OP = 'UPDATE' then
          if not exists (
               select id, status, deleted_at, amount, issued_at, due_at, paid_at, closed_at, currency_code from new_rows
               except
               select id, status, deleted_at, amount, issued_at, due_at, paid_at, closed_at, currency_code from old_rows) then
            return null;
          end if;
        end if;
        change := case TG_OP
          when 'INSERT' then dunning_kpi_fact_rows('new_rows', 1)
          when 'DELETE' then dunning_kpi_fact_rows('old_rows', -1)
          else dunning_kpi_fact_rows('new_rows', 1) || ' union all ' || dunning_kpi_fact_rows('old_rows', -1)
        end;

        execute format($sql$
          insert into dunning_kpi_day as d (currency_code, kind, issue_day, end_day, receivables, amount, amount_days_late, late_count, late_days)
          select currency_code, kind, issue_day, end_day, sum(receivables), sum(amount), sum(amount_days_late), sum(late_count), sum(late_days)
            from (%s) c
           group by currency_code, kind, issue_day, end_day
          having sum(receivables) <> 0 or sum(amount) <> 0 or sum(amount_days_late) <> 0 or sum(late_count) <> 0 or sum(late_days) <> 0
           order by currency_code, kind, issue_day, end_day
          on conflict (currency_code, kind, issue_day, end_day) do update
            set receivables = d.receivables + excluded.receivables, amount = d.amount + excluded.amount,
                amount_days_late = d.amount_days_late + excluded.amount_days_late,
                late_count = d.late_count + excluded.late_count, late_days = d.late_days + excluded.late_days
        $sql$, change);
        return null;
      end
      $$;`);

    this.addSql(`
      create or replace function dunning_receivable_truncate_kpi_day() returns trigger language plpgsql as $$
      begin
        truncate dunning_kpi_day;
        return null;
      end
      $$;`);

    for (const sql of statementTriggers("dunning_receivable", "dunning_receivable_kpi_day", "dunning_receivable_sync_kpi_day", "dunning_receivable_truncate_kpi_day")) {
      this.addSql(sql);
    }

    this.addSql(`
      create or replace function dunning_receivable_payment_sync_kpi_day() returns trigger language plpgsql as $$
      declare
        change text;
        rows_of constant text := 'select currency_code, (paid_at at time zone ''UTC'')::date as pay_day,
                                         %2$s * case when kind = ''refund'' then -amount else amount end as net, %2$s as payments
                                    from %1$I where deleted_at is null';
      begin
        if TG_OP = 'UPDATE' then
          if not exists (
               select id, kind, amount, currency_code, paid_at, deleted_at from new_rows
               except
               select id, kind, amount, currency_code, paid_at, deleted_at from old_rows) then
            return null;
          end if;
        end if;
        change := case TG_OP
          when 'INSERT' then format(rows_of, 'new_rows', 1)
          when 'DELETE' then format(rows_of, 'old_rows', -1)
          else format(rows_of, 'new_rows', 1) || ' union all ' || format(rows_of, 'old_rows', -1)
        end;
        execute format($sql$
          insert into dunning_kpi_payment_day as d (currency_code, pay_day, net, payments)
          select currency_code, pay_day, sum(net), sum(payments)
            from (%s) c
           group by currency_code, pay_day
          having sum(net) <> 0 or sum(payments) <> 0
           order by currency_code, pay_day
          on conflict (currency_code, pay_day) do update
            set net = d.net + excluded.net, payments = d.payments + excluded.payments
        $sql$, change);
        return null;
      end
      $$;`);

    this.addSql(`
      create or replace function dunning_receivable_payment_truncate_kpi_day() returns trigger language plpgsql as $$
      begin
        truncate dunning_kpi_payment_day;
        return null;
      end
      $$;`);

    for (const sql of statementTriggers("dunning_receivable_payment", "dunning_receivable_payment_kpi_day", "dunning_receivable_payment_sync_kpi_day", "dunning_receivable_payment_truncate_kpi_day")) {
      this.addSql(sql);
    }

    // the receivables stored before the table existed
    this.addSql(`truncate "dunning_kpi_day", "dunning_kpi_payment_day";`);
    this.addSql(`
      do $$ begin
        execute format($sql$
          insert into dunning_kpi_day (currency_code, kind, issue_day, end_day, receivables, amount, amount_days_late, late_count, late_days)
          select currency_code, kind, issue_day, end_day, sum(receivables), sum(amount), sum(amount_days_late), sum(late_count), sum(late_days)
            from (%s) c
           group by currency_code, kind, issue_day, end_day
        $sql$, dunning_kpi_fact_rows('dunning_receivable', 1));
      end $$;`);
    this.addSql(`insert into "dunning_kpi_payment_day" (currency_code, pay_day, net, payments)
      select currency_code, (paid_at at time zone 'UTC')::date, sum(case when kind = 'refund' then -amount else amount end), count(*)
        from "dunning_receivable_payment"
       where deleted_at is null
       group by 1, 2;`);
  }

  override async down(): Promise<void> {
    for (const event of TRIGGER_EVENTS) {
      this.addSql(`drop trigger if exists "dunning_receivable_payment_kpi_day_${event}" on "dunning_receivable_payment";`);
    }
    this.addSql(`drop function if exists dunning_receivable_payment_truncate_kpi_day();`);
    this.addSql(`drop function if exists dunning_receivable_payment_sync_kpi_day();`);
    for (const event of TRIGGER_EVENTS) {
      this.addSql(`drop trigger if exists "dunning_receivable_kpi_day_${event}" on "dunning_receivable";`);
    }
    this.addSql(`drop function if exists dunning_receivable_truncate_kpi_day();`);
    this.addSql(`drop function if exists dunning_receivable_sync_kpi_day();`);
    this.addSql(`drop function if exists dunning_kpi_fact_rows(text, integer);`);
    this.addSql(`drop index if exists "IDX_dunning_receivable_payment_paid_at";`);
    this.addSql(`drop index if exists "IDX_dunning_receivable_closed_at";`);
    this.addSql(`drop index if exists "IDX_dunning_receivable_paid_at";`);
    this.addSql(`drop index if exists "IDX_dunning_receivable_issued_at";`);
    this.addSql(`drop table if exists "dunning_kpi_payment_day" cascade;`);
    this.addSql(`drop table if exists "dunning_kpi_day" cascade;`);
  }

}
