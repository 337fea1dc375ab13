import { runSql, textArray } from "../../sql"
import {
  AFTER_POSITION,
  DUE_RECEIVABLES,
  IN_LANE,
  LOCK_CUSTOMER_RECEIVABLES,
  NOT_THESE_CUSTOMERS,
  OPEN_RECEIVABLES_OF_CUSTOMERS,
  READ_CUSTOMER_RECEIVABLES,
  RECENT_CONTACTS,
  TAKE_CUSTOMERS,
} from "./sql"
import type { StoredReceivable } from "./stored-receivable"
import type { ProcessBatchInput } from "./types"

/**
 * What a batch reads, and what it locks, before it decides: the due rows, the customers they belong to,
 * those customers' receivables and their recent notices. Nothing here waits on a lock held elsewhere, so
 * two workers running batches at once can never deadlock: what is busy is left for later.
 */
export type DueRow = { id: string; customer_id: string; next_action_at: Date }

/**
 * Step 1, the due rows: up to `limit` receivables whose next action has come, oldest first (or every open
 * receivable of the customers a reminder on request is for). They are read without locks: the customer's
 * advisory lock taken next is what gives one run a customer, and a fresh read under it decides, so a row
 * read just before another run handled it is simply found not due any more.
 */
export async function readDueRows(manager: unknown, input: ProcessBatchInput): Promise<DueRow[]> {
  if (input.customer_ids) {
    return await runSql(manager, OPEN_RECEIVABLES_OF_CUSTOMERS, [textArray(input.customer_ids)])
  }
  const params: unknown[] = [input.now]
  let extra = ""
  if (input.exclude_customer_ids?.length) {
    extra += NOT_THESE_CUSTOMERS
    params.push(textArray(input.exclude_customer_ids))
  }
  if (input.lane && input.lane.count > 1) {
    extra += IN_LANE
    params.push(input.lane.count, input.lane.index)
  }
  if (input.after) {
    extra += AFTER_POSITION
    params.push(input.after.next_action_at, input.after.id)
  }
  params.push(input.limit)
  return await runSql(manager, DUE_RECEIVABLES(extra), params)
}

/**
 * Step 2, take the customers: a non-blocking advisory lock on each, for the batch's transaction. A
 * customer another run holds is busy: left for later, untouched.
 */
export async function takeCustomers(manager: unknown, customerIds: string[]): Promise<{ taken: string[]; busy: string[] }> {
  const rows: Array<{ c: string }> = await runSql(manager, TAKE_CUSTOMERS, [textArray(customerIds)])
  const taken = new Set(rows.map((t) => t.c))
  return { taken: customerIds.filter((c) => taken.has(c)), busy: customerIds.filter((c) => !taken.has(c)) }
}

/**
 * Step 3, load the customers' receivables a decision can involve (those whose next action has come and
 * the overdue ones; all of them for a reminder on request), locked without waiting. A customer one of whose
 * rows is locked elsewhere (a payment being booked) would be seen incompletely: it is busy, and its rows
 * are dropped. A preview locks nothing.
 */
export async function loadReceivables(
  manager: unknown,
  input: ProcessBatchInput,
  customerIds: string[]
): Promise<{ rows: StoredReceivable[]; busy: Set<string> }> {
  const dueOrOverdue = !input.customer_ids
  const params = [textArray(customerIds), ...(dueOrOverdue ? [input.now, input.now] : [])]
  if (input.dry_run) {
    return { rows: await runSql(manager, READ_CUSTOMER_RECEIVABLES(dueOrOverdue), params), busy: new Set() }
  }
  const rows: Array<StoredReceivable & { wanted: number }> = await runSql(manager, LOCK_CUSTOMER_RECEIVABLES(dueOrOverdue), params)
  const locked = new Map<string, number>()
  rows.forEach((r) => locked.set(r.customer_id, (locked.get(r.customer_id) ?? 0) + 1))
  const busy = new Set(rows.filter((r) => locked.get(r.customer_id) !== r.wanted).map((r) => r.customer_id))
  return { rows: busy.size ? rows.filter((r) => !busy.has(r.customer_id)) : rows, busy }
}

/** When each customer's notices of the last 30 days were scheduled (the contact cap counts them). */
export async function recentContactsOf(manager: unknown, customerIds: string[], now: Date): Promise<Map<string, Date[]>> {
  const rows: Array<{ customer_id: string; scheduled_for: Date }> = await runSql(manager, RECENT_CONTACTS, [
    textArray(customerIds),
    new Date(now.getTime() - 30 * 86_400_000),
  ])
  const contactsOf = new Map<string, Date[]>()
  for (const c of rows) {
    const list = contactsOf.get(c.customer_id) ?? []
    list.push(new Date(c.scheduled_for))
    contactsOf.set(c.customer_id, list)
  }
  return contactsOf
}

/** The loaded receivables by customer, in the order they were read. */
export function byCustomer(rows: StoredReceivable[]): Map<string, StoredReceivable[]> {
  const grouped = new Map<string, StoredReceivable[]>()
  for (const row of rows) {
    const list = grouped.get(row.customer_id) ?? []
    list.push(row)
    grouped.set(row.customer_id, list)
  }
  return grouped
}
