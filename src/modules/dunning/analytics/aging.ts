import { decimalAdd } from "../domain/decimal"
import { summaryAgingSql } from "./aging-summary"
import { utcDate } from "./periods"
import { num, runNamed, scopeSql } from "./sql"
import type { Aging, AgingBucket, AgingCurrency, AgingGroup, AgingInput } from "./types"

/**
 * Accounts-receivable aging: the open balance of every currency split by days overdue, and the
 * customers who owe the most overdue money. Days overdue are UTC calendar days after the due date, so
 * an invoice due on the 16th is current all day on the 16th and 1 day overdue on the 17th. An invoice
 * whose terms wait for the order's shipment or delivery has no due date yet and is current.
 */
export const DEFAULT_BUCKET_BOUNDS = [30, 60, 90, 120]

export type BucketDefinition = Omit<AgingBucket, "amount" | "count">

export function agingBuckets(bounds: number[]): BucketDefinition[] {
  const buckets: BucketDefinition[] = [
    { key: "current", label: "Current (not yet overdue)", min_days: 0, max_days: 0 },
  ]
  let min = 1
  for (const bound of bounds) {
    buckets.push({ key: `${min}-${bound}`, label: `${min}–${bound} days overdue`, min_days: min, max_days: bound })
    min = bound + 1
  }
  const last = bounds[bounds.length - 1] ?? 0
  buckets.push({ key: `${last}+`, label: `More than ${last} days overdue`, min_days: last + 1, max_days: null })
  return buckets
}

/**
 * The thresholds of `width_bucket`: a receivable `d` days overdue falls in bucket `i` = how many of them
 * are <= d (0 = current).
 */
export function bucketThresholds(bounds: number[]): number[] {
  return [1, ...bounds.map((b) => b + 1)]
}

export type AgingRow = {
  kind: "bucket" | "customer" | "group"
  currency_code: string
  bucket: number | null
  customer_id: string | null
  amount: string
  count: number
  oldest: number | null
}

type CurrencyTally = AgingCurrency & { total: string; overdue: string }

/** Balances per currency, filled bucket by bucket. */
function currencyTallies(definitions: BucketDefinition[]) {
  const byCurrency = new Map<string, CurrencyTally>()
  return {
    of(code: string): CurrencyTally {
      let entry = byCurrency.get(code)
      if (!entry) {
        entry = {
          currency_code: code,
          total_outstanding: 0,
          overdue_amount: 0,
          open_count: 0,
          buckets: definitions.map((d) => ({ ...d, amount: 0, count: 0 })),
          top_customers: [],
          total: "0",
          overdue: "0",
        }
        byCurrency.set(code, entry)
      }
      return entry
    },
    add(row: AgingRow) {
      const entry = this.of(row.currency_code)
      const bucket = entry.buckets[row.bucket ?? 0]
      bucket.amount = num(row.amount)
      bucket.count = Number(row.count)
      entry.total = decimalAdd(entry.total, row.amount)
      entry.open_count += Number(row.count)
      if ((row.bucket ?? 0) > 0) {
        entry.overdue = decimalAdd(entry.overdue, row.amount)
      }
    },
    result(): AgingCurrency[] {
      return [...byCurrency.values()]
        .sort((a, b) => a.currency_code.localeCompare(b.currency_code))
        .map(({ total, overdue, ...entry }) => ({ ...entry, total_outstanding: num(total), overdue_amount: num(overdue) }))
    },
  }
}

export function agingFromRows(rows: AgingRow[], input: Pick<AgingInput, "now" | "bucket_bounds" | "by_group">): Aging {
  const definitions = agingBuckets(input.bucket_bounds)
  const all = currencyTallies(definitions)
  const groups = new Map<string | null, ReturnType<typeof currencyTallies>>()
  for (const row of rows) {
    if (row.kind === "bucket") {
      all.add(row)
    } else if (row.kind === "group") {
      // group rows carry the group in the customer column (null: customers in no group)
      const key = row.customer_id ?? null
      if (!groups.has(key)) {
        groups.set(key, currencyTallies(definitions))
      }
      groups.get(key)!.add(row)
    } else {
      all.of(row.currency_code).top_customers.push({
        customer_id: row.customer_id!,
        overdue_amount: num(row.amount),
        oldest_days_overdue: Number(row.oldest),
        receivable_count: Number(row.count),
      })
    }
  }
  const aging: Aging = { as_of: input.now, bucket_bounds: [...input.bucket_bounds], currencies: all.result() }
  if (input.by_group) {
    // amounts in different currencies do not add up: the groups with the most open receivables come
    // first, the customers in no group last
    const outstanding = (g: AgingGroup) => g.currencies.reduce((sum, c) => sum + c.open_count, 0)
    aging.groups = [...groups.entries()]
      .map(([customer_group_id, tally]): AgingGroup => ({
        customer_group_id,
        currencies: tally.result().map(({ top_customers: _top, ...c }) => c),
      }))
      .sort(
        (a, b) =>
          Number(a.customer_group_id === null) - Number(b.customer_group_id === null) ||
          outstanding(b) - outstanding(a) ||
          String(a.customer_group_id).localeCompare(String(b.customer_group_id))
      )
  }
  return aging
}

/** The balances per customer group, from the open receivables joined to group membership. */
function groupAgingSql(scope: string): string {
  return `
     UNION ALL
     SELECT 'group', currency_code, bucket, customer_group_id, sum(outstanding)::text, count(*)::int, NULL::int, 0
       FROM (SELECT r.currency_code, r.amount - r.amount_paid AS outstanding, g.customer_group_id,
                    width_bucket(coalesce(:today::date - (r.due_at AT TIME ZONE 'UTC')::date, 0), :thresholds::int[]) AS bucket
               FROM dunning_receivable r
               LEFT JOIN customer_group_customer g ON g.customer_id = r.customer_id AND g.deleted_at IS NULL
              WHERE r.status = 'open' AND r.deleted_at IS NULL AND r.amount > r.amount_paid${scope}
             OFFSET 0) gb
      GROUP BY customer_group_id, currency_code, bucket`
}

function agingBindings(input: AgingInput): Record<string, unknown> {
  return {
    today: utcDate(input.now),
    thresholds: `{${bucketThresholds(input.bucket_bounds).join(",")}}`,
    top: input.top,
  }
}

/**
 * Aging rows. Over all customers (or one currency), from the balances the database keeps per due day and
 * per customer (`aging-summary.ts`); for one customer or a group's members, from their own receivables.
 */
export async function agingRows(manager: any, input: AgingInput): Promise<AgingRow[]> {
  if (input.customer_id || input.customer_ids) {
    return scanAgingRows(manager, input)
  }
  const bindings = agingBindings(input)
  const groups = input.by_group ? groupAgingSql(scopeSql("r", input, bindings)) : ""
  return runNamed<AgingRow>(manager, summaryAgingSql(input, bindings, groups), bindings, { ownSettings: !groups })
}

/**
 * The same rows from one statement over the open receivables, read from their aging index alone: the
 * balance per currency and bucket (hashed: `OFFSET 0` keeps the bucket opaque to the planner, which would
 * otherwise expect one group per row and sort), and the customers with the largest overdue balance per
 * currency, grouped in index order (only the `top` of each currency leave the database).
 */
export async function scanAgingRows(manager: any, input: AgingInput): Promise<AgingRow[]> {
  const bindings = agingBindings(input)
  const scope = scopeSql("r", input, bindings)
  return runNamed<AgingRow>(
    manager,
    `WITH open_receivable AS NOT MATERIALIZED (
       SELECT r.currency_code, r.customer_id, r.amount - r.amount_paid AS outstanding,
              -- an invoice waiting for its terms to start (no due date) is not overdue: current
              coalesce(:today::date - (r.due_at AT TIME ZONE 'UTC')::date, 0) AS days_overdue
         FROM dunning_receivable r
        WHERE r.status = 'open' AND r.deleted_at IS NULL AND r.amount > r.amount_paid${scope}
     )
     SELECT 'bucket' AS kind, currency_code, bucket, NULL AS customer_id, sum(outstanding)::text AS amount,
            count(*)::int AS count, NULL::int AS oldest, 0 AS rank
       FROM (SELECT o.currency_code, o.outstanding, width_bucket(o.days_overdue, :thresholds::int[]) AS bucket
               FROM open_receivable o
             OFFSET 0) b
      GROUP BY currency_code, bucket
     UNION ALL
     SELECT 'customer', currency_code, NULL, customer_id, amount::text, count, oldest, rank
       FROM (SELECT currency_code, customer_id, sum(outstanding) AS amount, count(*)::int AS count,
                    max(days_overdue) AS oldest,
                    row_number() OVER (PARTITION BY currency_code ORDER BY sum(outstanding) DESC, customer_id) AS rank
               FROM open_receivable
              WHERE days_overdue > 0
              GROUP BY currency_code, customer_id) ranked
      WHERE rank <= :top${input.by_group ? groupAgingSql(scope) : ""}
      ORDER BY kind, currency_code, bucket, rank`,
    bindings
  )
}

export async function computeAging(manager: any, input: AgingInput): Promise<Aging> {
  return agingFromRows(await agingRows(manager, input), input)
}
