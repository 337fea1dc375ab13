import { RISK_WINDOW_MONTHS, type RiskAssessment, type RiskBand, type RiskFactor, type RiskFactorKey } from "./risk"

/**
 * When a customer's risk band changes, and why, in the words a rep reads in the history ("medium → high on
 * 3 March: second broken promise"). Pure: the stored assessment and the new one go in.
 *
 * The rules:
 * - only a change of band is recorded; the first assessment of a customer is not a change;
 * - a customer who goes up a band went up because of the factor whose contribution rose most; one who goes
 *   down, because of the factor whose contribution fell most;
 * - a customer who leaves "new" does so because enough invoices are now settled (the factor that weighs most
 *   is named beside it); one who becomes "new" again, because too few are settled in the window;
 * - when no factor moved that way (the merchant changed the weights or the thresholds), the reason says the
 *   score moved under the settings.
 */
export type StoredRisk = { band: RiskBand; score: number; factors: RiskFactor[] }

export type RiskBandChange = {
  customer_id: string
  from_band: RiskBand
  to_band: RiskBand
  from_score: number
  to_score: number
  /** The factor behind the change; null when it is the amount of history or the settings. */
  factor: RiskFactorKey | null
  reason: string
  changed_at: Date
}

const BAND_ORDER: Record<RiskBand, number> = { new: 0, low: 1, medium: 2, high: 3 }

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]

export function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? `${n}th`
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What one factor's value says, as a rep reads it. */
export function describeFactor(key: RiskFactorKey, value: number | null): string {
  const months = `in ${RISK_WINDOW_MONTHS} months`
  switch (key) {
    case "days_late":
      return value === null ? "no invoice settled" : `pays ${value} days late on average`
    case "on_time":
      return value === null ? "no invoice settled" : `pays ${Math.round(value * 100)}% of invoices on time`
    case "broken_promises":
      return `${plural(value ?? 0, "broken promise", "broken promises")} ${months}`
    case "disputes":
      return `${plural(value ?? 0, "dispute", "disputes")} ${months}`
    case "overdue":
      return !value ? "nothing overdue" : `${value} months of purchases overdue`
    case "bounced_contacts":
      return `${plural(value ?? 0, "undelivered notice", "undelivered notices")} ${months}`
    case "trend":
      if (value === null) {
        return "no trend yet"
      }
      return value === 0 ? "pays as late as before" : `pays ${Math.abs(value)} days ${value > 0 ? "later" : "earlier"} than in the 9 months before`
  }
}

/** Factors counted one by one: a rise of exactly one is told as "second broken promise". */
const COUNTED: Partial<Record<RiskFactorKey, string>> = {
  broken_promises: "broken promise",
  disputes: "dispute",
  bounced_contacts: "undelivered notice",
}

function riseReason(key: RiskFactorKey, before: number | null, after: number | null): string {
  const counted = COUNTED[key]
  if (counted && after !== null && after === (before ?? 0) + 1) {
    return `${ordinal(after)} ${counted}`
  }
  return describeFactor(key, after)
}

function fallReason(key: RiskFactorKey, before: number | null, after: number | null): string {
  return `${describeFactor(key, after)} (was ${describeFactor(key, before)})`
}

/** The factor whose contribution moved most in the direction `sign` (+1: rose, −1: fell); null when none did. */
function movedMost(previous: RiskFactor[], next: RiskFactor[], sign: 1 | -1): { key: RiskFactorKey; before: number | null; after: number | null } | null {
  let best: { key: RiskFactorKey; before: number | null; after: number | null; delta: number } | null = null
  for (const factor of next) {
    const old = previous.find((p) => p.key === factor.key)
    const delta = sign * (factor.contribution - (old?.contribution ?? 0))
    if (delta > 0 && (!best || delta > best.delta)) {
      best = { key: factor.key, before: old?.value ?? null, after: factor.value, delta }
    }
  }
  return best
}

/** The change of band from what was stored to the new assessment, with its reason; null when the band is the same. */
export function riskBandChange(previous: StoredRisk | null, next: RiskAssessment): RiskBandChange | null {
  if (!previous || previous.band === next.band) {
    return null
  }
  const change = { customer_id: next.customer_id, from_band: previous.band, to_band: next.band, from_score: previous.score, to_score: next.score, changed_at: next.computed_at }
  const settled = plural(next.settled_invoices, "invoice", "invoices")
  if (next.band === "new") {
    return { ...change, factor: null, reason: `too little history: ${settled} settled in ${RISK_WINDOW_MONTHS} months` }
  }
  if (previous.band === "new") {
    const [top] = [...next.factors].sort((a, b) => b.contribution - a.contribution)
    const weighs = top && top.contribution > 0 ? `; weighs most: ${describeFactor(top.key, top.value)}` : ""
    return { ...change, factor: null, reason: `enough history: ${settled} settled in ${RISK_WINDOW_MONTHS} months${weighs}` }
  }
  const up = BAND_ORDER[next.band] > BAND_ORDER[previous.band]
  const moved = movedMost(previous.factors ?? [], next.factors, up ? 1 : -1)
  if (!moved) {
    return { ...change, factor: null, reason: `score ${previous.score} → ${next.score} under the current settings` }
  }
  const reason = up ? riseReason(moved.key, moved.before, moved.after) : fallReason(moved.key, moved.before, moved.after)
  return { ...change, factor: moved.key, reason }
}
