import { z } from "@medusajs/framework/zod"
import { isKnownCurrency } from "../../../modules/dunning/domain/currency"

/**
 * Building blocks of the admin API's zod schemas. Money travels as a decimal string or number (never
 * rounded through a float by us); dates as ISO 8601 (a bare date means midnight UTC); every object is
 * strict (and `validateBody` refuses keys that could reach an object's prototype anywhere in a body).
 */
const DECIMAL = /^\d{1,15}(\.\d{1,10})?$/

export const Amount = z.union([
  z
    .number({ error: "must be a number or a decimal string" })
    .finite()
    .nonnegative({ error: "must not be negative" }),
  z.string().trim().regex(DECIMAL, { error: "must be a non-negative decimal such as '1250.00'" }),
])

export const PositiveAmount = Amount.refine((v) => Number(v) > 0, { error: "must be greater than zero" })

export const CurrencyCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isKnownCurrency, { error: "must be an ISO 4217 currency code such as 'eur' or 'usd'" })

/**
 * An ISO 8601 date or date-time. Query parameters pass their own name, because Medusa's query
 * validation reports a custom message without the field it belongs to.
 */
export const isoDate = (field?: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: `${field ? `${field}: ` : ""}must be an ISO 8601 date ('2026-03-31') or date-time ('2026-03-31T12:00:00Z')`,
    })
    .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value))

export const DateInput = isoDate()

/** Free-form metadata: at most 50 keys and 16 KB as JSON. */
export const Metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => Object.keys(value).length <= 50, { error: "must have at most 50 keys" })
  .refine((value) => JSON.stringify(value).length <= 16_384, { error: "must be at most 16 KB as JSON" })

export const Id = z.string().trim().min(1).max(100)

export const BooleanString = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true")

export const StringOrList = z.union([Id, z.array(Id).max(100)])

/** Limits page sizes so that a single request cannot pull a whole ledger into memory. */
export const MAX_PAGE_SIZE = 500

/** Addresses are checked here; CR, LF and other control characters can never reach a mail header. */
export const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((v) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v), { error: "must not contain control characters or line breaks" })
  .pipe(z.email({ error: "must be a valid e-mail address" }))
