import { z } from "@medusajs/framework/zod"
import { DEFAULT_BUCKET_BOUNDS } from "../../../../modules/dunning/analytics"
import { addUtcMonths } from "../../../../modules/dunning/analytics/periods"
import { isKnownCurrency } from "../../../../modules/dunning/domain/currency"
import { isoDate, OneId } from "../common-validators"

/** The longest period the KPIs are computed over. */
export const MAX_PERIOD_YEARS = 5

/**
 * Query parameters of the collection analytics. Medusa's query validation drops the field name of a
 * custom message, so each message starts with its field.
 */
const QueryCurrency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, { error: "currency_code: must be a 3-letter ISO 4217 code such as 'eur'" })
  .transform((code) => code.toLowerCase())
  .refine(isKnownCurrency, { error: (issue) => `currency_code: '${issue.input}' is not an ISO 4217 currency code` })

const WholeNumber = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field}: must be a whole number` })
    .trim()
    .regex(/^\d{1,6}$/, { error: `${field}: must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${field}: must be between ${min} and ${max}` })

const BucketBounds = z
  .union([z.string(), z.array(z.string())], { error: "buckets: must be a comma-separated list of days, e.g. 30,60,90" })
  .transform((value) => (Array.isArray(value) ? value.join(",") : value).replace(/\s+/g, ""))
  .refine((value) => /^\d{1,4}(,\d{1,4}){0,9}$/.test(value), {
    error: "buckets: must be 1 to 10 comma-separated whole numbers of days, e.g. 30,60,90,120",
  })
  .transform((value) => value.split(",").map(Number))
  .refine((bounds) => bounds.every((b, i) => b >= 1 && b <= 3650 && (i === 0 || b > bounds[i - 1])), {
    error: "buckets: must rise strictly, each between 1 and 3650 days",
  })

export const AdminGetAgingParams = z
  .object({
    currency_code: QueryCurrency.optional(),
    customer_group_id: OneId("customer_group_id").optional(),
    customer_id: OneId("customer_id").optional(),
    buckets: BucketBounds.default(DEFAULT_BUCKET_BOUNDS),
    top: WholeNumber("top", 0, 100).default(10),
    by: z.enum(["customer_group"]).optional(),
    now: isoDate("now").optional(),
  })
  .strict()
export type AdminGetAgingParamsType = z.infer<typeof AdminGetAgingParams>

/** What is wrong with a KPI period, naming the field to fix; null when it is fine. */
export function periodProblem(from: Date, to: Date): string | null {
  if (from.getTime() >= to.getTime()) {
    return "to: must be after from"
  }
  if (to.getTime() > addUtcMonths(from, MAX_PERIOD_YEARS * 12).getTime()) {
    return `from: the period must not be longer than ${MAX_PERIOD_YEARS} years`
  }
  return null
}

export const AdminGetKpisParams = z
  .object({
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    currency_code: QueryCurrency.optional(),
    customer_group_id: OneId("customer_group_id").optional(),
    customer_id: OneId("customer_id").optional(),
    paid_within_days: WholeNumber("paid_within_days", 1, 365).default(14),
    now: isoDate("now").optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const problem = q.from && q.to ? periodProblem(q.from, q.to) : null
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem, path: [problem.split(":")[0]] })
    }
  })
export type AdminGetKpisParamsType = z.infer<typeof AdminGetKpisParams>

export const AdminGetCollectionSummaryParams = z.object({ now: isoDate("now").optional() }).strict()
export type AdminGetCollectionSummaryParamsType = z.infer<typeof AdminGetCollectionSummaryParams>
