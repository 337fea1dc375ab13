import { decimalAdd } from "../domain/decimal"
import { compareVariants, MIN_PER_ARM, type VariantTest } from "../domain/variant-significance"
import { ratio } from "./kpi-frame"
import { num } from "./sql"
import type { NoticeLineRow } from "./stage-rates"

/**
 * Which wording gets invoices paid: for each stage with a split, variant and channel, over the notices sent
 * in the period under that split (their `dunning_notice_line` rows carry the variant; the stage-rate
 * statement reads the lines once for both, see variantLineRows), the notices, the invoices they listed,
 * how many were settled within `paid_within_days` after the notice and the outstanding that came in
 * (recovered), and a two-proportion z-test of B against A (domain/variant-significance.ts). Per
 * currency, as every KPI.
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

/**
 * The variant rows from the stage-rate statement's rows (analytics/stage-rates, split by variant): each
 * row of a notice sent in the period under a split, with the stage's name and offset of its
 * (currency, stage, variant, channel). Lines of the same (currency, stage, variant, channel) that
 * carried other names come as separate rows; variantComparisons adds them up.
 */
export function variantLineRows(lines: NoticeLineRow[]): VariantLineRow[] {
  const rows: VariantLineRow[] = []
  for (const line of lines) {
    if ((line.variant !== "A" && line.variant !== "B") || !Number(line.receivables)) {
      continue
    }
    rows.push({
      currency_code: line.currency_code,
      stage_key: line.stage_key,
      stage_name: line.variant_stage_name ?? line.stage_name,
      stage_offset_days: Number(line.variant_offset_days ?? line.stage_offset_days),
      variant: line.variant,
      channel: line.channel,
      notices: Number(line.notices),
      receivables: Number(line.receivables),
      amount: line.amount,
      paid_count: Number(line.paid_count),
      paid_amount: line.paid_amount,
    })
  }
  return rows
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
