import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../../modules/dunning"
import type DunningModuleService from "../../modules/dunning/service"
import { creditHoldMessage } from "./messages"

/**
 * A credit hold as the admin and the storefront see it. The admin sees what placed it and why; the
 * customer sees whether they are held, since when, the message the store shows, and what to pay to lift
 * it (nothing to pay lifts a hold placed by hand: the customer is asked to get in touch).
 */
const HOLD_FIELDS = [
  "id",
  "customer_id",
  "source",
  "reason",
  "policy_id",
  "placed_at",
  "placed_by",
  "amounts_to_lift",
  "receivable_ids",
  "evaluated_at",
  "released_at",
  "released_by",
  "release_reason",
  "waiver_active",
  "waived_until",
]

export type CreditHoldRow = Record<string, any>

/** The customers' holds in force (at most one each, by a unique index). */
export async function holdsInForce(scope: MedusaContainer, customerIds: string[]): Promise<Map<string, CreditHoldRow>> {
  if (!customerIds.length) {
    return new Map()
  }
  const dunning = scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const rows = (await dunning.listCreditHolds({ customer_id: customerIds, released_at: null }, { select: HOLD_FIELDS, take: null })) as CreditHoldRow[]
  return new Map(rows.map((r) => [r.customer_id, r]))
}

/** The hold in force of one customer, or null. */
export async function holdInForce(scope: MedusaContainer, customerId: string): Promise<CreditHoldRow | null> {
  return (await holdsInForce(scope, [customerId])).get(customerId) ?? null
}

/** The customer's last hold released by hand while its waiver keeps the rules from placing another, or null. */
export async function waiverOf(scope: MedusaContainer, customerId: string): Promise<CreditHoldRow | null> {
  const dunning = scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [row] = (await dunning.listCreditHolds(
    { customer_id: customerId, waiver_active: true },
    { select: HOLD_FIELDS, take: 1, order: { released_at: "DESC" } }
  )) as CreditHoldRow[]
  return row ?? null
}

export function presentCreditHold(hold: CreditHoldRow | null) {
  if (!hold) {
    return null
  }
  return {
    id: hold.id,
    customer_id: hold.customer_id,
    source: hold.source,
    reason: hold.reason,
    policy_id: hold.policy_id ?? null,
    placed_at: hold.placed_at,
    placed_by: hold.placed_by ?? null,
    // a hold placed by hand lifts only by hand, whatever is paid
    lifts_on_payment: hold.source !== "manual",
    amounts_to_lift: hold.source === "manual" ? [] : hold.amounts_to_lift ?? [],
    receivable_ids: hold.source === "manual" ? [] : hold.receivable_ids ?? [],
    evaluated_at: hold.evaluated_at ?? null,
  }
}

export function presentWaiver(released: CreditHoldRow | null) {
  if (!released) {
    return null
  }
  return {
    credit_hold_id: released.id,
    released_at: released.released_at,
    released_by: released.released_by ?? null,
    reason: released.release_reason ?? null,
    until: released.waived_until ?? null,
  }
}

/** What the storefront shows the logged-in customer. */
export function presentCreditStatus(hold: CreditHoldRow | null, language: string) {
  const presented = presentCreditHold(hold)
  return {
    on_hold: !!presented,
    since: presented?.placed_at ?? null,
    kind: presented ? (presented.source === "manual" ? "manual" : "overdue") : null,
    message: presented ? creditHoldMessage(presented.source, language) : null,
    lifts_on_payment: presented?.lifts_on_payment ?? false,
    amounts_to_lift: presented?.amounts_to_lift ?? [],
    receivable_ids: presented?.receivable_ids ?? [],
  }
}
