import { z } from "@medusajs/framework/zod"
import type { RiskSettings } from "./domain/risk"

/**
 * The options of the customers' risk score (`risk` in the plugin options; the formula is in docs/risk.md).
 * Weights are relative (the score scales them to 100); `fullAt` is the value at which a factor counts its
 * full weight; a customer with fewer than `minSettledInvoices` invoices settled in twelve months is "new".
 */
export const RISK_DEFAULTS = {
  schedule: "40 2 * * *",
  batchSize: 2000,
  minSettledInvoices: 3,
  bands: { medium: 35, high: 65 },
  weights: { daysLate: 25, onTime: 15, brokenPromises: 15, disputes: 10, overdue: 20, bouncedContacts: 5, trend: 10 },
  fullAt: { daysLate: 30, brokenPromises: 2, disputes: 3, overdueMonths: 2, bouncedContacts: 3, trendDays: 15 },
}

const Weight = z.number().min(0).max(100)
const Positive = (max: number) => z.number().positive().max(max)

export const RiskOptionsSchema = z
  .object({
    /** Cron expression of the nightly job that scores every customer (the same 24.8-day rule as `schedule`). */
    schedule: z
      .string()
      .trim()
      .regex(/^(\S+\s+){4,5}\S+$/, "must be a cron expression with 5 or 6 fields, e.g. '40 2 * * *'")
      .default(RISK_DEFAULTS.schedule),
    /** Customers scored per statement and transaction by the nightly job. */
    batchSize: z.number().int().min(100).max(20_000).default(RISK_DEFAULTS.batchSize),
    minSettledInvoices: z.number().int().min(0).max(1000).default(RISK_DEFAULTS.minSettledInvoices),
    bands: z
      .object({ medium: z.number().min(0).max(100).default(RISK_DEFAULTS.bands.medium), high: z.number().min(0).max(100).default(RISK_DEFAULTS.bands.high) })
      .strict()
      .refine((b) => b.medium <= b.high, { message: "medium must not be above high", path: ["medium"] })
      .default(() => ({ ...RISK_DEFAULTS.bands })),
    weights: z
      .object({
        daysLate: Weight.default(RISK_DEFAULTS.weights.daysLate),
        onTime: Weight.default(RISK_DEFAULTS.weights.onTime),
        brokenPromises: Weight.default(RISK_DEFAULTS.weights.brokenPromises),
        disputes: Weight.default(RISK_DEFAULTS.weights.disputes),
        overdue: Weight.default(RISK_DEFAULTS.weights.overdue),
        bouncedContacts: Weight.default(RISK_DEFAULTS.weights.bouncedContacts),
        trend: Weight.default(RISK_DEFAULTS.weights.trend),
      })
      .strict()
      .refine((w) => Object.values(w).some((v) => v > 0), { message: "at least one weight must be above 0" })
      .default(() => ({ ...RISK_DEFAULTS.weights })),
    fullAt: z
      .object({
        daysLate: Positive(3650).default(RISK_DEFAULTS.fullAt.daysLate),
        brokenPromises: Positive(1000).default(RISK_DEFAULTS.fullAt.brokenPromises),
        disputes: Positive(1000).default(RISK_DEFAULTS.fullAt.disputes),
        overdueMonths: Positive(120).default(RISK_DEFAULTS.fullAt.overdueMonths),
        bouncedContacts: Positive(1000).default(RISK_DEFAULTS.fullAt.bouncedContacts),
        trendDays: Positive(3650).default(RISK_DEFAULTS.fullAt.trendDays),
      })
      .strict()
      .default(() => ({ ...RISK_DEFAULTS.fullAt })),
  })
  .strict()

export type RiskOptions = z.output<typeof RiskOptionsSchema>

export const riskDefaults = (): RiskOptions => ({
  ...RISK_DEFAULTS,
  bands: { ...RISK_DEFAULTS.bands },
  weights: { ...RISK_DEFAULTS.weights },
  fullAt: { ...RISK_DEFAULTS.fullAt },
})

/** What the pure rules need of the options. */
export function riskSettings(options: RiskOptions): RiskSettings {
  return { minSettledInvoices: options.minSettledInvoices, bands: options.bands, weights: options.weights, fullAt: options.fullAt }
}
