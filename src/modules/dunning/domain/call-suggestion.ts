/**
 * What to do next with a customer, read from the customer's own history: the next step an escalation
 * suggests and the "why call now" of the call list. Rules, first that applies wins, in a collections
 * team's words:
 *
 * 1. Notices bounced twice or more in 12 months: e-mail does not reach them, use the phone number.
 * 2. Two or more promises broken in the last 90 days: another promise is worth little, ask for a partial
 *    payment today.
 * 3. Disputes on at least one invoice in four (two disputes or more in 12 months): check the order before
 *    calling, the call will be about it.
 * 4. The customer usually pays after a given notice (the median over at least three invoices paid after a
 *    notice in 12 months: which notice, and how many days after it), and the overdue invoice has not had
 *    that notice yet, or had it fewer days ago than they usually take: a call now is early.
 * Otherwise, no suggestion from the pattern: the caller says what it said before (call; consider a credit
 * hold, or a collection agency when long overdue).
 */
export type CustomerPattern = {
  /** Notices that could not be delivered in 12 months (the risk score's `bounced_contacts`). */
  bounced_notices: number
  /** Promises broken whose deadline fell in the last 90 days. */
  broken_promises_90_days: number
  /** Disputes opened in 12 months, and invoices issued in 12 months. */
  disputes: number
  invoices: number
  /** Invoices paid in 12 months after at least one notice; the median notice they were paid after, and the median days from it to payment. */
  paid_after_notice: number
  usual_notice: number | null
  usual_days_after_notice: number | null
  /** The customer's overdue invoices now: the most notices one has had, and days since the latest notice (null: none). */
  current_notices: number
  days_since_last_notice: number | null
}

export const SUGGESTION_CODES = ["email_bounced", "broken_promises", "disputes_often", "call_early", "call_now"] as const
export type SuggestionCode = (typeof SUGGESTION_CODES)[number]

export type CallSuggestion = { code: SuggestionCode; params: Record<string, number> }

export const PATTERN_RULES = {
  bouncedAtLeast: 2,
  brokenPromisesAtLeast: 2,
  brokenPromisesDays: 90,
  disputesAtLeast: 2,
  /** One invoice in this many or more often. */
  disputeEvery: 4,
  paidAfterNoticeAtLeast: 3,
} as const

export function bouncedRule(p: CustomerPattern): CallSuggestion | null {
  return p.bounced_notices >= PATTERN_RULES.bouncedAtLeast ? { code: "email_bounced", params: { count: p.bounced_notices } } : null
}

export function brokenPromisesRule(p: CustomerPattern): CallSuggestion | null {
  return p.broken_promises_90_days >= PATTERN_RULES.brokenPromisesAtLeast
    ? { code: "broken_promises", params: { count: p.broken_promises_90_days, days: PATTERN_RULES.brokenPromisesDays } }
    : null
}

export function disputesRule(p: CustomerPattern): CallSuggestion | null {
  if (p.disputes < PATTERN_RULES.disputesAtLeast || p.invoices <= 0 || p.disputes * PATTERN_RULES.disputeEvery < p.invoices) {
    return null
  }
  // "one invoice in three": rounded, never more often than every invoice
  return { code: "disputes_often", params: { every: Math.max(1, Math.round(p.invoices / p.disputes)), disputes: p.disputes, invoices: p.invoices } }
}

export function callEarlyRule(p: CustomerPattern): CallSuggestion | null {
  if (p.paid_after_notice < PATTERN_RULES.paidAfterNoticeAtLeast || p.usual_notice === null || p.usual_days_after_notice === null) {
    return null
  }
  const before = p.current_notices < p.usual_notice
  const waiting = p.current_notices === p.usual_notice && p.days_since_last_notice !== null && p.days_since_last_notice < p.usual_days_after_notice
  return before || waiting ? { code: "call_early", params: { notice: p.usual_notice, days: p.usual_days_after_notice } } : null
}

const RULES = [bouncedRule, brokenPromisesRule, disputesRule, callEarlyRule]

/** The suggestion the customer's pattern makes, or null: the caller keeps its usual sentence. */
export function suggestFromPattern(pattern: CustomerPattern | null | undefined): CallSuggestion | null {
  if (!pattern) {
    return null
  }
  for (const rule of RULES) {
    const suggestion = rule(pattern)
    if (suggestion) {
      return suggestion
    }
  }
  return null
}

/** The suggestion, or the usual one: call now (`long_overdue` 1 past 60 days: a collection agency may be next). */
export function callSuggestion(pattern: CustomerPattern | null | undefined, daysOverdue: number): CallSuggestion {
  return suggestFromPattern(pattern) ?? { code: "call_now", params: { long_overdue: daysOverdue >= 60 ? 1 : 0 } }
}
