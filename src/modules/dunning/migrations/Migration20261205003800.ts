import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { AGING_SYNC_FUNCTION } from "../migration-sql/aging-sync";

/**
 * `dunning_aging_customer` also keeps each customer's newest open due day (`-infinity` when nothing is
 * open, `infinity` when an open receivable has no due date yet). A customer whose newest open due day is
 * before today owes all of its balance overdue, so aging ranks it without reading its receivables; only
 * customers with something not yet due have their overdue part summed.
 *
 * The trigger function is restated whole, as `Migration20261204203203` wrote it, with the newest day kept
 * like the oldest: the greatest of the days added, and recomputed from the customer's open receivables,
 * after its row is locked, when the receivable holding it leaves (one pass gives both the oldest and the
 * newest). The balance index carries both days and the count, so the ranking reads the index alone.
 */
export class Migration20261205003800 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_aging_customer" add column if not exists "newest_due_day" date not null default '-infinity';`);

    this.addSql(`drop index if exists "IDX_dunning_aging_customer_balance";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_aging_customer_balance" ON "dunning_aging_customer" ("currency_code", "balance" DESC, "customer_id") INCLUDE ("oldest_due_day", "newest_due_day", "receivables");`);

    this.addSql(`
      create or replace function dunning_receivable_sync_aging() returns trigger language plpgsql as $$
      declare
        change text;
      begin
        -- most updates (the run's schedule, holds, notices) change nothing aging counts: stop before any work
        -- (a nested IF: the transition tables of an UPDATE exist only in an UPDATE trigger)
        if TG_OP = 'UPDATE' then
          -- a set difference, not a join: its plan is cached from the first (one-row) statement and must
          -- stay linear for the run's thousand-row batches
          if not exists (
               select id, status, deleted_at, amount, amount_paid, due_at, currency_code, customer_id from new_rows
               except
               select id, status, deleted_at, amount, amount_paid, due_at, currency_code, customer_id from old_rows) then
            return null;
          end if;
        end if;
        change := case TG_OP
          when 'INSERT' then dunning_aging_open_rows('new_rows', 1)
          when 'DELETE' then dunning_aging_open_rows('old_rows', -1)
          else dunning_aging_open_rows('new_rows', 1) || ' union all ' || dunning_aging_open_rows('old_rows', -1)
        end;

        execute format($sql$
          insert into dunning_aging_day as d (currency_code, due_day, balance, receivables)
          select currency_code, due_day, sum(balance), sum(receivables)
            from (%s) c
           group by currency_code, due_day
          having sum(balance) <> 0 or sum(receivables) <> 0
           order by currency_code, due_day
          on conflict (currency_code, due_day) do update
            set balance = d.balance + excluded.balance, receivables = d.receivables + excluded.receivables
        $sql$, change);

        execute format($sql$
          insert into dunning_aging_customer as a (customer_id, currency_code, balance, receivables, oldest_due_day, newest_due_day)
          select customer_id, currency_code, sum(balance), sum(receivables)::int,
                 coalesce(min(due_day) filter (where receivables > 0), 'infinity'::date),
                 coalesce(max(due_day) filter (where receivables > 0), '-infinity'::date)
            from (select customer_id, currency_code, due_day, sum(balance) as balance, sum(receivables) as receivables
                    from (%s) c
                   group by customer_id, currency_code, due_day
                  having sum(balance) <> 0 or sum(receivables) <> 0) per_day
           group by customer_id, currency_code
           order by customer_id, currency_code
          on conflict (customer_id, currency_code) do update
            set balance = a.balance + excluded.balance, receivables = a.receivables + excluded.receivables,
                oldest_due_day = least(a.oldest_due_day, excluded.oldest_due_day),
                newest_due_day = greatest(a.newest_due_day, excluded.newest_due_day)
        $sql$, change);

        -- a customer's oldest or newest open receivable left: both again, from the open receivables themselves
        -- (their rows are locked by the statement above; this statement's snapshot sees every commit since)
        if TG_OP <> 'INSERT' then
          execute format($sql$
            update dunning_aging_customer a
               set oldest_due_day = coalesce(open_days.oldest, 'infinity'::date),
                   newest_due_day = coalesce(open_days.newest, '-infinity'::date)
              from (select customer_id, currency_code, min(due_day) as removed_oldest, max(due_day) as removed_newest
                      from (select customer_id, currency_code, due_day
                              from (%s) c
                             group by customer_id, currency_code, due_day
                            having sum(receivables) < 0) removed
                     group by customer_id, currency_code) k
              cross join lateral (
                select min(coalesce((r.due_at at time zone 'UTC')::date, 'infinity'::date)) as oldest,
                       max(coalesce((r.due_at at time zone 'UTC')::date, 'infinity'::date)) as newest
                  from dunning_receivable r
                 where r.currency_code = k.currency_code and r.customer_id = k.customer_id
                   and r.status = 'open' and r.deleted_at is null and r.amount > r.amount_paid) open_days
             where a.customer_id = k.customer_id and a.currency_code = k.currency_code
               and (k.removed_oldest <= a.oldest_due_day or k.removed_newest >= a.newest_due_day)
          $sql$, change);
        end if;
        return null;
      end
      $$;`);

    // the customers' newest open due day, from their open receivables
    this.addSql(`update "dunning_aging_customer" a
      set newest_due_day = d.newest
      from (select customer_id, currency_code, max(coalesce((due_at at time zone 'UTC')::date, 'infinity'::date)) as newest
              from "dunning_receivable"
             where status = 'open' and deleted_at is null and amount > amount_paid
             group by 1, 2) d
     where a.customer_id = d.customer_id and a.currency_code = d.currency_code;`);
  }

  override async down(): Promise<void> {
    this.addSql(AGING_SYNC_FUNCTION);
    this.addSql(`drop index if exists "IDX_dunning_aging_customer_balance";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_aging_customer_balance" ON "dunning_aging_customer" ("currency_code", "balance" DESC, "customer_id") INCLUDE ("oldest_due_day");`);
    this.addSql(`alter table if exists "dunning_aging_customer" drop column if exists "newest_due_day";`);
  }

}
