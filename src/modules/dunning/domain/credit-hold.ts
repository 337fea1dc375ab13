import { decimalAdd, decimalCompare, decimalSub } from "./decimal"
import { currencyTotals, describeTotals, type CurrencyTotal } from "./notice-lines"
import { daysOverdue } from "./schedule"

/**
 * Credit holds: when a customer may no longer order on terms, and what would let them again. Pure: the
 * customer's open invoices, the rules of their policy, the hold in force and `now` go in; a decision
 * comes out.
 *
 * The rules, in a collections team's words:
 * - a stage marked `credit_hold` holds the customer from that stage on: once one of their unpaid invoices
 *   has reached it (or a later stage), they are held;
 * - a policy may also hold a customer whose overdue invoices in a currency come to more than a limit
 *   (`credit_hold_overdue_above`), or who has an invoice more than N days overdue (`credit_hold_days_overdue`);
 * - a disputed invoice still counts: a dispute does not lift a hold, resolving it by voiding, crediting or
 *   paying the invoice does;
 * - an automatic hold lifts by itself once none of the rules holds the customer any more. What lifts it, per
 *   currency: the invoices behind it paid in full (those at a credit-hold stage or past the days limit),
 *   plus whatever takes the rest of the overdue amount down to the limit;
 * - only the dunning run places automatic holds; a payment, a voided invoice or a recorded event only
 *   lifts them (and brings the amounts that would lift them up to date);
 * - a hold placed by hand stays until it is released by hand, whatever is paid;
 * - a hold released by hand waives the rules: no automatic hold comes back until the customer has been
 *   clear of the rules once, or until the date the person gave;
 * - a customer whose policy is disabled, or who is marked do-not-dun, is never held automatically;
 * - at checkout a held customer cannot complete an order paid with a payment provider that is on terms;
 *   orders paid up front go through, unless the merchant blocks every order of a held customer.
 */
export type CreditHoldSource = "stage" | "rule" | "manual"

export type MoneyAmount = { currency_code: string; amount: string }

export type CreditHoldRules = {
  policy_id: string
  /** The first stage marked `credit_hold` and every stage after it, in order. */
  hold_stages: Array<{ id: string; name: string }>
  /** Held while more than `amount` is overdue in `currency_code`. */
  overdue_above: MoneyAmount[]
  /** Held while an invoice is more than this many days overdue; null: no such rule. */
  days_overdue: number | null
  /** The store's timezone of the policy: days overdue are its calendar days. */
  timezone: string
}

/** An open receivable as the rules read it: what is left to pay, when it was due, the stage it reached. */
export type OpenInvoice = {
  id: string
  currency_code: string
  outstanding: string
  due_at: Date | null
  stage: string | null
}

export type Breach =
  | { kind: "stage"; stage_id: string; stage_name: string; receivable_ids: string[] }
  | { kind: "days_overdue"; limit_days: number; days: number; receivable_ids: string[] }
  | { kind: "overdue_above"; currency_code: string; limit: string; overdue: string }

/** Where a customer stands against the rules at a moment. */
export type CreditStanding = {
  /** Every rule the customer is past (none: not held by the rules). */
  breaches: Breach[]
  /** Days the oldest overdue invoice is overdue (0: nothing overdue). */
  days_overdue: number
  /** What is overdue, per currency. */
  overdue: CurrencyTotal[]
  /** Per currency, what paying would lift a hold (nothing while no rule holds the customer). */
  amounts_to_lift: MoneyAmount[]
  /** The invoices that must be paid in full for a hold to lift. */
  receivable_ids: string[]
}

type StageForRules = { id: string; name: string; offset_days: number; position: number; credit_hold?: boolean | null }

/** The credit hold rules of a stored policy; null when it has none or is disabled. */
export function creditHoldRulesOf(policy: {
  id: string
  enabled: boolean
  timezone: string
  credit_hold_overdue_above?: MoneyAmount[] | null
  credit_hold_days_overdue?: number | null
  stages: StageForRules[]
}): CreditHoldRules | null {
  const stages = [...policy.stages].sort((a, b) => a.offset_days - b.offset_days || a.position - b.position)
  const first = stages.findIndex((s) => !!s.credit_hold)
  const rules: CreditHoldRules = {
    policy_id: policy.id,
    hold_stages: first < 0 ? [] : stages.slice(first).map((s) => ({ id: s.id, name: s.name })),
    overdue_above: (policy.credit_hold_overdue_above ?? []).map((l) => ({ currency_code: l.currency_code.toLowerCase(), amount: String(l.amount) })),
    days_overdue: policy.credit_hold_days_overdue ?? null,
    timezone: policy.timezone,
  }
  const any = rules.hold_stages.length > 0 || rules.overdue_above.length > 0 || rules.days_overdue !== null
  return policy.enabled && any ? rules : null
}

const owes = (i: OpenInvoice) => decimalCompare(i.outstanding, 0) > 0
const sum = (invoices: OpenInvoice[]) => invoices.reduce((total, i) => decimalAdd(total, i.outstanding), "0")

/** Where the customer stands against `rules` at `now` (no rules: past none of them). */
export function creditStanding(invoices: OpenInvoice[], rules: CreditHoldRules | null, now: Date): CreditStanding {
  const tz = rules?.timezone ?? "UTC"
  const open = invoices.filter(owes)
  const late = (i: OpenInvoice) => (i.due_at ? daysOverdue(i.due_at, now, tz) : 0)
  const overdueInvoices = open.filter((i) => late(i) > 0)
  const standing: CreditStanding = {
    breaches: [],
    days_overdue: Math.max(0, ...overdueInvoices.map(late)),
    overdue: currencyTotals(overdueInvoices),
    amounts_to_lift: [],
    receivable_ids: [],
  }
  if (!rules) {
    return standing
  }
  const mustPay = new Set<string>()
  const holdStage = rules.hold_stages.find((s) => open.some((i) => i.stage === s.id))
  if (holdStage) {
    const stageIds = new Set(rules.hold_stages.map((s) => s.id))
    const reached = open.filter((i) => i.stage && stageIds.has(i.stage)).map((i) => i.id)
    reached.forEach((id) => mustPay.add(id))
    standing.breaches.push({ kind: "stage", stage_id: holdStage.id, stage_name: holdStage.name, receivable_ids: reached })
  }
  if (rules.days_overdue !== null) {
    const tooLate = overdueInvoices.filter((i) => late(i) > rules.days_overdue!)
    if (tooLate.length) {
      tooLate.forEach((i) => mustPay.add(i.id))
      standing.breaches.push({ kind: "days_overdue", limit_days: rules.days_overdue, days: standing.days_overdue, receivable_ids: tooLate.map((i) => i.id) })
    }
  }
  for (const limit of rules.overdue_above) {
    const overdue = standing.overdue.find((t) => t.currency_code === limit.currency_code)?.outstanding ?? "0"
    if (decimalCompare(overdue, limit.amount) > 0) {
      standing.breaches.push({ kind: "overdue_above", currency_code: limit.currency_code, limit: limit.amount, overdue })
    }
  }
  if (standing.breaches.length) {
    standing.receivable_ids = open.filter((i) => mustPay.has(i.id)).map((i) => i.id)
    standing.amounts_to_lift = amountsToLift(open, overdueInvoices, mustPay, rules, standing.overdue)
  }
  return standing
}

/**
 * Per currency: the invoices that must be paid in full, plus what takes the rest of the overdue amount
 * down to the currency's limit.
 */
function amountsToLift(
  open: OpenInvoice[],
  overdueInvoices: OpenInvoice[],
  mustPay: Set<string>,
  rules: CreditHoldRules,
  overdue: CurrencyTotal[]
): MoneyAmount[] {
  const currencies = [...new Set(open.map((i) => i.currency_code))].sort()
  const amounts: MoneyAmount[] = []
  for (const currency of currencies) {
    const inCurrency = (list: OpenInvoice[]) => list.filter((i) => i.currency_code === currency)
    const required = sum(inCurrency(open).filter((i) => mustPay.has(i.id)))
    const requiredOverdue = sum(inCurrency(overdueInvoices).filter((i) => mustPay.has(i.id)))
    const limit = rules.overdue_above.find((l) => l.currency_code === currency)
    const totalOverdue = overdue.find((t) => t.currency_code === currency)?.outstanding ?? "0"
    let amount = required
    if (limit) {
      const beyond = decimalSub(decimalSub(totalOverdue, requiredOverdue), limit.amount)
      if (decimalCompare(beyond, 0) > 0) {
        amount = decimalAdd(amount, beyond)
      }
    }
    if (decimalCompare(amount, 0) > 0) {
      amounts.push({ currency_code: currency, amount })
    }
  }
  return amounts
}

/** A hold in force, as the decision reads it. */
export type HoldInForce = { id: string; source: CreditHoldSource }

/** A person released the last hold: the rules place none until the customer is clear of them (or until `until`). */
export type Waiver = { hold_id: string; until: Date | null }

export type CreditHoldDecision = {
  /** What happens to the hold: a new one, the one in force lifted, its amounts brought up to date, or nothing. */
  action: "place" | "lift" | "refresh" | "none"
  /** The waiver of a hold released by hand ends (the customer is clear of the rules, or its date has passed). */
  end_waiver: boolean
  /** For a new hold: what placed it. */
  source?: "stage" | "rule"
}

/**
 * What happens to a customer's credit hold. `may_place`: whether this evaluation may place a hold (the
 * dunning run may; a payment, a voided invoice or an event only lifts).
 */
export function decideCreditHold(input: {
  hold: HoldInForce | null
  waiver: Waiver | null
  standing: CreditStanding
  may_place: boolean
  now: Date
}): CreditHoldDecision {
  const { hold, waiver, standing, may_place, now } = input
  const past = standing.breaches.length > 0
  if (hold) {
    if (hold.source === "manual") {
      return { action: "none", end_waiver: false }
    }
    return { action: past ? "refresh" : "lift", end_waiver: false }
  }
  if (!past) {
    return { action: "none", end_waiver: !!waiver }
  }
  const waiverOver = !!waiver?.until && waiver.until.getTime() <= now.getTime()
  if (waiver && !waiverOver) {
    return { action: "none", end_waiver: false }
  }
  if (!may_place) {
    return { action: "none", end_waiver: false }
  }
  return { action: "place", end_waiver: !!waiver, source: standing.breaches.some((b) => b.kind === "stage") ? "stage" : "rule" }
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`
const TWO_DECIMALS = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const money = (amount: string, currency: string) => `${TWO_DECIMALS.format(Number(amount))} ${currency.toUpperCase()}`

/** "45 days overdue, 12,400.00 EUR" (or "nothing overdue"). */
export function describeOverdue(standing: Pick<CreditStanding, "days_overdue" | "overdue">): string {
  return standing.overdue.length ? `${days(standing.days_overdue)} overdue, ${describeTotals(standing.overdue)}` : "nothing overdue"
}

function describeBreach(breach: Breach): string {
  switch (breach.kind) {
    case "stage":
      return `${breach.receivable_ids.length === 1 ? "an invoice" : `${breach.receivable_ids.length} invoices`} reached the stage "${breach.stage_name}"`
    case "days_overdue":
      return `${breach.receivable_ids.length === 1 ? "an invoice is" : `${breach.receivable_ids.length} invoices are`} more than ${days(breach.limit_days)} overdue`
    case "overdue_above":
      return `${money(breach.overdue, breach.currency_code)} overdue is above the limit of ${money(breach.limit, breach.currency_code)}`
  }
}

/** Why the rules hold the customer: "45 days overdue, 12,400.00 EUR: an invoice reached the stage "Final notice"". */
export function holdReason(standing: CreditStanding): string {
  return `${describeOverdue(standing)}: ${standing.breaches.map(describeBreach).join("; ")}`
}

/** The history's line when the rules stop holding the customer. */
export function liftReason(standing: CreditStanding): string {
  return `no longer past the policy's credit hold rules (${describeOverdue(standing)})`
}

/** "12,400.00 EUR and 300.00 USD" for what lifts a hold. */
export function describeAmounts(amounts: MoneyAmount[]): string {
  return describeTotals(amounts.map((a) => ({ currency_code: a.currency_code, outstanding: a.amount, count: 1 })))
}

/**
 * Whether a held customer's checkout is refused: an order paid with a payment provider on terms, or any
 * order when the merchant blocks every order of a held customer.
 */
export function refusesCheckout(input: { payment_provider_ids: string[]; terms_providers: string[]; block_all_orders: boolean }): boolean {
  return input.block_all_orders || input.payment_provider_ids.some((id) => input.terms_providers.includes(id))
}

/**
 * Whether an order a held customer placed slipped past the checks (another path than the store's checkout,
 * a payment webhook): it became a receivable on terms (paid with a provider on terms, or with no payment at
 * all), or the merchant blocks every order of a held customer.
 */
export function orderSlippedThrough(input: {
  payment_provider_ids: string[]
  terms_providers: string[]
  block_all_orders: boolean
  became_receivable: boolean
}): boolean {
  if (input.block_all_orders) {
    return true
  }
  const onTerms = !input.payment_provider_ids.length || input.payment_provider_ids.some((id) => input.terms_providers.includes(id))
  return input.became_receivable && onTerms
}
