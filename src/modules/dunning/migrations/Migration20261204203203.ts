import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { AGING_SYNC_FUNCTION } from "../migration-sql/aging-sync";

/**
 * The open balances that aging reads, kept by the database in step with `dunning_receivable` whatever
 * writes it (the ledger, revisions, imports, the module's generated methods, soft deletes, raw SQL):
 * - `dunning_aging_day`: per currency and UTC due day, the open balance (amount − amount_paid) and how
 *   many receivables make it up. A receivable with no due date yet (terms waiting for shipment or
 *   delivery) is kept under the day `infinity` and is current. Aging's buckets are computed from these
 *   rows at query time, so a day's balance moves bucket by itself as days pass.
 * - `dunning_aging_customer`: per customer and currency, the open balance, the open receivables and the
 *   oldest open due day (`infinity` when none has a due date). Its index in largest-balance-first order
 *   bounds each customer's overdue part (never more than the balance), which lets aging rank customers by
 *   the overdue part exactly while summing it for a few of them only (see analytics/aging-summary.ts).
 * A receivable is open when `status = 'open'`, not deleted and `amount > amount_paid` (what aging has
 * always counted). Rows whose balance falls to zero are kept at zero, so a key is never deleted and
 * re-inserted under concurrent writers; both tables stay bounded (days × currencies, customers ×
 * currencies).
 *
 * Statement-level triggers read the statement's old and new rows (transition tables), net them per key
 * and add the differences with INSERT ... ON CONFLICT DO UPDATE: two transactions changing receivables of
 * the same day or customer both add their difference, never overwrite each other's. Each statement takes
 * the summary rows' locks in key order (days, then customers), so single-statement writers cannot
 * deadlock on them (transactions of several statements touching the same keys in another order can, as
 * with any rows; PostgreSQL then cancels one). An update that changes none of the counted columns (the
 * run's dunning state) stops at a set difference of the two transition tables and writes nothing. The
 * oldest due day moves later by recomputing it from the customer's open receivables when its oldest one
 * leaves, after that customer's row is locked, so the recomputation sees every committed change (READ
 * COMMITTED). TRUNCATE empties both tables.
 *
 * Existing receivables are summed into the tables once here.
 */
export class Migration20261204203203 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dunning_aging_day" ("currency_code" text not null, "due_day" date not null, "balance" numeric not null default 0, "receivables" integer not null default 0, constraint "dunning_aging_day_pkey" primary key ("currency_code", "due_day"));`);

    this.addSql(`create table if not exists "dunning_aging_customer" ("customer_id" text not null, "currency_code" text not null, "balance" numeric not null default 0, "receivables" integer not null default 0, "oldest_due_day" date not null default 'infinity', constraint "dunning_aging_customer_pkey" primary key ("customer_id", "currency_code"));`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_aging_customer_balance" ON "dunning_aging_customer" ("currency_code", "balance" DESC, "customer_id") INCLUDE ("oldest_due_day");`);

    // the open part of receivables, as a query over a transition table (`%1$s`): one row per open receivable
    this.addSql(`
      create or replace function dunning_aging_open_rows(transition text, sign integer) returns text
      language sql immutable as $$
        select format(
          'select r.currency_code, r.customer_id, coalesce((r.due_at at time zone ''UTC'')::date, ''infinity''::date) as due_day,
                  %2$s * (r.amount - r.amount_paid) as balance, %2$s as receivables
             from %1$I r
            where r.status = ''open'' and r.deleted_at is null and r.amount > r.amount_paid', transition, sign)
      $$;`);

    this.addSql(AGING_SYNC_FUNCTION);

    this.addSql(`
      create or replace function dunning_receivable_truncate_aging() returns trigger language plpgsql as $$
      begin
        truncate dunning_aging_day, dunning_aging_customer;
        return null;
      end
      $$;`);

    this.addSql(`drop trigger if exists "dunning_receivable_aging_insert" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_aging_insert" after insert on "dunning_receivable"
      referencing new table as new_rows for each statement execute function dunning_receivable_sync_aging();`);

    this.addSql(`drop trigger if exists "dunning_receivable_aging_update" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_aging_update" after update on "dunning_receivable"
      referencing old table as old_rows new table as new_rows for each statement execute function dunning_receivable_sync_aging();`);

    this.addSql(`drop trigger if exists "dunning_receivable_aging_delete" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_aging_delete" after delete on "dunning_receivable"
      referencing old table as old_rows for each statement execute function dunning_receivable_sync_aging();`);

    this.addSql(`drop trigger if exists "dunning_receivable_aging_truncate" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_aging_truncate" after truncate on "dunning_receivable"
      for each statement execute function dunning_receivable_truncate_aging();`);

    // the receivables stored before these tables existed
    this.addSql(`truncate "dunning_aging_day", "dunning_aging_customer";`);
    this.addSql(`insert into "dunning_aging_day" (currency_code, due_day, balance, receivables)
      select currency_code, coalesce((due_at at time zone 'UTC')::date, 'infinity'::date), sum(amount - amount_paid), count(*)
        from "dunning_receivable"
       where status = 'open' and deleted_at is null and amount > amount_paid
       group by 1, 2;`);
    this.addSql(`insert into "dunning_aging_customer" (customer_id, currency_code, balance, receivables, oldest_due_day)
      select customer_id, currency_code, sum(amount - amount_paid), count(*),
             min(coalesce((due_at at time zone 'UTC')::date, 'infinity'::date))
        from "dunning_receivable"
       where status = 'open' and deleted_at is null and amount > amount_paid
       group by 1, 2;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "dunning_receivable_aging_truncate" on "dunning_receivable";`);
    this.addSql(`drop trigger if exists "dunning_receivable_aging_delete" on "dunning_receivable";`);
    this.addSql(`drop trigger if exists "dunning_receivable_aging_update" on "dunning_receivable";`);
    this.addSql(`drop trigger if exists "dunning_receivable_aging_insert" on "dunning_receivable";`);
    this.addSql(`drop function if exists dunning_receivable_truncate_aging();`);
    this.addSql(`drop function if exists dunning_receivable_sync_aging();`);
    this.addSql(`drop function if exists dunning_aging_open_rows(text, integer);`);
    this.addSql(`drop table if exists "dunning_aging_customer" cascade;`);
    this.addSql(`drop table if exists "dunning_aging_day" cascade;`);
  }

}
