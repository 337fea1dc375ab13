import type { Context } from "@medusajs/framework/types"
import { collectionEventTitle } from "../../domain/receivable-rules"
import type DunningModuleService from "../../service"

/**
 * Writes credit holds and their lines in the customer's history through the module's own CRUD, inside the
 * caller's transaction, and keeps what a compensation needs to put everything back (`CreditHoldSnapshot`).
 */
export type CreditHoldRecords = Pick<
  DunningModuleService,
  | "listCreditHolds"
  | "createCreditHolds"
  | "updateCreditHolds"
  | "deleteCreditHolds"
  | "listCollectionEvents"
  | "createCollectionEvents"
  | "updateCollectionEvents"
  | "deleteCollectionEvents"
>

/** What `undoCreditHoldChanges` needs to undo a change of credit holds. */
export type CreditHoldSnapshot = {
  created_hold_ids: string[]
  previous_holds: Record<string, unknown>[]
  created_event_ids: string[]
  previous_events: Record<string, unknown>[]
}

export type CreditHoldChange = {
  customer_id: string
  hold_id: string
  change: "placed" | "lifted" | "refreshed" | "waiver_ended" | "released"
  /** The line written into the customer's history, if any. */
  event_id: string | null
}

/** The fields of a hold a change may touch: a compensation puts them back. */
const HOLD_FIELDS = [
  "source",
  "reason",
  "policy_id",
  "basis",
  "amounts_to_lift",
  "receivable_ids",
  "evaluated_at",
  "released_at",
  "released_by",
  "release_reason",
  "waiver_active",
  "waived_until",
] as const

const EVENT_FIELDS = ["follow_up_status", "follow_up_done_at", "follow_up_done_by"] as const

const pick = (row: Record<string, any>, fields: readonly string[]) =>
  Object.fromEntries([["id", row.id], ...fields.map((f) => [f, row[f] ?? null])])

/** The key of the line a hold's placement writes: closing its follow-up finds it again by this. */
export const placedEventKey = (holdId: string) => `credit-hold:${holdId}:placed`

export class CreditHoldWriter {
  readonly snapshot: CreditHoldSnapshot = { created_hold_ids: [], previous_holds: [], created_event_ids: [], previous_events: [] }
  readonly changes: CreditHoldChange[] = []

  constructor(
    private readonly records: CreditHoldRecords,
    private readonly sharedContext: Context
  ) {}

  async createHold(row: Record<string, unknown>): Promise<any> {
    const created: any = await this.records.createCreditHolds(row as any, this.sharedContext)
    this.snapshot.created_hold_ids.push(created.id)
    return created
  }

  async updateHold(current: Record<string, any>, changes: Record<string, unknown>): Promise<void> {
    this.snapshot.previous_holds.push(pick(current, HOLD_FIELDS))
    await this.records.updateCreditHolds({ id: current.id, ...changes } as any, this.sharedContext)
  }

  /** Writes a line of the customer's history about a hold; returns its id. */
  async recordEvent(event: {
    customer_id: string
    type: "credit_hold_placed" | "credit_hold_released" | "credit_hold_overridden" | "order_on_credit_hold"
    title?: string
    note: string
    now: Date
    receivable_ids?: string[]
    author?: { type: "user" | "system"; id: string | null }
    follow_up?: { assigned_to: string | null } | null
    idempotency_key?: string | null
    metadata?: Record<string, unknown>
  }): Promise<string> {
    const created: any = await this.records.createCollectionEvents(
      {
        customer_id: event.customer_id,
        type: event.type,
        title: event.title ?? collectionEventTitle(event.type),
        note: event.note,
        receivable_ids: event.receivable_ids ?? [],
        author_type: event.author?.type ?? "system",
        author_id: event.author?.id ?? null,
        occurred_at: event.now,
        follow_up_status: event.follow_up ? "open" : null,
        assigned_to: event.follow_up?.assigned_to ?? null,
        follow_up_due_at: event.follow_up ? event.now : null,
        idempotency_key: event.idempotency_key ?? null,
        metadata: event.metadata ?? null,
      } as any,
      this.sharedContext
    )
    this.snapshot.created_event_ids.push(created.id)
    return created.id
  }

  /** The open follow-up a hold's placement left for the rep is done once the hold ends. */
  async closePlacementFollowUp(holdId: string, now: Date, by: string | null): Promise<void> {
    const open = await this.records.listCollectionEvents(
      { idempotency_key: placedEventKey(holdId), follow_up_status: "open" },
      { take: 1 },
      this.sharedContext
    )
    for (const event of open as any[]) {
      this.snapshot.previous_events.push(pick(event, EVENT_FIELDS))
      await this.records.updateCollectionEvents(
        { id: event.id, follow_up_status: "done", follow_up_done_at: now, follow_up_done_by: by } as any,
        this.sharedContext
      )
    }
  }

  note(change: CreditHoldChange): void {
    this.changes.push(change)
  }
}

/** Puts holds and history back as they were before the changes a snapshot describes. */
export async function restoreFromSnapshot(records: CreditHoldRecords, snapshot: CreditHoldSnapshot, sharedContext: Context): Promise<void> {
  if (snapshot.created_event_ids.length) {
    await records.deleteCollectionEvents(snapshot.created_event_ids, sharedContext)
  }
  // a new hold goes first, so that the one it replaced can be in force again under the unique index
  if (snapshot.created_hold_ids.length) {
    await records.deleteCreditHolds(snapshot.created_hold_ids, sharedContext)
  }
  // restored in reverse, so that a row changed twice ends as it was before the first change
  for (const previous of [...snapshot.previous_holds].reverse()) {
    await records.updateCreditHolds(previous as any, sharedContext)
  }
  for (const previous of [...snapshot.previous_events].reverse()) {
    await records.updateCollectionEvents(previous as any, sharedContext)
  }
}
