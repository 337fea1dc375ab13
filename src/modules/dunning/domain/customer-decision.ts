import { decimalCompare } from "./decimal"
import { dayToIsoDate, inSendWindow, localDay, nextWindowOpening } from "./calendar"
import {
  activeHold,
  advancedStage,
  MAX_NOTICES_ESCALATION,
  planNext,
  stageIndex,
  type PolicyRules,
  type ReceivableState,
  type StageRule,
} from "./schedule"

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

const DAY_MS = 86_400_000

export function decideForCustomer(situation: CustomerSituation): CustomerDecision {
  const { now, rules, customer_id } = situation
  const decision: CustomerDecision = { notice: null, escalation: null, updates: [], skipped: [] }
  const update = (r: CustomerReceivable, changes: Partial<ReceivableUpdate>) => {
    decision.updates.push({
      id: r.id,
      stage: r.stage,
      notices_sent: r.notices_sent,
      last_notice_at: r.last_notice_at,
      next_action_at: null,
      hold_until: activeHold(r, now) ? r.hold_until : null,
      hold_reason: activeHold(r, now) ? r.hold_reason : null,
      escalated_at: r.escalated_at ?? null,
      ...changes,
    })
  }
  const skip = (reason: SkipReason, ids: string[]) => ids.length && decision.skipped.push({ reason, receivable_ids: ids })
  const claimed = situation.receivables.filter((r) => r.claimed)

  if (situation.do_not_dun) {
    claimed.forEach((r) => update(r, { next_action_at: null }))
    skip("do_not_dun", claimed.map((r) => r.id))
    return decision
  }

  const plans = new Map(situation.receivables.map((r) => [r.id, planNext(r, rules, now)]))
  const dueNow = (r: CustomerReceivable) => {
    const plan = plans.get(r.id)!
    return plan.kind === "due" && (situation.force || plan.at.getTime() <= now.getTime())
  }
  const dueSend = situation.receivables.filter((r) => dueNow(r) && (plans.get(r.id) as any).stage.action === "send")
  const dueEscalate = situation.receivables.filter((r) => dueNow(r) && (plans.get(r.id) as any).stage.action === "escalate")
  const handled = new Set<string>()

  // what the run claimed but cannot act on yet only gets its next moment stored
  const deferRest = () => {
    for (const r of claimed) {
      if (handled.has(r.id)) {
        continue
      }
      const plan = plans.get(r.id)!
      if (plan.kind === "due") {
        update(r, { next_action_at: plan.at })
        skip("not_due_yet", [r.id])
      } else if (plan.kind === "hold") {
        update(r, { next_action_at: plan.until })
        skip("on_hold", [r.id])
      } else {
        update(r, { next_action_at: null })
        skip("completed", [r.id])
      }
    }
  }

  const indexOf = (stage: StageRule) => stageIndex(rules, stage.id)
  const today = localDay(now, rules.window.timezone)
  const dayKey = dayToIsoDate(today)

  if (dueEscalate.length) {
    const stage = (plans.get(dueEscalate[0].id) as { stage: StageRule }).stage
    decision.escalation = {
      stage,
      receivable_ids: dueEscalate.map((r) => r.id),
      idempotency_key: `escalate:${customer_id}:${stage.id}:${dayKey}`,
    }
    for (const r of dueEscalate) {
      handled.add(r.id)
      const plan = plans.get(r.id) as { stage: StageRule }
      // the escalation that the maximum of notices creates is no stage of the policy: the stage stays
      const stageAfter = plan.stage.id === MAX_NOTICES_ESCALATION.id ? r.stage : advancedStage(rules, r.stage, plan.stage)
      const escalated: ReceivableState = { ...r, stage: stageAfter, escalated_at: now }
      update(r, { stage: stageAfter, escalated_at: now, next_action_at: nextMoment(planNext(escalated, rules, now)) })
    }
  }

  if (dueSend.length) {
    const ids = dueSend.map((r) => r.id)
    const defer = (reason: SkipReason, until: Date) => {
      dueSend.forEach((r) => {
        handled.add(r.id)
        update(r, { next_action_at: until })
      })
      skip(reason, ids)
    }
    const contacts = situation.recent_contacts
      .filter((c) => now.getTime() - c.getTime() < 30 * DAY_MS)
      .sort((a, b) => a.getTime() - b.getTime())
    let stage = dueSend
      .map((r) => (plans.get(r.id) as { stage: StageRule }).stage)
      .reduce((a, b) => (indexOf(b) > indexOf(a) ? b : a))
    const pending = situation.pending_notice ?? null
    const outsideWindow = !inSendWindow(now, rules.window)
    const overCap = contacts.length >= rules.max_contacts_per_30_days

    if (pending?.in_delivery) {
      defer("notice_in_delivery", pending.look_again_at)
    } else if (!pending && !situation.force && outsideWindow) {
      defer("outside_send_window", nextWindowOpening(now, rules.window))
    } else if (!pending && !situation.force && overCap) {
      const freed = new Date(contacts[contacts.length - rules.max_contacts_per_30_days].getTime() + 30 * DAY_MS)
      defer("contact_cap", nextWindowOpening(freed, rules.window))
    } else {
      const pendingStage = pending?.stage_id ? rules.stages.find((s) => s.id === pending.stage_id) : undefined
      if (pendingStage && indexOf(pendingStage) > indexOf(stage)) {
        stage = pendingStage
      }
      const covered = new Set(pending?.receivable_ids ?? [])
      const bypassed: Bypass[] = pending ? [] : [...(outsideWindow ? ["send_window" as const] : []), ...(overCap ? ["contact_cap" as const] : [])]
      const listed = situation.receivables.filter(
        (r) =>
          !ids.includes(r.id) &&
          !activeHold(r, now) &&
          localDay(r.due_at, rules.window.timezone) < today &&
          decimalCompare(r.amount, r.amount_paid) > 0
      )
      decision.notice = {
        stage,
        due_ids: ids,
        listed_ids: listed.map((r) => r.id),
        // a reminder sent on request is one a day, whatever its stage: a double click sends one notice
        idempotency_key: situation.force ? `${customer_id}:on-request:${dayKey}` : `${customer_id}:${stage.id}:${dayKey}`,
        fold_into: pending?.id ?? null,
        on_request: situation.force ? { bypassed } : null,
      }
      if (pending) {
        skip("folded_into_pending_notice", ids)
      }
      for (const r of [...dueSend, ...listed]) {
        if (handled.has(r.id)) {
          // escalated in this same run: listed in the notice, its state already moved on
          continue
        }
        handled.add(r.id)
        const plan = plans.get(r.id)!
        const sent: ReceivableState = {
          ...r,
          stage: ids.includes(r.id) && plan.kind === "due" ? advancedStage(rules, r.stage, plan.stage) : r.stage,
          // a receivable the pending notice already covers gets no second notice by the fold
          notices_sent: covered.has(r.id) ? r.notices_sent : r.notices_sent + 1,
          last_notice_at: now,
        }
        update(r, {
          stage: sent.stage,
          notices_sent: sent.notices_sent,
          last_notice_at: now,
          next_action_at: nextMoment(planNext(sent, rules, now)),
        })
      }
    }
  }

  deferRest()
  return decision
}

/** The sentence a claim's note carries when an admin asked for the reminder. */
export function onRequestNote(requestedBy: string | null, bypassed: Bypass[]): string {
  const passed = bypassed.map((b) => (b === "send_window" ? "outside the send window" : "over the contact cap"))
  const by = `sent on request by ${requestedBy?.trim() || "an admin"}`
  return passed.length ? `${by}, ${passed.join(" and ")}` : by
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
