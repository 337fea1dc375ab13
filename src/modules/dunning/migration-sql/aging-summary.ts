/**
 * `dunning_aging_summary(today, thresholds, top, currency)`: aging over the open balances the database
 * keeps per (currency, due day) and per (customer, currency) (`dunning_aging_day`, `dunning_aging_customer`,
 * kept by the triggers on the receivables), so that its cost follows the number of due days and of the
 * customers ranked, not of open invoices. Rows have the shape of `AgingRow` (analytics/aging.ts): one per
 * currency and bucket, then the `top` customers of each currency with the largest overdue balance.
 * `currency` (lower case) limits both to one currency; null reads them all.
 *
 * Buckets: each due day's balance lands in its bucket from `today` (`width_bucket` over `thresholds`: a
 * balance `d` days overdue falls in bucket `i` = how many thresholds are <= d) at query time, so as days
 * pass a day's rows move bucket by themselves and nothing needs refreshing overnight. 'infinity' is the
 * day of the receivables whose terms wait for shipment or delivery: current.
 *
 * Top customers, exact at any moment: a customer's overdue part (its open receivables due before today)
 * is never more than its open balance. The customers with something overdue are read in largest-balance-
 * first order (index `IDX_dunning_aging_customer_balance`, read alone), and the `top` largest overdue
 * parts seen so far are kept; once a customer's whole balance is below the smallest of those, no customer
 * after it can enter the list, and the reading stops. A customer whose newest open due day is before
 * today owes its whole balance overdue and is ranked from its summary row; any other has its overdue part
 * summed from its own open receivables due before today (the receivables' aging index). An invoice that
 * crosses its due date overnight changes only that sum, which is always taken at `today`. Ties rank by
 * customer id, as the scan over the receivables does.
 *
 * The function is one round trip with its own settings (JIT off: the planner's estimates for these
 * lookups are high enough to compile them, which takes longer than running them; no memoize; work memory
 * for the buckets), and STABLE: every statement in it reads the caller's snapshot, so the buckets and the
 * list agree, and it cannot write. Its statements keep one generic plan per connection: the values only
 * change estimates, the plans are index lookups whatever they are, and planning was a third of the time.
 */
export const AGING_SUMMARY_FUNCTION = `
create or replace function dunning_aging_summary(p_today date, p_thresholds int[], p_top int, p_currency text)
returns table (kind text, currency_code text, bucket int, customer_id text, amount text, count int, oldest int, rank bigint)
language plpgsql stable
set jit = off set enable_memoize = off set work_mem = '32MB' set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  today_start timestamptz := p_today::timestamp at time zone 'UTC';
  code text;
  c record;
  overdue numeric;
  overdue_count int;
  -- the largest overdue parts seen so far in the currency, at most p_top of them, in no order
  ids text[];
  amounts numeric[];
  counts int[];
  oldest_days int[];
  -- the smallest kept part (null until p_top are kept), ties broken by the largest id, and its position
  floor_amount numeric;
  worst int;
begin
  return query
    select 'bucket'::text, d.currency_code,
           width_bucket(case when d.due_day = 'infinity' then 0 else p_today - d.due_day end, p_thresholds),
           null::text, sum(d.balance)::text, sum(d.receivables)::int, null::int, 0::bigint
      from dunning_aging_day d
     where d.receivables > 0 and (p_currency is null or d.currency_code = p_currency)
     group by 2, 3;

  if p_top <= 0 then
    return;
  end if;

  for code in
    select distinct d.currency_code from dunning_aging_day d
     where d.receivables > 0 and d.due_day < p_today and (p_currency is null or d.currency_code = p_currency)
  loop
    ids := '{}'; amounts := '{}'; counts := '{}'; oldest_days := '{}'; floor_amount := null;
    for c in
      select a.customer_id, a.balance, a.receivables, a.oldest_due_day, a.newest_due_day
        from dunning_aging_customer a
       where a.currency_code = code and a.receivables > 0 and a.oldest_due_day < p_today
       order by a.balance desc, a.customer_id
    loop
      exit when floor_amount is not null and c.balance < floor_amount;
      if c.newest_due_day < p_today then
        overdue := c.balance;
        overdue_count := c.receivables;
      else
        select coalesce(sum(r.amount - r.amount_paid), 0), count(*)::int into overdue, overdue_count
          from dunning_receivable r
         where r.currency_code = code and r.customer_id = c.customer_id
           and r.status = 'open' and r.deleted_at is null and r.amount > r.amount_paid and r.due_at < today_start;
      end if;
      continue when overdue_count = 0;

      if cardinality(ids) < p_top then
        ids := ids || c.customer_id;
        amounts := amounts || overdue;
        counts := counts || overdue_count;
        oldest_days := oldest_days || (p_today - c.oldest_due_day);
      elsif overdue > floor_amount or (overdue = floor_amount and c.customer_id < ids[worst]) then
        ids[worst] := c.customer_id;
        amounts[worst] := overdue;
        counts[worst] := overdue_count;
        oldest_days[worst] := p_today - c.oldest_due_day;
      else
        continue;
      end if;

      if cardinality(ids) = p_top then
        worst := 1;
        for i in 2 .. p_top loop
          if amounts[i] < amounts[worst] or (amounts[i] = amounts[worst] and ids[i] > ids[worst]) then
            worst := i;
          end if;
        end loop;
        floor_amount := amounts[worst];
      end if;
    end loop;

    return query
      select 'customer'::text, code, null::int, t.id, t.amount::text, t.n_receivables, t.oldest_days,
             row_number() over (order by t.amount desc, t.id)
        from unnest(ids, amounts, counts, oldest_days) as t(id, amount, n_receivables, oldest_days);
  end loop;
end
$$;`

export const DROP_AGING_SUMMARY_FUNCTION = `drop function if exists dunning_aging_summary(date, int[], int, text);`
