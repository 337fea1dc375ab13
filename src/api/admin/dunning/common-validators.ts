import { z } from "@medusajs/framework/zod"
import { addUtcMonths } from "../../../modules/dunning/analytics/periods"
import { isKnownCurrency, moneyProblem, type MoneyRule } from "../../../modules/dunning/domain/currency"

/**
 * Building blocks of the admin API's zod schemas. Money travels as a decimal string or number (never
 * rounded through a float by us) and is held to its currency's minor units; dates as ISO 8601 (a bare
 * date means midnight UTC) between the years 1900 and 2999; lists page at most MAX_PAGE_SIZE rows; every
 * object is strict (and `validateBody` refuses keys that could reach an object's prototype anywhere in a
 * body, and bodies nested deeper than 32 levels).
 */

const money = (rule: MoneyRule) =>
  z
    .union([z.number(), z.string()], { error: "must be a number or a decimal string such as '1250.00'" })
    .superRefine((value, ctx) => {
      const problem = moneyProblem(value, rule)
      if (problem) {
        // not continuable: the object-level currency check would only repeat it
        ctx.addIssue({ code: "custom", message: problem, continue: false })
      }
    })

/** An amount of money: a plain decimal, not negative, at most 10^13, at most 4 decimals until its currency is known. */
export const Amount = money({})

export const PositiveAmount = money({ positive: true })

/**
 * Holds an amount to the minor units of the currency beside it (e.g. 2 decimals in EUR, none in JPY),
 * for the object-level check of a schema that has both.
 */
export function checkAmountInCurrency(
  ctx: z.RefinementCtx,
  field: string,
  amount: string | number | undefined | null,
  currencyCode: string | undefined | null
) {
  if (amount === undefined || amount === null || !currencyCode || !isKnownCurrency(currencyCode)) {
    return
  }
  const problem = moneyProblem(amount, { currency_code: currencyCode })
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem, path: [field] })
  }
}

export const CurrencyCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isKnownCurrency, { error: "must be an ISO 4217 currency code such as 'eur' or 'usd'" })

/** The range every date the API accepts lies in: wider than any real invoice, and safe in every layer. */
export const EARLIEST_DATE = new Date("1900-01-01T00:00:00.000Z")
export const LATEST_DATE = new Date("2999-12-31T23:59:59.999Z")

/**
 * An ISO 8601 date or date-time between 1900 and 2999. Query parameters pass their own name, because
 * Medusa's query validation reports a custom message without the field it belongs to.
 */
export const isoDate = (field?: string) => {
  const prefix = field ? `${field}: ` : ""
  return z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: `${prefix}must be an ISO 8601 date ('2026-03-31') or date-time ('2026-03-31T12:00:00Z')`,
    })
    .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value))
    .refine((at) => at >= EARLIEST_DATE && at <= LATEST_DATE, {
      error: `${prefix}must be between 1900-01-01 and 2999-12-31`,
      abort: true,
    })
}

export const DateInput = isoDate()

/**
 * How far from the request's `now` a date may lie. A date that must not be "after now" gets five minutes
 * of grace, for the clock of the system sending it.
 */
export const DATE_LIMITS = {
  /** holds, promises to pay and follow-up due dates: a year at most, so none becomes a permanent hold */
  ahead_years: 1,
  /** payments and events: no further back than the oldest invoice the ledger takes */
  back_years: 10,
  clock_grace_ms: 5 * 60_000,
} as const

const day = (at: Date) => at.toISOString().slice(0, 10)

/** The moment a body's dates are measured from: its `now` (time travel) or the wall clock. */
export const requestedNow = (body: { now?: Date | null }) => body.now ?? new Date()

/** A date at most a year after now (a hold's end, a promised payment date, a follow-up's due date). */
export function checkNotFarAhead(ctx: z.RefinementCtx, field: string, at: Date | null | undefined, now: Date) {
  const latest = addUtcMonths(now, 12 * DATE_LIMITS.ahead_years)
  if (at && at > latest) {
    ctx.addIssue({ code: "custom", path: [field], message: `must not be more than ${DATE_LIMITS.ahead_years} year after now (${day(latest)} or earlier)` })
  }
}

/** A date that has happened (a payment, a call): not after now, and not more than ten years back. */
export function checkInThePast(ctx: z.RefinementCtx, field: string, at: Date | null | undefined, now: Date) {
  if (!at) {
    return
  }
  const earliest = addUtcMonths(now, -12 * DATE_LIMITS.back_years)
  if (at.getTime() > now.getTime() + DATE_LIMITS.clock_grace_ms) {
    ctx.addIssue({ code: "custom", path: [field], message: `must not be in the future (after ${now.toISOString()})` })
  } else if (at < earliest) {
    ctx.addIssue({ code: "custom", path: [field], message: `must not be more than ${DATE_LIMITS.back_years} years before now (${day(earliest)} or later)` })
  }
}

/** A date not more than ten years back (a promised date may have passed, but not by a decade). */
export function checkNotFarBack(ctx: z.RefinementCtx, field: string, at: Date | null | undefined, now: Date) {
  const earliest = addUtcMonths(now, -12 * DATE_LIMITS.back_years)
  if (at && at < earliest) {
    ctx.addIssue({ code: "custom", path: [field], message: `must not be more than ${DATE_LIMITS.back_years} years before now (${day(earliest)} or later)` })
  }
}

/** Free-form metadata: at most 50 keys and 16 KB as JSON. */
export const Metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => Object.keys(value).length <= 50, { error: "must have at most 50 keys" })
  .refine((value) => JSON.stringify(value).length <= 16_384, { error: "must be at most 16 KB as JSON" })

export const Id = z.string().trim().min(1).max(100)

export const BooleanString = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true")

/**
 * A list filter's values as one list, however they were sent: a repeated parameter
 * (`status=open&status=paid`), a comma-separated value (`status=open,paid`), or both. Anything that is
 * not text (an operator object such as `customer_id[$ne]=x`) is left for the schema to refuse.
 */
function splitListValues(value: unknown): unknown {
  const values = Array.isArray(value) ? value : [value]
  if (!values.every((v) => typeof v === "string")) {
    return value
  }
  return values.flatMap((v: string) => v.split(",")).map((v) => v.trim())
}

/** A list filter of `item`s, at most `max` values; the query's field is named in every refusal. */
export const listOf = <T extends z.ZodType>(field: string, item: T, max: number) =>
  z.preprocess(
    splitListValues,
    z
      .array(item, { error: `${field}: must be one value or a list of values` })
      .min(1, { error: `${field}: must not be empty` })
      .max(max, { error: `${field}: at most ${max} values` })
  )

/** A list filter that takes the values of an enum (statuses, event types). */
export const enumList = (field: string, values: readonly [string, ...string[]]) =>
  listOf(field, z.enum(values, { error: `${field}: must be one of ${values.join(", ")}` }), 50)

/** A list filter of ids, at most 100. */
export const IdList = (field: string) => listOf(field, Id, 100)

/**
 * A filter that takes one id. Ids never contain a comma, so a comma-separated list here is refused
 * rather than read as one id that matches nothing.
 */
export const OneId = (field: string) =>
  z
    .string({ error: `${field}: must be one id` })
    .trim()
    .min(1, { error: `${field}: must not be empty` })
    .max(100, { error: `${field}: must be at most 100 characters` })
    .refine((v) => !v.includes(","), { error: `${field}: takes one id, not a list` })

/** Limits page sizes so that a single request cannot pull a whole ledger into memory. */
export const MAX_PAGE_SIZE = 500

/** Beyond any real ledger's last page, and an integer every layer takes. */
export const MAX_OFFSET = 10_000_000

const wholeNumber = (field: string, min: number, max: number) =>
  z
    .union([z.string(), z.number()], { error: `${field}: must be a whole number from ${min} to ${max}` })
    .transform((value, ctx) => {
      const text = String(value).trim()
      const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: "custom", message: `${field}: must be a whole number from ${min} to ${max}` })
        return z.NEVER
      }
      return n
    })

/** A page size: a whole number from 1 to MAX_PAGE_SIZE. */
export const PageLimit = (fallback: number) => wholeNumber("limit", 1, MAX_PAGE_SIZE).default(fallback)

/** How many rows to skip: a whole number from 0. */
export const PageOffset = wholeNumber("offset", 0, MAX_OFFSET).default(0)

/** `fields` of a retrieve or list: Medusa checks each against the route's allow-list. */
export const Fields = z.string().max(2000, { error: "fields: must be at most 2000 characters" })

/** The query of a route that returns one record: only `fields`. */
export const SelectParams = z.object({ fields: Fields.optional() }).strict()

/**
 * The query of a list: `fields`, `order` (checked against the allow-list), and a bounded page. Medusa's
 * own find params also take `with_deleted`, which would show deleted rows: these do not.
 */
export const listParams = (defaults: { limit: number; order?: string }) =>
  z
    .object({
      fields: Fields.optional(),
      order: defaults.order
        ? z.string().max(100, { error: "order: must be at most 100 characters" }).default(defaults.order)
        : z.string().max(100, { error: "order: must be at most 100 characters" }).optional(),
      limit: PageLimit(defaults.limit),
      offset: PageOffset,
    })
    .strict()

/** A query that takes no parameters at all (anything sent is an unknown field). */
export const NoParams = z.object({}).strict()

/** A body that takes no fields at all (a DELETE). */
export const EmptyBody = z.object({}).strict()

/** Addresses are checked here; CR, LF and other control characters can never reach a mail header. */
export const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((v) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v), { error: "must not contain control characters or line breaks" })
  .pipe(z.email({ error: "must be a valid e-mail address" }))
