/**
 * The function the aging triggers run, as `Migration20261204203203` defines it; `Migration20261205003800`
 * replaces it and puts it back when undone. (Kept outside the migrations folder: a migration file exports
 * its migration only.)
 */
export const AGING_SYNC_FUNCTION = `
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
          insert into dunning_aging_customer as a (customer_id, currency_code, balance, receivables, oldest_due_day)
          select customer_id, currency_code, sum(balance), sum(receivables)::int,
                 coalesce(min(due_day) filter (where receivables > 0), 'infinity'::date)
            from (select customer_id, currency_code, due_day, sum(balance) as balance, sum(receivables) as receivables
                    from (%s) c
                   group by customer_id, currency_code, due_day
                  having sum(balance) <> 0 or sum(receivables) <> 0) per_day
           group by customer_id, currency_code
           order by customer_id, currency_code
          on conflict (customer_id, currency_code) do update
            set balance = a.balance + excluded.balance, receivables = a.receivables + excluded.receivables,
                oldest_due_day = least(a.oldest_due_day, excluded.oldest_due_day)
        $sql$, change);

        -- a customer's oldest open receivable left: its next oldest, from the open receivables themselves
        -- (their rows are locked by the statement above; this statement's snapshot sees every commit since)
        if TG_OP <> 'INSERT' then
          execute format($sql$
            update dunning_aging_customer a
               set oldest_due_day = coalesce((
                     select min(coalesce((r.due_at at time zone 'UTC')::date, 'infinity'::date))
                       from dunning_receivable r
                      where r.currency_code = a.currency_code and r.customer_id = a.customer_id
                        and r.status = 'open' and r.deleted_at is null and r.amount > r.amount_paid), 'infinity'::date)
              from (select customer_id, currency_code, min(due_day) as removed_oldest
                      from (select customer_id, currency_code, due_day
                              from (%s) c
                             group by customer_id, currency_code, due_day
                            having sum(receivables) < 0) removed
                     group by customer_id, currency_code) k
             where a.customer_id = k.customer_id and a.currency_code = k.currency_code
               and k.removed_oldest <= a.oldest_due_day
          $sql$, change);
        end if;
        return null;
      end
      $$;`;
