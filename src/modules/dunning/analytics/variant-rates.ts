import { decimalAdd } from "../domain/decimal"
import { compareVariants, MIN_PER_ARM, type VariantTest } from "../domain/variant-significance"
import { frameBindings, ratio, type Frame } from "./kpi-frame"
import { num, runNamed, scopeSql } from "./sql"
import type { KpiInput } from "./types"

/**
 * Which wording gets invoices paid: for each stage with a split, variant and channel, over the notices sent
 * in the period under that split (their `dunning_notice_line` rows carry the variant, read through a partial
 * index), the notices, the invoices they listed, how many were settled within `paid_within_days` after the
 * notice and the outstanding that came in (recovered), and a two-proportion z-test of B against A
 * (domain/variant-significance.ts). Per currency, as every KPI.
 */
export type VariantLineRow = {
  currency_code: string
  stage_key: string
  stage_name: string
  stage_offset_days: number
  variant: "A" | "B"
  channel: string
  notices: number
  receivables: number
  amount: string
  paid_count: number
  paid_amount: string
}

export type VariantArm = {
  variant: "A" | "B"
  notices: number
  /** Invoices listed (an invoice reminded twice counts twice), and of them paid within N days. */
  receivables: number
  paid_count: number
  paid_rate: number | null
  amount: number
  /** The outstanding listed on those notices that was settled within N days. */
  recovered_amount: number
}

export type VariantComparison = {
  stage_id: string
  stage_name: string
  channel: string
  a: VariantArm | null
  b: VariantArm | null
  test: VariantTest
}

export async function variantLineRows(manager: any, scope: KpiInput, frame: Frame): Promise<VariantLineRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("l", scope, bindings)
  return runNamed<VariantLineRow>(
    manager,
    `SELECT g.currency_code, g.stage_key, coalesce(ds.name, g.stage_name) AS stage_name, g.stage_offset_days, g.variant,
            g.channel, g.notices, g.receivables, g.amount, g.paid_count, g.paid_amount
       FROM (
         SELECT currency_code, stage_key, min(stage_name) AS stage_name, min(stage_offset_days) AS stage_offset_days,
                variant, channel,
                count(*) FILTER (WHERE counts_notice)::int AS notices,
                count(*)::int AS receivables,
                coalesce(sum(outstanding), 0)::text AS amount,
                count(*) FILTER (WHERE paid)::int AS paid_count,
                coalesce(sum(outstanding) FILTER (WHERE paid), 0)::text AS paid_amount
           FROM (
             SELECT l.currency_code, l.stage_key, l.stage_name, l.stage_offset_days, l.template_variant AS variant,
                    l.channel, l.counts_notice, l.outstanding,
                    l.receivable_paid_at >= :period_from AND l.receivable_paid_at >= l.sent_at
                      AND l.receivable_paid_at < l.sent_at + :paid_within::interval AND l.receivable_paid_at <= :as_of AS paid
               FROM dunning_notice_line l
              WHERE l.template_variant IS NOT NULL AND l.sent_at >= :period_from AND l.sent_at < :period_to${where}
           ) listed
          GROUP BY currency_code, stage_key, variant, channel
       ) g
       LEFT JOIN dunning_stage ds ON ds.id = g.stage_key`,
    bindings,
    { hashGroups: true, serial: true }
  )
}

/** The rows as comparisons per currency: one per stage and channel, arms A and B side by side, with the test. */
export function variantComparisons(rows: VariantLineRow[], minPerArm = MIN_PER_ARM): Map<string, VariantComparison[]> {
  type Entry = { offset: number; comparison: VariantComparison; amounts: Record<"A" | "B", { amount: string; paid: string }> }
  const byCurrency = new Map<string, Map<string, Entry>>()
  for (const row of rows) {
    const entries = byCurrency.get(row.currency_code) ?? new Map<string, Entry>()
    const key = `${row.stage_key}\u0000${row.channel}`
    const entry = entries.get(key) ?? {
      offset: Number(row.stage_offset_days),
      comparison: { stage_id: row.stage_key, stage_name: row.stage_name, channel: row.channel, a: null, b: null, test: compareVariants({ listed: 0, paid: 0 }, { listed: 0, paid: 0 }, minPerArm) },
      amounts: { A: { amount: "0", paid: "0" }, B: { amount: "0", paid: "0" } },
    }
    const side = row.variant === "B" ? "b" : "a"
    const arm: VariantArm = entry.comparison[side] ?? { variant: row.variant, notices: 0, receivables: 0, paid_count: 0, paid_rate: null, amount: 0, recovered_amount: 0 }
    arm.notices += Number(row.notices)
    arm.receivables += Number(row.receivables)
    arm.paid_count += Number(row.paid_count)
    const sums = entry.amounts[arm.variant]
    sums.amount = decimalAdd(sums.amount, row.amount)
    sums.paid = decimalAdd(sums.paid, row.paid_amount)
    entry.comparison[side] = arm
    entries.set(key, entry)
    byCurrency.set(row.currency_code, entries)
  }
  return new Map(
    [...byCurrency.entries()].map(([code, entries]) => [
      code,
      [...entries.values()]
        .sort((x, y) => x.offset - y.offset || x.comparison.stage_name.localeCompare(y.comparison.stage_name) || x.comparison.channel.localeCompare(y.comparison.channel))
        .map(({ comparison, amounts }) => {
          for (const arm of [comparison.a, comparison.b]) {
            if (arm) {
              arm.amount = num(amounts[arm.variant].amount)
              arm.recovered_amount = num(amounts[arm.variant].paid)
              arm.paid_rate = ratio(arm.paid_count, arm.receivables, 4)
            }
          }
          const counts = (arm: VariantArm | null) => ({ listed: arm?.receivables ?? 0, paid: arm?.paid_count ?? 0 })
          comparison.test = compareVariants(counts(comparison.a), counts(comparison.b), minPerArm)
          return comparison
        }),
    ])
  )
}
