import { decimalCompare, decimalPlaces, DecimalError } from "./decimal"

/**
 * ISO 4217 currency codes as Medusa stores them (lower case), and the rules an amount of money must
 * follow to be accepted: a plain decimal, not negative, at most 10^13 in major units, and no more
 * decimals than its currency has (100.004 EUR or 1.5 JPY name no amount anyone can pay). Node's ICU
 * data carries the list, so an imported row with a typo such as "eru" is refused without a database
 * round trip.
 */
const KNOWN_CURRENCIES = new Set(
  (Intl as unknown as { supportedValuesOf(key: string): string[] })
    .supportedValuesOf("currency")
    .map((code) => code.toLowerCase())
)

export function isKnownCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code.toLowerCase())
}

/**
 * ICU takes its digits from CLDR, which rounds some currencies to whole units for display although
 * ISO 4217 gives them minor units (an ERP bills 150000.50 IDR). ISO's number wins for these.
 */
const ISO_4217_MINOR_UNITS: Record<string, number> = {
  AFN: 2, ALL: 2, COP: 2, HUF: 2, IDR: 2, IQD: 3, IRR: 2, KPW: 2, LAK: 2,
  LBP: 2, MGA: 2, MMK: 2, PKR: 2, SLL: 2, SOS: 2, SYP: 2, YER: 2,
}

const decimalsCache = new Map<string, number>()

/** The minor units of a currency: 2 for EUR, 0 for JPY, 3 for KWD, 4 for CLF. */
export function currencyDecimals(code: string): number {
  const upper = code.trim().toUpperCase()
  let decimals = decimalsCache.get(upper)
  if (decimals === undefined) {
    try {
      decimals =
        ISO_4217_MINOR_UNITS[upper] ??
        new Intl.NumberFormat("en", { style: "currency", currency: upper }).resolvedOptions().maximumFractionDigits ??
        2
    } catch {
      decimals = 2
    }
    decimalsCache.set(upper, decimals)
  }
  return decimals
}

/** The most decimals any currency has (CLF, UYW): the limit for an amount whose currency is not known yet. */
export const MAX_CURRENCY_DECIMALS = 4

/** The largest amount accepted, in major units: beyond any real invoice, and exact in every layer. */
export const MAX_AMOUNT = "10000000000000"

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/

export type MoneyRule = {
  /** The currency the amount is in; without it, at most MAX_CURRENCY_DECIMALS decimals. */
  currency_code?: string | null
  /** Zero is refused too. */
  positive?: boolean
  /**
   * Any number of decimals (amounts Medusa computed itself, such as an order total with tax, may carry
   * more digits than the currency); the form and the bounds still apply.
   */
  any_scale?: boolean
}

/**
 * What is wrong with an amount of money, in words an admin or an ERP developer can act on, or null
 * when it is fine. JSON numbers are read as JavaScript prints them (so 1e21 reads as an exponent and
 * 0.1 + 0.2 as seventeen decimals, both refused); strings must be plain decimals.
 */
export function moneyProblem(value: unknown, rule: MoneyRule = {}): string | null {
  let text: string
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      return "must be a finite number"
    }
    if (value < 0) {
      return "must not be negative"
    }
    text = String(value)
    if (/e/i.test(text)) {
      return value >= 1 ? `must be at most ${MAX_AMOUNT}` : `must be a plain decimal such as '0.01', not '${text}'`
    }
  } else if (typeof value === "string") {
    text = value.trim()
    if (text.length > 40) {
      return "is too long to be an amount of money"
    }
    if (!PLAIN_DECIMAL.test(text)) {
      if (/^-/.test(text)) {
        return "must not be negative"
      }
      if (/e/i.test(text)) {
        return `must be a plain decimal such as '1250.00', not an exponent form like '${text}'`
      }
      return "must be a non-negative decimal such as '1250.00'"
    }
  } else {
    return "must be a number or a decimal string such as '1250.00'"
  }
  try {
    if (decimalCompare(text, MAX_AMOUNT) > 0) {
      return `must be at most ${MAX_AMOUNT} (10^13)`
    }
    if (rule.positive && decimalCompare(text, "0") <= 0) {
      return "must be greater than zero"
    }
    if (rule.any_scale) {
      return null
    }
    const code = rule.currency_code?.trim()
    const allowed = code ? currencyDecimals(code) : MAX_CURRENCY_DECIMALS
    if (decimalPlaces(text) > allowed) {
      if (!code) {
        return `must have at most ${allowed} decimals`
      }
      return allowed === 0
        ? `must be a whole amount in ${code.toUpperCase()}, which has no minor unit`
        : `must have at most ${allowed} decimal${allowed === 1 ? "" : "s"} in ${code.toUpperCase()}`
    }
  } catch (error) {
    if (error instanceof DecimalError) {
      return "must be a non-negative decimal such as '1250.00'"
    }
    throw error
  }
  return null
}
