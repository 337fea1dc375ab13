import { instantAtLocalTime, localDay, nextWindowOpening, type SendWindow } from "./calendar"

/**
 * When a receivable is chased next, and with which stage. Pure: the state of one receivable, the rules
 * of its policy and `now` go in; a plan comes out. The run acts on plans whose moment has come and
 * stores the moment of the next one in `next_action_at`.
 *
 * The rules, in the words a collections team uses:
 * - stages are ordered by their offset from the due date (negative = before due, 0 = due day);
 * - a reminder before or on the due day only makes sense while it is current: it is skipped once the
 *   invoice is overdue or once a later reminder is already due;
 * - grace days (`tolerance_days`): an overdue stage that sends goes out once the invoice is more than the
 *   grace days overdue, at `max(stage offset, tolerance_days)` days after the due date; later stages keep
 *   their own offsets;
 * - stages after the due date are never skipped: each one is sent in turn, at its offset, and never on
 *   the same day as the previous notice;
 * - a stage marked `repeats` is sent again every `resend_days` until the next sending stage takes over;
 *   after the last sending stage, the last repeating stage keeps going every `resend_days` until the
 *   invoice is paid or put on hold (the contact cap still applies);
 * - escalation to the rep runs beside the reminders, at its own offset: escalating does not end them;
 * - reminders end when the invoice has had `max_notices` notices (when the policy sets a maximum), or once
 *   it reached a stage marked `stops_reminders`; then only escalation stages remain. Reaching the maximum
 *   hands the invoice to the rep: its next escalation stage comes `resend_days` after the last notice
 *   (the customer gets time to answer it), or, when no escalation stage is left and the invoice was never
 *   escalated, an escalation of its own ("maximum number of notices reached");
 * - every moment is moved into the send window (weekdays and hours of the store's timezone).
 */
/**
 * The `next_action_at` of a receivable that the next run should look at, whatever moment that run acts
 * at (a run travelling in time included): the beginning of time.
 */
export const NEXT_RUN = new Date(0)

export type StageRule = {
  id: string
  name: string
  offset_days: number
  action: "send" | "escalate"
  repeats: boolean
  /** From this stage on the rep alone follows the invoice up: no more reminders, only escalations. */
  stops_reminders?: boolean
}

export type PolicyRules = {
  /** Grace days after the due date before an overdue stage may send. */
  tolerance_days: number
  resend_days: number
  /** The most notices an invoice gets before the rep takes over; null: reminders go on until it is paid. */
  max_notices: number | null
  window: SendWindow
  /** Sorted by `offset_days` (unique). */
  stages: StageRule[]
}

export type ReceivableState = {
  due_at: Date
  stage: string | null
  notices_sent: number
  last_notice_at: Date | null
  hold_until: Date | null
  hold_reason: string | null
  /** When the invoice was last handed to the rep (an escalation stage, or its maximum of notices). */
  escalated_at?: Date | null
}

/**
 * The escalation that reaching `max_notices` creates when the policy has no escalation stage left: it is
 * not a stage of the policy, so an invoice's stage does not move to it (its `escalated_at` records it).
 */
export const MAX_NOTICES_ESCALATION: StageRule = {
  id: "max-notices",
  name: "Maximum number of notices reached",
  offset_days: 0,
  action: "escalate",
  repeats: false,
}

export type Plan =
  | { kind: "due"; stage: StageRule; repeat: boolean; at: Date }
  | { kind: "hold"; until: Date | null; reason: string }
  | { kind: "done"; reason: string }

/** A hold that has an end date is over once that date has passed; a hold without one lasts until released. */
export function activeHold(state: Pick<ReceivableState, "hold_until" | "hold_reason">, now: Date): boolean {
  if (state.hold_until) {
    return state.hold_until.getTime() > now.getTime()
  }
  return !!state.hold_reason
}

/** Days after the due date at which a stage acts: grace days hold back the overdue stages that send. */
export function effectiveOffset(stage: StageRule, toleranceDays: number): number {
  return stage.action === "send" && stage.offset_days > 0 ? Math.max(stage.offset_days, toleranceDays) : stage.offset_days
}

/** The index of a receivable's stage in the rules (-1: none yet, or a stage that no longer exists). */
export function stageIndex(rules: Pick<PolicyRules, "stages">, stageId: string | null): number {
  return stageId === null ? -1 : rules.stages.findIndex((s) => s.id === stageId)
}

/**
 * The stage a receivable is at after acting on a plan for `stage`: it moves forward, never back (a
 * reminder repeated after the escalation leaves the receivable escalated).
 */
export function advancedStage(rules: Pick<PolicyRules, "stages">, current: string | null, stage: StageRule): string | null {
  const to = stageIndex(rules, stage.id)
  if (to < 0) {
    return current
  }
  return to > stageIndex(rules, current) ? stage.id : current
}

type Candidate = { stage: StageRule; day: number; repeat: boolean }

export function planNext(state: ReceivableState, rules: PolicyRules, now: Date): Plan {
  if (activeHold(state, now)) {
    return { kind: "hold", until: state.hold_until, reason: state.hold_reason ?? "on hold" }
  }
  const tz = rules.window.timezone
  const stages = rules.stages
  const dueDay = localDay(state.due_at, tz)
  const today = localDay(now, tz)
  const lastDay = state.last_notice_at ? localDay(state.last_notice_at, tz) : null
  const current = stageIndex(rules, state.stage)
  const reached = stages.slice(0, current + 1)
  const escalated = !!state.escalated_at || reached.some((s) => s.action === "escalate")
  const exhausted = rules.max_notices !== null && state.notices_sent >= rules.max_notices
  const stopper = reached.find((s) => s.stops_reminders)
  const remindersEnd = exhausted || !!stopper

  // a reminder before or on the due day that is no longer current
  const stale = (j: number) => {
    const stage = stages[j]
    if (stage.action !== "send" || stage.offset_days > 0) {
      return false
    }
    const later = stages[j + 1]
    return today > dueDay || (!!later && later.offset_days <= 0 && dueDay + later.offset_days <= today)
  }
  const sendable = (j: number) => stages[j].action === "send" && !remindersEnd && !stale(j)

  let next: Candidate | null = null
  for (let j = current + 1; j < stages.length; j++) {
    const stage = stages[j]
    if (stage.action === "send" && !sendable(j)) {
      continue
    }
    let day = dueDay + effectiveOffset(stage, rules.tolerance_days)
    if (lastDay !== null) {
      day = stage.action === "escalate" && exhausted ? lastDay + rules.resend_days : Math.max(day, lastDay + 1)
    }
    next = { stage, day, repeat: false }
    break
  }

  const repeating = remindersEnd || lastDay === null ? null : repeatingStage(stages, current, sendable)
  if (repeating && lastDay !== null) {
    const repeatDay = lastDay + rules.resend_days
    if (!next || repeatDay < next.day) {
      next = { stage: repeating, day: repeatDay, repeat: true }
    }
  }

  if (!next && exhausted && !escalated) {
    next = { stage: MAX_NOTICES_ESCALATION, day: lastDay === null ? today : lastDay + rules.resend_days, repeat: false }
  }

  if (!next) {
    if (exhausted) {
      return { kind: "done", reason: "maximum number of notices reached; the rep follows it up" }
    }
    if (stopper) {
      return { kind: "done", reason: `reminders stopped at "${stopper.name}"; the rep follows it up` }
    }
    return { kind: "done", reason: "every stage has been completed" }
  }
  const opening = instantAtLocalTime(next.day, rules.window.startHour, 0, tz)
  return { kind: "due", stage: next.stage, repeat: next.repeat, at: nextWindowOpening(opening, rules.window) }
}

/**
 * The plan of a reminder an admin asks for ("send the next reminder now"): the receivable's next reminder,
 * whatever its date. An escalation that comes next is left to its own time (the admin asked for a
 * reminder, not for the rep to be handed the invoice): the reminder on request is the one that follows it.
 */
export function planOnRequest(state: ReceivableState, rules: PolicyRules, now: Date): Plan {
  const plan = planNext(state, rules, now)
  if (plan.kind !== "due" || plan.stage.action === "send") {
    return plan
  }
  const past: ReceivableState = { ...state, stage: advancedStage(rules, state.stage, plan.stage), escalated_at: state.escalated_at ?? now }
  const after = planNext(past, rules, now)
  return after.kind === "due" && after.stage.action === "send" ? after : { kind: "done", reason: "only the escalation to the rep is left" }
}

/**
 * The stage a receivable is reminded with again: while a sending stage is still ahead, the last stage it
 * was sent, if that one repeats; after the last sending stage, the last repeating stage it reached.
 */
function repeatingStage(stages: StageRule[], current: number, sendable: (j: number) => boolean): StageRule | null {
  const reached = stages.slice(0, current + 1)
  let sendAhead = false
  for (let j = current + 1; j < stages.length; j++) {
    if (sendable(j)) {
      sendAhead = true
      break
    }
  }
  if (sendAhead) {
    const lastSent = [...reached].reverse().find((s) => s.action === "send")
    return lastSent?.repeats ? lastSent : null
  }
  return [...reached].reverse().find((s) => s.action === "send" && s.repeats) ?? null
}

/** Whole calendar days a receivable is past its due date at `now` in the store's timezone (0 if not yet due). */
export function daysOverdue(dueAt: Date, now: Date, timeZone: string): number {
  return Math.max(0, localDay(now, timeZone) - localDay(dueAt, timeZone))
}
