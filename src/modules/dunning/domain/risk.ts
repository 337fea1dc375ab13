/**
 * How risky a customer is to sell to on terms, from the customer's own history in the ledger: a score from
 * 0 to 100 and a band. Pure: the facts of one customer over the last twelve months and the merchant's
 * settings go in; the score, each factor with its value and contribution, and the band come out.
 *
 * The rules, in a collections team's words:
 * - seven factors, each read from the last twelve months: how late the customer pays (days late, weighted
 *   by the invoices' amounts), how many invoices they pay on time, the promises they broke, the invoices
 *   they disputed, what they owe past due now compared with what they buy in a typical month, the notices
 *   that could not be delivered to them, and whether they pay later lately (the last three months against
 *   the nine before);
 * - each factor counts from nothing up to its full weight, in proportion to its value, and reaches its full
 *   weight at a value the merchant sets (`fullAt`): two broken promises count as much as broken promises
 *   can count; paying earlier lately, or on time, counts nothing;
 * - the weights are relative: the score is the sum of the contributions, scaled so that a customer at the
 *   full weight of every factor scores 100;
 * - the band: "high" from the high threshold up, "medium" from the medium threshold up, "low" below; a
 *   customer with fewer settled invoices than the minimum in the window is "new" (their score is still
 *   shown, but too little is known to call them low);
 * - amounts in different currencies are never added: days late are weighted by amounts within a currency,
 *   and the currencies' averages by their number of invoices; what is overdue is compared with purchases
 *   currency by currency, and the worst currency counts.
 */
export const RISK_WINDOW_MONTHS = 12
export const RISK_RECENT_MONTHS = 3

export const RISK_BANDS = ["new", "low", "medium", "high"] as const
export type RiskBand = (typeof RISK_BANDS)[number]

export const RISK_FACTOR_KEYS = ["days_late", "on_time", "broken_promises", "disputes", "overdue", "bounced_contacts", "trend"] as const
export type RiskFactorKey = (typeof RISK_FACTOR_KEYS)[number]

/** The merchant's settings (plugin options `risk.*`): relative weights, the values at which a factor counts in full, the bands. */
export type RiskSettings = {
  minSettledInvoices: number
  bands: { medium: number; high: number }
  weights: { daysLate: number; onTime: number; brokenPromises: number; disputes: number; overdue: number; bouncedContacts: number; trend: number }
  fullAt: { daysLate: number; brokenPromises: number; disputes: number; overdueMonths: number; bouncedContacts: number; trendDays: number }
}

/** Invoices settled in a part of the window, in one currency. */
export type SettledFacts = {
  count: number
  /** Their total (a decimal string). */
  amount: string
  /** Σ amount × whole UTC days late (0 when paid by the due date). */
  amount_days_late: string
}

/** One customer's facts in one currency over the window. */
export type CurrencyFacts = {
  currency_code: string
  /** Invoices settled in the window, and how many of them by their due date. */
  settled: SettledFacts & { on_time: number }
  /** The same invoices split at `now − 3 months`: settled lately, and in the nine months before. */
  recent: SettledFacts
  earlier: SettledFacts
  /** Invoiced in the window (voided invoices aside), and the first such invoice's issue date. */
  invoiced_amount: string
  first_invoiced_at: Date | null
  /** Open and past due at `now`. */
  overdue_amount: string
}

/** What the ledger says about one customer over the window `[now − 12 months, now)`. */
export type RiskFacts = {
  customer_id: string
  currencies: CurrencyFacts[]
  /** Promises to pay made in the window and broken by `now`. */
  broken_promises: number
  /** Disputes opened in the window. */
  disputes: number
  /** Notices that could not be delivered (failed) in the window. */
  bounced_contacts: number
}

export type RiskFactor = {
  key: RiskFactorKey
  /** null: nothing to measure (no invoice settled, or none in one of the trend's two periods). */
  value: number | null
  /** Points of the score this factor gives, from 0 to its share of 100. */
  contribution: number
}

export type RiskAssessment = {
  customer_id: string
  score: number
  band: RiskBand
  factors: RiskFactor[]
  /** Invoices settled in the window: below `minSettledInvoices` the customer is "new". */
  settled_invoices: number
  computed_at: Date
}

const WEIGHT_OPTION: Record<RiskFactorKey, keyof RiskSettings["weights"]> = {
  days_late: "daysLate",
  on_time: "onTime",
  broken_promises: "brokenPromises",
  disputes: "disputes",
  overdue: "overdue",
  bounced_contacts: "bouncedContacts",
  trend: "trend",
}

/** A month, as "typical monthly purchases" count it: the average length of a calendar month. */
const MONTH_DAYS = 30.436875
const DAY_MS = 86_400_000

const round = (value: number, places: number) => {
  const f = 10 ** places
  return Math.round(value * f) / f
}
const clamp01 = (value: number) => Math.min(1, Math.max(0, value))

/**
 * Amount-weighted days late: per currency Σ(amount × days late) / Σ amount, the currencies' averages weighted
 * by their number of invoices. null when nothing was settled.
 */
export function weightedDaysLate(parts: SettledFacts[]): number | null {
  let count = 0
  let sum = 0
  for (const part of parts) {
    const amount = Number(part.amount)
    if (part.count > 0 && amount > 0) {
      count += part.count
      sum += part.count * (Number(part.amount_days_late) / amount)
    }
  }
  return count ? sum / count : null
}

/** Share of the invoices settled in the window that were paid by their due date; null when none was settled. */
export function onTimeShare(currencies: CurrencyFacts[]): number | null {
  const settled = currencies.reduce((n, c) => n + c.settled.count, 0)
  return settled ? currencies.reduce((n, c) => n + c.settled.on_time, 0) / settled : null
}

/**
 * What is overdue now in months of the customer's typical purchases: per currency the overdue amount over
 * the average invoiced per month since the customer's first invoice in the window (at least one month, at
 * most twelve); the worst currency. Money overdue with nothing invoiced in the window counts in full
 * (`cap`). 0 when nothing is overdue.
 */
export function overdueMonths(currencies: CurrencyFacts[], now: Date, cap: number): number {
  let worst = 0
  for (const c of currencies) {
    const overdue = Number(c.overdue_amount)
    if (!(overdue > 0)) {
      continue
    }
    const invoiced = Number(c.invoiced_amount)
    if (!(invoiced > 0) || !c.first_invoiced_at) {
      worst = Math.max(worst, cap)
      continue
    }
    const months = Math.min(RISK_WINDOW_MONTHS, Math.max(1, (now.getTime() - c.first_invoiced_at.getTime()) / DAY_MS / MONTH_DAYS))
    worst = Math.max(worst, overdue / (invoiced / months))
  }
  return worst
}

/** Days later (positive) or earlier (negative) the customer pays lately than in the nine months before; null without both. */
export function paymentTrend(currencies: CurrencyFacts[]): number | null {
  const recent = weightedDaysLate(currencies.map((c) => c.recent))
  const earlier = weightedDaysLate(currencies.map((c) => c.earlier))
  return recent === null || earlier === null ? null : recent - earlier
}

/** Each factor's value and how much of its weight it reaches (0 to 1). */
function factorLevels(facts: RiskFacts, settings: RiskSettings, now: Date): Array<{ key: RiskFactorKey; value: number | null; level: number }> {
  const full = settings.fullAt
  const daysLate = weightedDaysLate(facts.currencies.map((c) => c.settled))
  const onTime = onTimeShare(facts.currencies)
  const overdue = overdueMonths(facts.currencies, now, full.overdueMonths)
  const trend = paymentTrend(facts.currencies)
  return [
    { key: "days_late", value: daysLate === null ? null : round(daysLate, 1), level: daysLate === null ? 0 : clamp01(daysLate / full.daysLate) },
    { key: "on_time", value: onTime === null ? null : round(onTime, 4), level: onTime === null ? 0 : clamp01(1 - onTime) },
    { key: "broken_promises", value: facts.broken_promises, level: clamp01(facts.broken_promises / full.brokenPromises) },
    { key: "disputes", value: facts.disputes, level: clamp01(facts.disputes / full.disputes) },
    { key: "overdue", value: round(overdue, 2), level: clamp01(overdue / full.overdueMonths) },
    { key: "bounced_contacts", value: facts.bounced_contacts, level: clamp01(facts.bounced_contacts / full.bouncedContacts) },
    { key: "trend", value: trend === null ? null : round(trend, 1), level: trend === null ? 0 : clamp01(trend / full.trendDays) },
  ]
}

/** The band of a score: "new" below the minimum of settled invoices, else by the thresholds. */
export function riskBand(score: number, settledInvoices: number, settings: RiskSettings): RiskBand {
  if (settledInvoices < settings.minSettledInvoices) {
    return "new"
  }
  return score >= settings.bands.high ? "high" : score >= settings.bands.medium ? "medium" : "low"
}

/** Scores one customer at `now` from their facts. */
export function assessRisk(facts: RiskFacts, settings: RiskSettings, now: Date): RiskAssessment {
  const totalWeight = RISK_FACTOR_KEYS.reduce((sum, key) => sum + settings.weights[WEIGHT_OPTION[key]], 0)
  const levels = factorLevels(facts, settings, now)
  let exact = 0
  const factors = levels.map(({ key, value, level }) => {
    const points = totalWeight > 0 ? (100 * settings.weights[WEIGHT_OPTION[key]] * level) / totalWeight : 0
    exact += points
    return { key, value, contribution: round(points, 1) }
  })
  const settled = facts.currencies.reduce((n, c) => n + c.settled.count, 0)
  const score = Math.min(100, Math.max(0, Math.round(exact)))
  return { customer_id: facts.customer_id, score, band: riskBand(score, settled, settings), factors, settled_invoices: settled, computed_at: now }
}

/** The factors that weigh most: those that contribute anything, largest first (at most `count`). */
export function topFactors(factors: RiskFactor[], count = 3): RiskFactor[] {
  return factors
    .filter((f) => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || RISK_FACTOR_KEYS.indexOf(a.key) - RISK_FACTOR_KEYS.indexOf(b.key))
    .slice(0, count)
}
