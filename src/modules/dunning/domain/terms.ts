/**
 * Payment terms: how many days after the invoice date a receivable falls due.
 * The customer's own profile wins; otherwise the longest terms of the customer's groups (a customer in
 * "Distributors" and "EU" is never chased before either agreement allows); otherwise the plugin default.
 */
export type TermsSources = {
  profileTermsDays?: number | null
  groupTermsDays?: Array<number | null | undefined>
  defaultTermsDays: number
}

export function resolveTermsDays({ profileTermsDays, groupTermsDays, defaultTermsDays }: TermsSources): number {
  if (profileTermsDays !== null && profileTermsDays !== undefined) {
    return profileTermsDays
  }
  const groupTerms = (groupTermsDays ?? []).filter((d): d is number => typeof d === "number")
  if (groupTerms.length) {
    return Math.max(...groupTerms)
  }
  return defaultTermsDays
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The due date of an invoice issued at `issuedAt` on `termsDays` net terms: the same wall-clock instant
 * `termsDays` days later. Kept in UTC; the engine turns it into calendar days in the store's timezone.
 */
export function dueDateFor(issuedAt: Date, termsDays: number): Date {
  return new Date(issuedAt.getTime() + termsDays * DAY_MS)
}
