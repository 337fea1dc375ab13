import { decimalCompare } from "./decimal"
import { dayToIsoDate, inSendWindow, localDay, nextWindowOpening } from "./calendar"
import {
  activeHold,
  advancedStage,
  MAX_NOTICES_ESCALATION,
  planNext,
  planOnRequest,
  stageIndex,
  type Plan,
  type PolicyRules,
  type ReceivableState,
  type StageRule,
} from "./schedule"
import { fillText, shippedText } from "../templates/shipped-text"
import { listText } from "./notice-lines"

/**
 * What the dunning run does for one customer at `now`: one consolidated notice (never one mail per
 * invoice), an escalation to the rep, or nothing yet, and the new dunning state of each receivable.
 * Pure, so that every rule (contact cap, send window, consolidation) is unit-tested
 * with plain values and the run only does I/O.
 *
 * A customer has at most one notice in flight. While one is still scheduled (waiting for delivery, or
 * being retried after the mail server refused it for now), what comes due is folded into it rather than
 * sent as a second message minutes after the first once the server recovers: the pending notice covers
 * the new receivables too, moves to the later stage, and is rendered afresh when it goes out. Folding
 * contacts nobody, so neither the send window nor the contact cap holds it back. A notice that a delivery
 * holds at this moment is not changed under it: its receivables are looked at again shortly after.
 */
export type CustomerReceivable = ReceivableState & {
  id: string
  currency_code: string
  amount: string
  amount_paid: string
  /** Whether the run claimed it because its `next_action_at` had come (others are only listed). */
  claimed: boolean
}

export type CustomerRules = PolicyRules & { max_contacts_per_30_days: number }

export type CustomerSituation = {
  customer_id: string
  now: Date
  rules: CustomerRules
  receivables: CustomerReceivable[]
  /** When the notices of the last 30 days were created (sent or still scheduled). */
  recent_contacts: Date[]
  do_not_dun: boolean
  /**
   * "Send the next reminder now", an admin's explicit action: the next stage of each receivable is due at
   * once, whatever its date, and neither the send window nor the contact cap holds it back (the notice
   * records which of them it passed over).
   */
  force?: boolean
  /** The customer's notice still scheduled (not yet sent, or being retried), if any. */
  pending_notice?: PendingNotice | null
}

export type PendingNotice = {
  id: string
  stage_id: string | null
  receivable_ids: string[]
  /** A delivery holds it right now: it must not be changed; look again at `look_again_at`. */
  in_delivery: boolean
  look_again_at: Date
}

/** What a reminder sent on request went past. */
export type Bypass = "send_window" | "contact_cap"

export type ReceivableUpdate = {
  id: string
  stage: string | null
  notices_sent: number
  last_notice_at: Date | null
  next_action_at: Date | null
  hold_until: Date | null
  hold_reason: string | null
  escalated_at: Date | null
}

export type NoticeDecision = {
  stage: StageRule
  /** Receivables whose stage came due: the reason for the notice. */
  due_ids: string[]
  /** Other overdue receivables of the customer, listed so that the notice is a complete statement. */
  listed_ids: string[]
  idempotency_key: string
  /** The pending notice this one is folded into (no new notice is created), or null. */
  fold_into: string | null
  /** Set when an admin asked for it: what it went past to go out now. */
  on_request: { bypassed: Bypass[] } | null
}

export type CustomerDecision = {
  notice: NoticeDecision | null
  escalation: { stage: StageRule; receivable_ids: string[]; idempotency_key: string } | null
  updates: ReceivableUpdate[]
  skipped: Array<{ reason: SkipReason; receivable_ids: string[] }>
}

export type SkipReason =
  | "do_not_dun"
  | "outside_send_window"
  | "contact_cap"
  | "on_hold"
  | "not_due_yet"
  | "completed"
  /** Folded into the customer's notice that was still scheduled: no second notice. */
  | "folded_into_pending_notice"
  /** The customer's pending notice was being delivered at that moment: looked at again shortly. */
  | "notice_in_delivery"
  /**
   * A stored value of the customer's (an amount, a date) could not be read: the run skipped the customer,
   * looks at it again a day later and left a follow-up for the rep naming the receivable.
   */
  | "unreadable_data"

const DAY_MS = 86_400_000

/** What the rules below share while deciding for one customer. */
type Deciding = {
  situation: CustomerSituation
  decision: CustomerDecision
  /** What each receivable does next: its schedule, or for a reminder on request its next reminder at once. */
  plans: Map<string, Plan>
  /** Each receivable's schedule, for those this decision leaves as they are. */
  scheduled: Map<string, Plan>
  /** Receivables whose new state a rule has already set. */
  handled: Set<string>
  /** The store's day of `now`, as the idempotency keys carry it. */
  dayKey: string
}

export function decideForCustomer(situation: CustomerSituation): CustomerDecision {
  const decision: CustomerDecision = { notice: null, escalation: null, updates: [], skipped: [] }
  if (situation.do_not_dun) {
    return stopForDoNotDun(situation, decision)
  }
  const { rules, now } = situation
  const scheduled = new Map(situation.receivables.map((r) => [r.id, planNext(r, rules, now)]))
  const deciding: Deciding = {
    situation,
    decision,
    plans: situation.force ? new Map(situation.receivables.map((r) => [r.id, planOnRequest(r, rules, now)])) : scheduled,
    scheduled,
    handled: new Set(),
    dayKey: dayToIsoDate(localDay(situation.now, situation.rules.window.timezone)),
  }
  escalateDue(deciding, dueFor(deciding, "escalate"))
  sendDue(deciding, situation.force ? overdueFirst(deciding, dueFor(deciding, "send")) : dueFor(deciding, "send"))
  deferRest(deciding)
  return decision
}

/** Do-not-dun: what the run claimed leaves the schedule, nothing is sent. */
function stopForDoNotDun(situation: CustomerSituation, decision: CustomerDecision): CustomerDecision {
  const claimed = situation.receivables.filter((r) => r.claimed)
  claimed.forEach((r) => record(situation, decision, r, { next_action_at: null }))
  skip(decision, "do_not_dun", claimed.map((r) => r.id))
  return decision
}

/** Receivables whose next stage of this action has come (any stage, at once, for a reminder on request). */
function dueFor(deciding: Deciding, action: StageRule["action"]): CustomerReceivable[] {
  const { situation, plans } = deciding
  return situation.receivables.filter((r) => {
    const plan = plans.get(r.id)!
    return plan.kind === "due" && plan.stage.action === action && (situation.force || plan.at.getTime() <= situation.now.getTime())
  })
}

/**
 * A reminder on request is about what is overdue when anything is: invoices not yet due keep their own
 * schedule rather than pull an overdue notice back to "due soon" (or be listed in it as 0 days overdue).
 */
function overdueFirst(deciding: Deciding, due: CustomerReceivable[]): CustomerReceivable[] {
  const { rules, now } = deciding.situation
  const today = localDay(now, rules.window.timezone)
  const overdue = due.filter((r) => localDay(r.due_at, rules.window.timezone) < today)
  return overdue.length ? overdue : due
}

/** Escalation runs beside the reminders: one event for the rep, each receivable's stage moves on. */
function escalateDue(deciding: Deciding, due: CustomerReceivable[]): void {
  if (!due.length) {
    return
  }
  const { situation, decision, plans } = deciding
  const { rules, now } = situation
  const stage = stageOf(plans, due[0])
  decision.escalation = {
    stage,
    receivable_ids: due.map((r) => r.id),
    idempotency_key: `escalate:${situation.customer_id}:${stage.id}:${deciding.dayKey}`,
  }
  for (const r of due) {
    deciding.handled.add(r.id)
    const planned = stageOf(plans, r)
    // the escalation that the maximum of notices creates is no stage of the policy: the stage stays
    const stageAfter = planned.id === MAX_NOTICES_ESCALATION.id ? r.stage : advancedStage(rules, r.stage, planned)
    const escalated: ReceivableState = { ...r, stage: stageAfter, escalated_at: now }
    record(situation, decision, r, { stage: stageAfter, escalated_at: now, next_action_at: nextMoment(planNext(escalated, rules, now)) })
  }
}

/**
 * The reminders that came due go out as one notice at the latest of their stages, unless something holds
 * them back: the pending notice being delivered, the send window, the contact cap. A customer with a
 * notice still scheduled gets what came due folded into it instead.
 */
function sendDue(deciding: Deciding, due: CustomerReceivable[]): void {
  if (!due.length) {
    return
  }
  const { situation } = deciding
  const pending = situation.pending_notice ?? null
  const held = holdBack(situation, pending)
  if (held) {
    for (const r of due) {
      deciding.handled.add(r.id)
      record(situation, deciding.decision, r, { next_action_at: held.until })
    }
    skip(deciding.decision, held.reason, due.map((r) => r.id))
    return
  }
  composeNotice(deciding, due, pending)
}

/** Why reminders that came due cannot go out now, and when to look again; null when they can. */
function holdBack(situation: CustomerSituation, pending: PendingNotice | null): { reason: SkipReason; until: Date } | null {
  const { now, rules } = situation
  if (pending?.in_delivery) {
    return { reason: "notice_in_delivery", until: pending.look_again_at }
  }
  if (pending || situation.force) {
    return null
  }
  if (!inSendWindow(now, rules.window)) {
    return { reason: "outside_send_window", until: nextWindowOpening(now, rules.window) }
  }
  const contacts = recentContacts(situation)
  if (contacts.length >= rules.max_contacts_per_30_days) {
    const freed = new Date(contacts[contacts.length - rules.max_contacts_per_30_days].getTime() + 30 * DAY_MS)
    return { reason: "contact_cap", until: nextWindowOpening(freed, rules.window) }
  }
  return null
}

/** The notices of the last 30 days, oldest first. */
function recentContacts(situation: CustomerSituation): Date[] {
  const { now } = situation
  return situation.recent_contacts
    .filter((c) => now.getTime() - c.getTime() < 30 * DAY_MS)
    .sort((a, b) => a.getTime() - b.getTime())
}

/**
 * One notice for what came due, listing the customer's other overdue receivables so it is a complete
 * statement; every receivable on it counts a notice and gets its next moment.
 */
function composeNotice(deciding: Deciding, due: CustomerReceivable[], pending: PendingNotice | null): void {
  const { situation, decision, plans } = deciding
  const { rules, now } = situation
  const ids = due.map((r) => r.id)
  const stage = noticeStage(rules, due.map((r) => stageOf(plans, r)), pending)
  const listed = listedWith(situation, ids)
  decision.notice = {
    stage,
    due_ids: ids,
    listed_ids: listed.map((r) => r.id),
    // a reminder sent on request is one a day, whatever its stage: a double click sends one notice
    idempotency_key: situation.force
      ? `${situation.customer_id}:on-request:${deciding.dayKey}`
      : `${situation.customer_id}:${stage.id}:${deciding.dayKey}`,
    fold_into: pending?.id ?? null,
    on_request: situation.force ? { bypassed: pending ? [] : bypassedBy(situation) } : null,
  }
  if (pending) {
    skip(decision, "folded_into_pending_notice", ids)
  }
  const covered = new Set(pending?.receivable_ids ?? [])
  for (const r of [...due, ...listed]) {
    if (deciding.handled.has(r.id)) {
      // escalated in this same run: listed in the notice, its state already moved on
      continue
    }
    deciding.handled.add(r.id)
    const plan = plans.get(r.id)!
    const sent: ReceivableState = {
      ...r,
      stage: ids.includes(r.id) && plan.kind === "due" ? advancedStage(rules, r.stage, plan.stage) : r.stage,
      // a receivable the pending notice already covers gets no second notice by the fold
      notices_sent: covered.has(r.id) ? r.notices_sent : r.notices_sent + 1,
      last_notice_at: now,
    }
    record(situation, decision, r, {
      stage: sent.stage,
      notices_sent: sent.notices_sent,
      last_notice_at: now,
      next_action_at: nextMoment(planNext(sent, rules, now)),
    })
  }
}

/** The latest of the stages that came due, or the pending notice's stage when that one is later. */
function noticeStage(rules: CustomerRules, dueStages: StageRule[], pending: PendingNotice | null): StageRule {
  const indexOf = (stage: StageRule) => stageIndex(rules, stage.id)
  const latest = dueStages.reduce((a, b) => (indexOf(b) > indexOf(a) ? b : a))
  const pendingStage = pending?.stage_id ? rules.stages.find((s) => s.id === pending.stage_id) : undefined
  return pendingStage && indexOf(pendingStage) > indexOf(latest) ? pendingStage : latest
}

/** The customer's other receivables a notice lists: overdue, not on hold, with something left to pay. */
function listedWith(situation: CustomerSituation, dueIds: string[]): CustomerReceivable[] {
  const { now, rules } = situation
  const today = localDay(now, rules.window.timezone)
  return situation.receivables.filter(
    (r) =>
      !dueIds.includes(r.id) &&
      !activeHold(r, now) &&
      localDay(r.due_at, rules.window.timezone) < today &&
      decimalCompare(r.amount, r.amount_paid) > 0
  )
}

/** What a reminder sent on request goes past to go out now. */
function bypassedBy(situation: CustomerSituation): Bypass[] {
  const { now, rules } = situation
  return [
    ...(!inSendWindow(now, rules.window) ? ["send_window" as const] : []),
    ...(recentContacts(situation).length >= rules.max_contacts_per_30_days ? ["contact_cap" as const] : []),
  ]
}

/** What the run claimed but cannot act on yet only gets its next moment stored. */
function deferRest(deciding: Deciding): void {
  const { situation, decision, scheduled } = deciding
  for (const r of situation.receivables) {
    if (!r.claimed || deciding.handled.has(r.id)) {
      continue
    }
    const plan = scheduled.get(r.id)!
    if (plan.kind === "due") {
      record(situation, decision, r, { next_action_at: plan.at })
      skip(decision, "not_due_yet", [r.id])
    } else if (plan.kind === "hold") {
      record(situation, decision, r, { next_action_at: plan.until })
      skip(decision, "on_hold", [r.id])
    } else {
      record(situation, decision, r, { next_action_at: null })
      skip(decision, "completed", [r.id])
    }
  }
}

/** A receivable's new state: as it was (an expired hold cleared), with `changes`. */
function record(situation: CustomerSituation, decision: CustomerDecision, r: CustomerReceivable, changes: Partial<ReceivableUpdate>): void {
  const held = activeHold(r, situation.now)
  decision.updates.push({
    id: r.id,
    stage: r.stage,
    notices_sent: r.notices_sent,
    last_notice_at: r.last_notice_at,
    next_action_at: null,
    hold_until: held ? r.hold_until : null,
    hold_reason: held ? r.hold_reason : null,
    escalated_at: r.escalated_at ?? null,
    ...changes,
  })
}

function skip(decision: CustomerDecision, reason: SkipReason, ids: string[]): void {
  if (ids.length) {
    decision.skipped.push({ reason, receivable_ids: ids })
  }
}

function stageOf(plans: Map<string, Plan>, r: CustomerReceivable): StageRule {
  return (plans.get(r.id) as Extract<Plan, { kind: "due" }>).stage
}

/** The sentence a claim's note carries when an admin asked for the reminder, in the store's language. */
export function onRequestNote(requestedBy: string | null, bypassed: Bypass[], language = "en"): string {
  const notes = shippedText(language).rep_notes
  const passed = bypassed.map((b) => (b === "send_window" ? notes.outside_send_window : notes.over_contact_cap))
  const by = fillText(notes.on_request, { name: requestedBy?.trim() || notes.an_admin })
  return passed.length ? `${by}, ${listText(passed, language)}` : by
}

function nextMoment(plan: ReturnType<typeof planNext>): Date | null {
  if (plan.kind === "due") {
    return plan.at
  }
  if (plan.kind === "hold") {
    return plan.until
  }
  return null
}
