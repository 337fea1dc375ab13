import { dayToIsoDate, localDay } from "../../domain/calendar"
import {
  decideForCustomer,
  onRequestNote,
  type CustomerDecision,
  type NoticeDecision,
  type ReceivableUpdate,
} from "../../domain/customer-decision"
import { entityId } from "../../domain/entity-id"
import { claimNote, currencyTotals, escalationSuggestion, noticeLines, type NoticeLine } from "../../domain/notice-lines"
import { collectionEventTitle } from "../../domain/receivable-rules"
import { callSuggestion, type CustomerPattern } from "../../domain/call-suggestion"
import { suggestionText } from "../../domain/call-suggestion-text"
import { POLICY_CHANGED_TITLE, policyChangeKey, policyChangeNote } from "../../domain/policy-change"
import { foldOf, onRequestOf, type NoticeFold, type PendingNoticeRow } from "../../queries/pending-notices"
import type { BatchCustomer, PlannedNotice, RecordBatchResult } from "./types"
import { isUnreadableData, readReceivable, UnreadableReceivableError, type StoredReceivable } from "./stored-receivable"

/**
 * The middle of a batch, without I/O: for each customer, decide (the pure rules of `decideForCustomer`)
 * and build what the decision writes: the notice or the fold into the pending one, the "Claim for
 * Non-Payment" and escalation events, the receivables' new states.
 *
 * Each customer is planned on its own: one whose stored data cannot be read is left out with the skip
 * reason `unreadable_data`, its claimed receivables are looked at again a day later, and the rep gets an
 * open follow-up naming the receivable (one per customer and day); the other customers are unaffected.
 */
export type BatchFacts = {
  now: Date
  run_id: string | null
  customers: BatchCustomer[]
  receivablesOf: Map<string, StoredReceivable[]>
  /** Receivables the batch claimed because their next action had come. */
  claimed: Set<string>
  contactsOf: Map<string, Date[]>
  pendingOf: Map<string, PendingNoticeRow>
  /** The store's language, which the notes for the reps are written in. */
  notes_language: string
}

export type BatchPlan = {
  notices: Record<string, unknown>[]
  events: Record<string, unknown>[]
  folds: NoticeFold[]
  /** The new dunning state of receivables a decision moved on. */
  updates: Map<string, ReceivableUpdate>
  /** Receivables whose state stays as it is, with only their next action set (null: off the schedule). */
  next_actions: Map<string, Date | null>
  /** The escalations planned, with what their note says, for the next step from the customer's pattern. */
  escalation_notes: EscalationNote[]
}

type EscalationNote = { customer_id: string; event: Record<string, unknown>; facts: Parameters<typeof escalationSuggestion>[0] }

/** What one customer contributes to the batch. */
type CustomerPlan = {
  decision: CustomerDecision
  notice?: { row: Record<string, unknown>; planned: PlannedNotice }
  fold?: NoticeFold
  events: Record<string, unknown>[]
  escalation?: RecordBatchResult["escalations"][number]
  escalation_note?: EscalationNote
  next_actions?: Array<[string, Date]>
}

const DAY_MS = 86_400_000
const UNREADABLE_TITLE = "Receivable data could not be read"

export function planBatch(facts: BatchFacts, result: RecordBatchResult): BatchPlan {
  const plan: BatchPlan = { notices: [], events: [], folds: [], updates: new Map(), next_actions: new Map(), escalation_notes: [] }
  for (const customer of facts.customers) {
    const own = facts.receivablesOf.get(customer.customer_id) ?? []
    let planned: CustomerPlan
    try {
      planned = planCustomer(customer, own, facts)
    } catch (e) {
      if (!isUnreadableData(e)) {
        throw e
      }
      planned = leaveUnreadableCustomer(customer, own, facts, e)
    }
    addToBatch(plan, result, customer, planned)
  }
  return plan
}

function planCustomer(customer: BatchCustomer, own: StoredReceivable[], facts: BatchFacts): CustomerPlan {
  const read = own.map((r) => readReceivable(r, facts.claimed.has(r.id) || !!customer.force))
  const decision = decideForCustomer({
    customer_id: customer.customer_id,
    now: facts.now,
    rules: customer.rules,
    receivables: read.map((r) => r.decision),
    recent_contacts: facts.contactsOf.get(customer.customer_id) ?? [],
    do_not_dun: customer.do_not_dun,
    force: customer.force,
    pending_notice: facts.pendingOf.get(customer.customer_id) ?? null,
  })
  const readById = new Map(read.map((r) => [r.line.id, r]))
  const linesOf = (ids: string[]) =>
    noticeLines(
      ids.map((id) => readById.get(id)!.line),
      facts.now,
      customer.rules.window.timezone
    )
  const planned: CustomerPlan = { decision, events: [] }
  const n = decision.notice
  if (n?.fold_into) {
    planned.fold = foldOf(facts.pendingOf.get(customer.customer_id)!, n, customer, {
      now: facts.now,
      run_id: facts.run_id,
      lines: linesOf([...n.due_ids, ...n.listed_ids]),
    })
  } else if (n) {
    const notice = newNotice(customer, n, linesOf([...n.due_ids, ...n.listed_ids]), facts)
    planned.notice = notice
    planned.events.push(claimEvent(customer, n, notice.planned, facts))
  }
  if (decision.escalation) {
    const e = decision.escalation
    const lines = noticeLines(read.map((r) => r.line), facts.now, customer.rules.window.timezone)
    const overdue = lines.filter((l) => l.days_overdue > 0)
    const noteFacts = {
      notices_sent: Math.max(...e.receivable_ids.map((id) => readById.get(id)!.decision.notices_sent)),
      days_overdue: Math.max(0, ...overdue.map((l) => l.days_overdue)),
      totals: currencyTotals(overdue.length ? overdue : lines),
    }
    const note = escalationSuggestion(noteFacts, facts.notes_language)
    const event = escalationEvent(customer, e, note, facts.now)
    planned.events.push(event)
    planned.escalation = { customer_id: customer.customer_id, receivable_ids: e.receivable_ids, note }
    planned.escalation_note = { customer_id: customer.customer_id, event, facts: noteFacts }
  }
  if (customer.policy_change && (planned.notice || decision.escalation)) {
    planned.events.push(policyChangeEvent(customer, planned.notice?.planned.id ?? null, facts.now))
  }
  return planned
}

/** The line in the customer's history that says they are chased under another policy since their change of band. */
function policyChangeEvent(customer: BatchCustomer, noticeId: string | null, now: Date): Record<string, unknown> {
  const change = customer.policy_change!
  return {
    id: entityId("cevt"),
    customer_id: customer.customer_id,
    type: "note",
    title: POLICY_CHANGED_TITLE,
    receivable_ids: null,
    // with the notice: recorded only if the notice is
    notice_id: noticeId,
    note: policyChangeNote(change),
    occurred_at: now,
    follow_up_status: null,
    assigned_to: customer.rep_user_id,
    follow_up_due_at: null,
    idempotency_key: policyChangeKey(change),
  }
}

/** The notice row a decision creates, and the same notice as the run reports it. */
function newNotice(
  customer: BatchCustomer,
  n: NoticeDecision,
  lines: NoticeLine[],
  facts: BatchFacts
): { row: Record<string, unknown>; planned: PlannedNotice } {
  const stage = customer.stages.find((s) => s.id === n.stage.id)!
  const totals = currencyTotals(lines)
  const id = entityId("dntc")
  const row = {
    id,
    customer_id: customer.customer_id,
    policy_id: customer.policy_id,
    stage_id: stage.id,
    stage_name: stage.name,
    stage_offset_days: stage.offset_days,
    tone: stage.tone,
    channel: stage.channel,
    recipients: customer.recipients,
    receivable_ids: lines.map((l) => l.id),
    due_receivable_ids: n.due_ids,
    lines: lines,
    totals: totals,
    language: customer.language,
    scheduled_for: facts.now,
    next_attempt_at: facts.now,
    idempotency_key: n.idempotency_key,
    run_id: facts.run_id,
    on_request: onRequestOf(customer, n),
  }
  const planned: PlannedNotice = {
    id,
    customer_id: customer.customer_id,
    stage_id: stage.id,
    stage_name: stage.name,
    receivable_ids: lines.map((l) => l.id),
    to: customer.recipients.to,
    lines,
    totals,
    language: customer.language,
  }
  return { row, planned }
}

/** The "Claim for Non-Payment" event of a new notice: the rep's follow-up two days later. */
function claimEvent(customer: BatchCustomer, n: NoticeDecision, notice: PlannedNotice, facts: Pick<BatchFacts, "now" | "notes_language">): Record<string, unknown> {
  const { now, notes_language: language } = facts
  const onRequest = onRequestOf(customer, n)
  return {
    id: entityId("cevt"),
    customer_id: customer.customer_id,
    type: "claim_for_non_payment",
    title: collectionEventTitle("claim_for_non_payment"),
    receivable_ids: notice.receivable_ids,
    notice_id: notice.id,
    note: [
      claimNote({ stage_name: notice.stage_name, lines: notice.lines, totals: notice.totals, to: customer.recipients.to }, language),
      ...(onRequest ? [`(${onRequestNote(onRequest.name, onRequest.bypassed, language)})`] : []),
    ].join(" "),
    occurred_at: now,
    follow_up_status: "open",
    assigned_to: customer.rep_user_id,
    follow_up_due_at: new Date(now.getTime() + 2 * DAY_MS),
    idempotency_key: `notice:${n.idempotency_key}`,
  }
}

function escalationEvent(
  customer: BatchCustomer,
  e: NonNullable<CustomerDecision["escalation"]>,
  note: string,
  now: Date
): Record<string, unknown> {
  return {
    id: entityId("cevt"),
    customer_id: customer.customer_id,
    type: "escalated",
    title: collectionEventTitle("escalated"),
    receivable_ids: e.receivable_ids,
    notice_id: null,
    note,
    occurred_at: now,
    follow_up_status: "open",
    assigned_to: customer.rep_user_id,
    follow_up_due_at: now,
    idempotency_key: e.idempotency_key,
  }
}

/**
 * A customer whose data cannot be read: nothing is decided, its claimed receivables come back a day
 * later as they are, and the rep gets a follow-up saying which receivable to correct.
 */
function leaveUnreadableCustomer(customer: BatchCustomer, own: StoredReceivable[], facts: BatchFacts, error: Error): CustomerPlan {
  const moved = own.filter((r) => facts.claimed.has(r.id) || !!customer.force).map((r) => r.id)
  const tomorrow = new Date(facts.now.getTime() + DAY_MS)
  const day = dayToIsoDate(localDay(facts.now, customer.rules.window.timezone))
  const culprit = error instanceof UnreadableReceivableError ? error : null
  const what = culprit
    ? `Receivable ${culprit.receivable.number} could not be read (${culprit.field}: ${culprit.problem}).`
    : `The customer's receivables could not be read (${error.message}).`
  return {
    decision: {
      notice: null,
      escalation: null,
      updates: [],
      skipped: moved.length ? [{ reason: "unreadable_data", receivable_ids: moved }] : [],
    },
    next_actions: moved.map((id) => [id, tomorrow]),
    events: [
      {
        id: entityId("cevt"),
        customer_id: customer.customer_id,
        type: "note",
        title: UNREADABLE_TITLE,
        receivable_ids: culprit ? [culprit.receivable.id] : moved,
        notice_id: null,
        note: `${what} The dunning run leaves this customer out and looks again each day until it is corrected.`,
        occurred_at: facts.now,
        follow_up_status: "open",
        assigned_to: customer.rep_user_id,
        follow_up_due_at: facts.now,
        idempotency_key: `unreadable:${customer.customer_id}:${day}`,
      },
    ],
  }
}

function addToBatch(plan: BatchPlan, result: RecordBatchResult, customer: BatchCustomer, planned: CustomerPlan): void {
  for (const u of planned.decision.updates) {
    plan.updates.set(u.id, u)
  }
  for (const [id, at] of planned.next_actions ?? []) {
    plan.next_actions.set(id, at)
  }
  for (const s of planned.decision.skipped) {
    result.skipped[s.reason] = (result.skipped[s.reason] ?? 0) + s.receivable_ids.length
  }
  if (planned.fold) {
    plan.folds.push(planned.fold)
    result.folded.push({
      notice_id: planned.fold.id,
      customer_id: customer.customer_id,
      receivable_ids: planned.decision.notice!.due_ids,
    })
  }
  if (planned.notice) {
    plan.notices.push(planned.notice.row)
    result.notices.push(planned.notice.planned)
  }
  plan.events.push(...planned.events)
  if (planned.escalation) {
    result.escalations.push(planned.escalation)
  }
  if (planned.escalation_note) {
    plan.escalation_notes.push(planned.escalation_note)
  }
}

/**
 * The next step of each planned escalation from the customer's own pattern (`domain/call-suggestion`):
 * "broke 2 promises in 90 days: ask for a partial payment today" instead of the usual "call the
 * customer; consider a credit hold", which stays when the pattern suggests nothing.
 */
export function suggestNextSteps(plan: BatchPlan, result: RecordBatchResult, patterns: Map<string, CustomerPattern>, language: string): void {
  for (const { customer_id, event, facts } of plan.escalation_notes) {
    const next = suggestionText(callSuggestion(patterns.get(customer_id), facts.days_overdue), language)
    const note = escalationSuggestion(facts, language, next)
    event.note = note
    const reported = result.escalations.find((e) => e.customer_id === customer_id)
    if (reported) {
      reported.note = note
    }
  }
}
