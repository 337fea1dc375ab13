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
 * - stages after the due date are never skipped: each one is sent in turn, at its offset, and never on
 *   the same day as the previous notice;
 * - a stage marked `repeats` is sent again every `resend_days` until the next stage takes over or the
 *   invoice has had `max_notices` notices; after that only escalation stages remain, the first of them
 *   `resend_days` after the last notice (the customer gets time to answer it);
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
}

export type PolicyRules = {
  resend_days: number
  max_notices: number
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

export function planNext(state: ReceivableState, rules: PolicyRules, now: Date): Plan {
  if (activeHold(state, now)) {
    return { kind: "hold", until: state.hold_until, reason: state.hold_reason ?? "on hold" }
  }
  const tz = rules.window.timezone
  const stages = rules.stages
  const dueDay = localDay(state.due_at, tz)
  const today = localDay(now, tz)
  const lastDay = state.last_notice_at ? localDay(state.last_notice_at, tz) : null
  const current = state.stage === null ? -1 : stages.findIndex((s) => s.id === state.stage)
  const exhausted = state.notices_sent >= rules.max_notices

  let next: { stage: StageRule; day: number; repeat: boolean } | null = null
  for (let j = current + 1; j < stages.length; j++) {
    const stage = stages[j]
    if (stage.action === "send" && exhausted) {
      continue
    }
    if (stage.offset_days <= 0 && stage.action === "send") {
      const later = stages[j + 1]
      const overdue = today > dueDay
      const supersededByLater = !!later && later.offset_days <= 0 && dueDay + later.offset_days <= today
      if (overdue || supersededByLater) {
        continue
      }
    }
    let day = dueDay + stage.offset_days
    if (lastDay !== null) {
      const gap = stage.action === "escalate" && exhausted ? rules.resend_days : 1
      day = Math.max(day, lastDay + gap)
    }
    next = { stage, day, repeat: false }
    break
  }

  const currentStage = current >= 0 ? stages[current] : null
  if (currentStage?.repeats && currentStage.action === "send" && !exhausted && lastDay !== null) {
    const repeatDay = lastDay + rules.resend_days
    if (!next || repeatDay < next.day) {
      next = { stage: currentStage, day: repeatDay, repeat: true }
    }
  }

  if (!next) {
    return { kind: "done", reason: exhausted ? "maximum number of notices reached" : "every stage has been completed" }
  }
  const opening = instantAtLocalTime(next.day, rules.window.startHour, 0, tz)
  return { kind: "due", stage: next.stage, repeat: next.repeat, at: nextWindowOpening(opening, rules.window) }
}

/** Whole calendar days a receivable is past its due date at `now` in the store's timezone (0 if not yet due). */
export function daysOverdue(dueAt: Date, now: Date, timeZone: string): number {
  return Math.max(0, localDay(now, timeZone) - localDay(dueAt, timeZone))
}
