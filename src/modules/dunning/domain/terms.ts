import { decimalCompare } from "./decimal"

/**
 * Payment terms: which orders are sales on terms, how many days the invoice gives, and from when.
 *
 * - An order is on terms when it was paid with a payment provider the merchant lists as "on terms"
 *   (Medusa's manual provider by default: pay later, by invoice), or when its customer has terms of their
 *   own (terms days on their collection profile, or a customer group with terms).
 * - Only customers the merchant set up for collections (a collection profile, or a group with terms) have
 *   their orders turned into receivables, unless the merchant widens it to every customer. A card
 *   authorised at checkout by an unknown buyer is a card sale, never an invoice.
 * - An order without a customer, with nothing to pay, paid in full at checkout or canceled is never
 *   invoiced, not even by hand.
 * - Terms days: the customer's own profile wins; otherwise the longest terms of the customer's groups (a
 *   customer in "Distributors" and "EU" is never chased before either agreement allows); otherwise the
 *   plugin default.
 * - Terms run from the order date, its first shipment or its first delivery (the customer's profile says
 *   which, else the plugin option). Until then the invoice has no due date and is never chased. Of several
 *   fulfilments the first counts; a fulfilment marked delivered without a recorded shipment was shipped
 *   by then, so it starts terms that run from shipment too.
 */
export type TermsStart = "order" | "shipment" | "delivery"

export const TERMS_STARTS: readonly TermsStart[] = ["order", "shipment", "delivery"]

export type TermsSources = {
  profileTermsDays?: number | null
  groupTermsDays?: Array<number | null | undefined>
  defaultTermsDays: number
}

/** What the merchant told us about a customer: their collection profile and their groups' terms. */
export type CustomerTerms = {
  has_profile: boolean
  profile_terms_days: number | null
  profile_terms_start: TermsStart | null
  group_terms_days: number[]
}

/** What an order shows about how it was paid. Amounts are decimal strings in the order's currency. */
export type OrderPaymentFacts = {
  has_customer: boolean
  canceled: boolean
  total: string
  /** Captured minus refunded, over all of the order's payments. */
  captured: string
  /** The providers of the order's payments (or, before any payment, of its authorised sessions). */
  payment_provider_ids: string[]
}

export type OnTermsRules = {
  payment_providers: string[]
  customers: "with_terms" | "all"
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

/** Whether the customer has terms of their own: terms days on their profile, or a group with terms. */
export function customerHasTerms(customer: CustomerTerms): boolean {
  return customer.profile_terms_days !== null || customer.group_terms_days.length > 0
}

/** Whether the merchant set the customer up for collections: a collection profile, or a group with terms. */
export function isCollectionsCustomer(customer: CustomerTerms): boolean {
  return customer.has_profile || customer.group_terms_days.length > 0
}

/**
 * Why an order cannot be invoiced at all, automatically or by hand (no customer, canceled, nothing to pay,
 * paid at checkout), or null when it can.
 */
export function whyNotInvoiceable(order: OrderPaymentFacts): string | null {
  if (!order.has_customer) {
    return "the order has no customer"
  }
  if (order.canceled) {
    return "the order is canceled"
  }
  if (decimalCompare(order.total, 0) <= 0) {
    return "the order total is zero"
  }
  if (decimalCompare(order.captured, order.total) >= 0) {
    return "the order was paid at checkout"
  }
  return null
}

/** Why an order is not a sale on terms, in words for the log and the admin, or null when it is one. */
export function whyNotOnTerms(order: OrderPaymentFacts, customer: CustomerTerms, rules: OnTermsRules): string | null {
  const notInvoiceable = whyNotInvoiceable(order)
  if (notInvoiceable) {
    return notInvoiceable
  }
  if (rules.customers === "with_terms" && !isCollectionsCustomer(customer)) {
    return "the customer has no collection profile and is in no customer group with terms"
  }
  const listed = order.payment_provider_ids.some((id) => rules.payment_providers.includes(id))
  if (listed || customerHasTerms(customer)) {
    return null
  }
  const paidWith = order.payment_provider_ids.length ? order.payment_provider_ids.join(", ") : "no payment provider"
  return `it was paid with ${paidWith}, which is not a payment on terms, and the customer has no terms of their own`
}

/** When the customer's terms run from: their profile's choice, else the plugin's. */
export function resolveTermsStart(customer: Pick<CustomerTerms, "profile_terms_start">, defaultStart: TermsStart): TermsStart {
  return customer.profile_terms_start ?? defaultStart
}

export type FulfilmentDates = {
  shipped_at?: Date | string | null
  delivered_at?: Date | string | null
  canceled_at?: Date | string | null
}

/**
 * The moment an order's terms started: the order date, or the first shipment (or delivery) of its
 * fulfilments that were not canceled; null while that has not happened yet.
 */
export function termsStartedAt(start: TermsStart, placedAt: Date, fulfilments: FulfilmentDates[]): Date | null {
  if (start === "order") {
    return placedAt
  }
  const moments = fulfilments
    .filter((f) => !f.canceled_at)
    .map((f) => (start === "shipment" ? f.shipped_at ?? f.delivered_at : f.delivered_at))
    .filter((at): at is Date | string => !!at)
    .map((at) => new Date(at).getTime())
    .filter((t) => !Number.isNaN(t))
  return moments.length ? new Date(Math.min(...moments)) : null
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The due date of an invoice whose terms started at `startedAt` on `termsDays` net terms: the same
 * wall-clock instant `termsDays` days later. Kept in UTC; the engine turns it into calendar days in the
 * store's timezone.
 */
export function dueDateFor(startedAt: Date, termsDays: number): Date {
  return new Date(startedAt.getTime() + termsDays * DAY_MS)
}
