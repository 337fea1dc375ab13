import { utcDate } from "../analytics/periods"
import { callSuggestion, type CallSuggestion } from "../domain/call-suggestion"
import { activeHold } from "../domain/schedule"
import { readCustomerPatterns } from "../services/risk/pattern"
import { runSql, textArray } from "../sql"

/**
 * The lists account reps work from: open follow-ups across customers (the call list) and overdue
 * receivables across customers. Both are single SQL statements over indexed columns, paged in the
 * database, with the customer's name and company joined from Medusa's customer table.
 */

export const CALL_LIST_ORDERS = ["-amount_overdue", "amount_overdue", "age", "-age", "due", "-due", "risk"] as const
export type CallListOrder = (typeof CALL_LIST_ORDERS)[number]

export type CallListInput = {
  now: Date
  /** A user id, or "unassigned" for follow-ups nobody owns yet. */
  assigned_to?: string | null
  customer_id?: string | null
  type?: string[] | null
  /** true: only customers on credit hold; false: only those who are not. */
  credit_hold?: boolean | null
  order?: CallListOrder
  limit: number
  offset: number
}

export type CallListEntry = {
  id: string
  customer_id: string
  type: string
  title: string
  note: string | null
  notice_id: string | null
  receivable_ids: string[] | null
  occurred_at: Date
  follow_up_due_at: Date | null
  assigned_to: string | null
  customer: { name: string | null; company_name: string | null; email: string | null }
  /** The customer's credit hold in force, if any. */
  credit_hold: { id: string; source: string; reason: string; placed_at: Date } | null
  /** What the customer owes past due, per currency, largest first. */
  overdue: Array<{ currency_code: string; amount: number; oldest_days_overdue: number }>
  age_days: number
  /** The customer's risk score and band (null: not scored yet). */
  risk: CustomerRiskBrief | null
  /** Why call now, from the customer's own history (see domain/call-suggestion.ts): a code and its numbers. */
  suggestion: CallSuggestion
}

export type CustomerRiskBrief = { score: number; band: string }

const CALL_LIST_SORT: Record<CallListOrder, string> = {
  // amounts in different currencies are never added: a customer sorts by its largest single-currency debt
  "-amount_overdue": "top_overdue DESC NULLS LAST, f.occurred_at ASC, f.id",
  amount_overdue: "top_overdue ASC NULLS FIRST, f.occurred_at ASC, f.id",
  age: "f.occurred_at ASC, f.id",
  "-age": "f.occurred_at DESC, f.id",
  due: "f.follow_up_due_at ASC NULLS LAST, f.id",
  "-due": "f.follow_up_due_at DESC NULLS LAST, f.id",
  // risk × amount overdue: the riskiest large debts first; a customer not scored yet comes last
  risk: "k.score * pc.top_overdue DESC NULLS LAST, top_overdue DESC NULLS LAST, f.occurred_at ASC, f.id",
}

/** Open follow-ups, by assignee ("unassigned": nobody), customer and type; `followUpParams` binds it. */
const FOLLOW_UP_FILTER = `e.follow_up_status = 'open' AND e.deleted_at IS NULL
          AND (?::text IS NULL OR (?::text = 'unassigned' AND e.assigned_to IS NULL) OR e.assigned_to = ?::text)
          AND (?::text IS NULL OR e.customer_id = ?::text)
          AND (?::text[] IS NULL OR e.type::text = ANY(?::text[]))
          AND (?::boolean IS NULL OR ?::boolean = EXISTS (
                SELECT 1 FROM dunning_credit_hold h
                 WHERE h.customer_id = e.customer_id AND h.released_at IS NULL AND h.deleted_at IS NULL))`

function followUpParams(input: CallListInput): unknown[] {
  const assigned = input.assigned_to ?? null
  const customer = input.customer_id ?? null
  const types = input.type?.length ? textArray(input.type) : null
  const held = input.credit_hold ?? null
  return [assigned, assigned, assigned, customer, customer, types, types, held, held]
}

export async function callList(manager: any, input: CallListInput): Promise<{ entries: CallListEntry[]; count: number }> {
  const rows: any[] = await runSql(
    manager,
    `WITH f AS (
       SELECT e.id, e.customer_id, e.type, e.title, e.note, e.notice_id, e.receivable_ids, e.occurred_at,
              e.follow_up_due_at, e.assigned_to
         FROM dunning_collection_event e
        WHERE ${FOLLOW_UP_FILTER}
     ),
     owed AS (
       SELECT r.customer_id, r.currency_code, SUM(r.amount - r.amount_paid) AS amount,
              MAX(?::date - (r.due_at AT TIME ZONE 'UTC')::date)::int AS oldest_days_overdue
         FROM dunning_receivable r
        WHERE r.status = 'open' AND r.deleted_at IS NULL AND r.due_at < ?::timestamptz
          AND r.customer_id IN (SELECT DISTINCT customer_id FROM f)
        GROUP BY r.customer_id, r.currency_code
       HAVING SUM(r.amount - r.amount_paid) > 0
     ),
     per_customer AS (
       SELECT customer_id, MAX(amount) AS top_overdue,
              jsonb_agg(jsonb_build_object('currency_code', currency_code, 'amount', amount,
                                           'oldest_days_overdue', oldest_days_overdue) ORDER BY amount DESC) AS overdue
         FROM owed GROUP BY customer_id
     )
     SELECT f.*, c.first_name, c.last_name, c.company_name, c.email, pc.top_overdue, k.score AS risk_score, k.band AS risk_band,
            h.id AS hold_id, h.source AS hold_source, h.reason AS hold_reason, h.placed_at AS hold_placed_at,
            COALESCE(pc.overdue, '[]'::jsonb) AS overdue,
            (?::date - (f.occurred_at AT TIME ZONE 'UTC')::date)::int AS age_days,
            COUNT(*) OVER () AS total
       FROM f
       LEFT JOIN customer c ON c.id = f.customer_id
       LEFT JOIN per_customer pc ON pc.customer_id = f.customer_id
       LEFT JOIN dunning_credit_hold h ON h.customer_id = f.customer_id AND h.released_at IS NULL AND h.deleted_at IS NULL
       LEFT JOIN dunning_customer_risk k ON k.customer_id = f.customer_id AND k.deleted_at IS NULL
      ORDER BY ${CALL_LIST_SORT[input.order ?? "-amount_overdue"]}
      LIMIT ? OFFSET ?`,
    [
      ...followUpParams(input),
      utcDate(input.now),
      utcDayStart(input.now),
      utcDate(input.now),
      input.limit,
      input.offset,
    ]
  )
  // "why call now": from each customer's own pattern, read for the page's customers only
  const patterns = await readCustomerPatterns(manager, rows.map((row) => row.customer_id), input.now)
  return {
    count: rows.length ? Number(rows[0].total) : await countCallList(manager, input),
    entries: rows.map((row) => ({
      id: row.id,
      customer_id: row.customer_id,
      type: row.type,
      title: row.title,
      note: row.note,
      notice_id: row.notice_id,
      receivable_ids: row.receivable_ids,
      occurred_at: row.occurred_at,
      follow_up_due_at: row.follow_up_due_at,
      assigned_to: row.assigned_to,
      customer: {
        name: [row.first_name, row.last_name].filter(Boolean).join(" ") || null,
        company_name: row.company_name ?? null,
        email: row.email ?? null,
      },
      credit_hold: row.hold_id ? { id: row.hold_id, source: row.hold_source, reason: row.hold_reason, placed_at: row.hold_placed_at } : null,
      overdue: (row.overdue as any[]).map((o) => ({
        currency_code: o.currency_code,
        amount: Number(o.amount),
        oldest_days_overdue: Number(o.oldest_days_overdue),
      })),
      age_days: Number(row.age_days),
      risk: riskBrief(row),
      suggestion: callSuggestion(
        patterns.get(row.customer_id),
        Math.max(0, ...(row.overdue as any[]).map((o) => Number(o.oldest_days_overdue)))
      ),
    })),
  }
}

/** The total when the requested page is past the end (the window count then has no row to ride on). */
async function countCallList(manager: any, input: CallListInput): Promise<number> {
  if (input.offset === 0) {
    return 0
  }
  const [row] = await runSql(
    manager,
    `SELECT COUNT(*) AS total FROM dunning_collection_event e
      WHERE ${FOLLOW_UP_FILTER}`,
    followUpParams(input)
  )
  return Number(row.total)
}

export const OVERDUE_ORDERS = ["-days_overdue", "days_overdue", "-outstanding", "outstanding", "due_at", "-due_at"] as const
export type OverdueOrder = (typeof OVERDUE_ORDERS)[number]

export type OverdueInput = {
  now: Date
  currency_code?: string | null
  customer_group_id?: string | null
  customer_id?: string | null
  /** Whole days past due, inclusive bounds. */
  min_days_overdue?: number | null
  max_days_overdue?: number | null
  stage?: string | null
  /** true: only held receivables; false: only those being chased (a hold as the run reads it: domain `activeHold`). */
  on_hold?: boolean | null
  /** Only receivables of customers in these risk bands. */
  risk_band?: string[] | null
  order?: OverdueOrder
  limit: number
  offset: number
}

export type OverdueEntry = {
  id: string
  number: string
  customer_id: string
  order_id: string | null
  currency_code: string
  amount: number
  amount_paid: number
  outstanding_amount: number
  issued_at: Date
  due_at: Date
  days_overdue: number
  stage: string | null
  notices_sent: number
  last_notice_at: Date | null
  next_action_at: Date | null
  hold_until: Date | null
  hold_reason: string | null
  on_hold: boolean
  customer: { name: string | null; company_name: string | null; email: string | null }
  /** The customer's risk score and band (null: not scored yet). */
  risk: CustomerRiskBrief | null
}

const OVERDUE_SORT: Record<OverdueOrder, string> = {
  "-days_overdue": "r.due_at ASC, r.id",
  days_overdue: "r.due_at DESC, r.id",
  "-outstanding": "(r.amount - r.amount_paid) DESC, r.id",
  outstanding: "(r.amount - r.amount_paid) ASC, r.id",
  due_at: "r.due_at ASC, r.id",
  "-due_at": "r.due_at DESC, r.id",
}

const DAY_MS = 86_400_000

/** Midnight UTC of the day `at` falls on: a receivable due before it is overdue. */
const utcDayStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))

export async function overdueReceivables(manager: any, input: OverdueInput): Promise<{ receivables: OverdueEntry[]; count: number }> {
  const { filters, params } = overdueFilters(input)
  const rows: any[] = await runSql(
    manager,
    `SELECT r.id, r.number, r.customer_id, r.order_id, r.currency_code, r.amount, r.amount_paid, r.issued_at, r.due_at,
            r.stage, r.notices_sent, r.last_notice_at, r.next_action_at, r.hold_until, r.hold_reason,
            (?::date - (r.due_at AT TIME ZONE 'UTC')::date)::int AS days_overdue,
            c.first_name, c.last_name, c.company_name, c.email, k.score AS risk_score, k.band AS risk_band,
            COUNT(*) OVER () AS total
       FROM dunning_receivable r
       LEFT JOIN customer c ON c.id = r.customer_id
       LEFT JOIN dunning_customer_risk k ON k.customer_id = r.customer_id AND k.deleted_at IS NULL
      WHERE ${filters}
      ORDER BY ${OVERDUE_SORT[input.order ?? "-days_overdue"]}
      LIMIT ? OFFSET ?`,
    [utcDate(input.now), ...params, input.limit, input.offset]
  )
  let count = rows.length ? Number(rows[0].total) : 0
  if (!rows.length && input.offset > 0) {
    const [row] = await runSql(manager, `SELECT COUNT(*) AS total FROM dunning_receivable r WHERE ${filters}`, params)
    count = Number(row.total)
  }
  return { count, receivables: rows.map((row) => overdueEntry(row, input.now)) }
}

/**
 * Whether a receivable is on hold at the moment bound to `?`, by the run's rule (`activeHold`): a hold
 * with an end date lasts until then; one with a reason and no end (a dispute) until it is released.
 */
const HELD_AT = `(CASE WHEN r.hold_until IS NOT NULL THEN r.hold_until > ?::timestamptz
                       ELSE COALESCE(r.hold_reason, '') <> '' END)`

/**
 * The WHERE clause of the overdue list and its parameters. Days overdue are calendar days (UTC) from the
 * due date to today, as in the aging and the KPIs: "at least d days overdue" (d >= 1) is a due date before
 * midnight of the day d - 1 days ago, "at most m days" a due date on or after midnight m days ago.
 */
function overdueFilters(input: OverdueInput): { filters: string; params: unknown[] } {
  const today = utcDayStart(input.now)
  const minDays = Math.max(1, input.min_days_overdue ?? 1)
  const dueBefore = new Date(today.getTime() - (minDays - 1) * DAY_MS)
  const dueAfter = input.max_days_overdue != null ? new Date(today.getTime() - input.max_days_overdue * DAY_MS) : null
  const riskBands = input.risk_band?.length ? textArray(input.risk_band) : null
  const filters = `r.status = 'open' AND r.deleted_at IS NULL AND r.amount > r.amount_paid
        AND r.due_at < ?::timestamptz
        AND (?::timestamptz IS NULL OR r.due_at >= ?::timestamptz)
        AND (?::text IS NULL OR r.currency_code = ?::text)
        AND (?::text IS NULL OR r.customer_id = ?::text)
        AND (?::text IS NULL OR r.stage = ?::text)
        AND (?::boolean IS NULL OR ${HELD_AT} = ?::boolean)
        AND (?::text IS NULL OR EXISTS (
              SELECT 1 FROM customer_group_customer g
               WHERE g.customer_id = r.customer_id AND g.customer_group_id = ?::text AND g.deleted_at IS NULL))
        AND (?::text[] IS NULL OR EXISTS (
              SELECT 1 FROM dunning_customer_risk rk
               WHERE rk.customer_id = r.customer_id AND rk.deleted_at IS NULL AND rk.band = ANY(?::text[])))`
  const params = [
    dueBefore,
    dueAfter,
    dueAfter,
    input.currency_code ?? null,
    input.currency_code ?? null,
    input.customer_id ?? null,
    input.customer_id ?? null,
    input.stage ?? null,
    input.stage ?? null,
    input.on_hold ?? null,
    input.now,
    input.on_hold ?? null,
    input.customer_group_id ?? null,
    input.customer_group_id ?? null,
    riskBands,
    riskBands,
  ]
  return { filters, params }
}

/** One row of the overdue list as the admin reads it. */
function overdueEntry(row: any, now: Date): OverdueEntry {
  const amount = Number(row.amount)
  const paid = Number(row.amount_paid)
  const holdUntil: Date | null = row.hold_until
  return {
    id: row.id,
    number: row.number,
    customer_id: row.customer_id,
    order_id: row.order_id,
    currency_code: row.currency_code,
    amount,
    amount_paid: paid,
    outstanding_amount: Number((amount - paid).toFixed(4)),
    issued_at: row.issued_at,
    due_at: row.due_at,
    days_overdue: Number(row.days_overdue),
    stage: row.stage,
    notices_sent: Number(row.notices_sent),
    last_notice_at: row.last_notice_at,
    next_action_at: row.next_action_at,
    hold_until: holdUntil,
    hold_reason: row.hold_reason,
    on_hold: activeHold({ hold_until: holdUntil ? new Date(holdUntil) : null, hold_reason: row.hold_reason }, now),
    customer: {
      name: [row.first_name, row.last_name].filter(Boolean).join(" ") || null,
      company_name: row.company_name ?? null,
      email: row.email ?? null,
    },
    risk: riskBrief(row),
  }
}

const riskBrief = (row: { risk_score: number | null; risk_band: string | null }): CustomerRiskBrief | null =>
  row.risk_band ? { score: Number(row.risk_score), band: row.risk_band } : null
