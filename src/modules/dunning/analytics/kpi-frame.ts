import { kpiPeriod, trendMonths, type MonthWindow, type Window } from "./periods"
import { instantArray } from "./sql"
import type { KpiInput } from "./types"

/**
 * What every KPI statement shares: the period `[from, to)`, the twelve UTC months of the trend ending at
 * `to`, the moment the answer is given for, and the same named bindings for each statement; and how the
 * KPIs round their ratios.
 */
export type Frame = { period: Window; months: MonthWindow[]; now: Date; paidWithinDays: number }

export function kpiFrame(input: KpiInput): Frame {
  const period = kpiPeriod(input)
  return { period, months: trendMonths(period.end), now: input.now, paidWithinDays: input.paid_within_days }
}

export function frameBindings(frame: Frame): Record<string, unknown> {
  const { period, months } = frame
  return {
    period_from: period.start,
    period_to: period.end,
    bounds: instantArray([months[0].start, ...months.map((m) => m.end)]),
    first_bound: months[0].start,
    earliest: new Date(Math.min(period.start.getTime(), months[0].start.getTime())),
    month_count: months.length,
    as_of: frame.now,
    paid_within: `${frame.paidWithinDays} days`,
  }
}

/** Ratios are rounded to `digits` decimals; a ratio over nothing is null. */
export const round = (value: number, digits = 2) => {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

export const ratio = (numerator: number, denominator: number, digits = 2): number | null =>
  denominator > 0 ? round(numerator / denominator, digits) : null
