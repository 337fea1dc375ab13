import { decimalAdd } from "../domain/decimal"
import { frameBindings, ratio, type Frame } from "./kpi-frame"
import { num, runNamed, scopeSql } from "./sql"
import type { KpiInput, StageCollectionRate } from "./types"

/** Collection rate by stage: of the receivables each stage's notices listed, how many were paid soon after. */
export type NoticeLineRow = {
  currency_code: string
  stage_key: string
  /** The stage's name now when it still exists, else the name the notices carried. */
  stage_name: string
  stage_offset_days: number
  channel: string
  /** Sent notices (of this currency) scheduled in the period, for the channel figures. */
  scheduled: number
  /** Sent notices (of this currency) sent in the period. */
  notices: number
  /** The receivables those notices listed, and the outstanding they listed. */
  receivables: number
  amount: string
  /** Of those, the ones settled within `paid_within_days` after the notice. */
  paid_count: number
  paid_amount: string
  /** The template variant the notices were rendered from (null before their stage had a split). */
  variant?: "A" | "B" | null
  /**
   * For the comparison of variants: the stage's name now, else the least name the lines of this
   * (currency, stage, variant, channel) sent in the period carried, and their least offset.
   */
  variant_stage_name?: string | null
  variant_offset_days?: number | null
}

/**
 * The sent notices, from the rows of `dunning_notice_line` (one per receivable a sent notice listed, kept
 * in step with the notices and with when each receivable was paid by the database), per currency, stage
 * and channel: how many were scheduled in the period (for the channel figures) and, of those sent in the
 * period, the receivables they listed, the outstanding they listed, and what of it was settled within
 * `paid_within_days` after the notice. One row per currency of a notice has `counts_notice` set.
 * The rows are split by template variant as well, so that the stage rates (all variants together) and
 * the comparison of variants (analytics/variant-rates) come from one pass over the lines.
 */
export async function noticeLineRows(manager: any, scope: KpiInput, frame: Frame): Promise<NoticeLineRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("l", scope, bindings)
  return runNamed<NoticeLineRow>(
    manager,
    `SELECT g.currency_code, g.stage_key, coalesce(ds.name, g.stage_name) AS stage_name, g.stage_offset_days, g.channel,
            g.scheduled, g.notices, g.receivables, g.amount, g.paid_count, g.paid_amount, g.variant,
            coalesce(ds.name, min(g.stage_name) FILTER (WHERE g.receivables > 0) OVER arm) AS variant_stage_name,
            min(g.stage_offset_days) FILTER (WHERE g.receivables > 0) OVER arm AS variant_offset_days
       FROM (
         SELECT currency_code, stage_key, stage_name, stage_offset_days, channel, variant,
                count(*) FILTER (WHERE counts_notice AND scheduled)::int AS scheduled,
                count(*) FILTER (WHERE counts_notice AND sent)::int AS notices,
                count(*) FILTER (WHERE sent)::int AS receivables,
                coalesce(sum(outstanding) FILTER (WHERE sent), 0)::text AS amount,
                count(*) FILTER (WHERE paid)::int AS paid_count,
                coalesce(sum(outstanding) FILTER (WHERE paid), 0)::text AS paid_amount
           FROM (
             SELECT l.currency_code, l.stage_key, l.stage_name, l.stage_offset_days, l.channel, l.counts_notice,
                    l.outstanding, l.template_variant AS variant,
                    l.scheduled_for >= :period_from AND l.scheduled_for < :period_to AS scheduled,
                    l.sent_at >= :period_from AND l.sent_at < :period_to AS sent,
                    l.sent_at >= :period_from AND l.sent_at < :period_to
                      AND l.receivable_paid_at >= :period_from AND l.receivable_paid_at >= l.sent_at
                      AND l.receivable_paid_at < l.sent_at + :paid_within::interval AND l.receivable_paid_at <= :as_of AS paid
               FROM dunning_notice_line l
              WHERE ((l.sent_at >= :period_from AND l.sent_at < :period_to)
                     OR (l.scheduled_for >= :period_from AND l.scheduled_for < :period_to))${where}
           ) listed
          GROUP BY 1, 2, 3, 4, 5, 6
       ) g
       LEFT JOIN dunning_stage ds ON ds.id = g.stage_key
     WINDOW arm AS (PARTITION BY g.currency_code, g.stage_key, g.variant, g.channel)`,
    bindings,
    { hashGroups: true, serial: true }
  )
}

export function stageRates(rows: NoticeLineRow[]): Map<string, StageCollectionRate[]> {
  type Stage = { rate: StageCollectionRate; offset: number; amount: string; paid: string }
  const byCurrency = new Map<string, Map<string, Stage>>()
  for (const row of rows) {
    if (!Number(row.receivables)) {
      continue
    }
    const stages = byCurrency.get(row.currency_code) ?? new Map<string, Stage>()
    const stage = stages.get(row.stage_key) ?? {
      offset: Number(row.stage_offset_days),
      amount: "0",
      paid: "0",
      rate: {
        stage_name: row.stage_name,
        // a notice without a stage is keyed by its stage name
        stage_id: row.stage_key === row.stage_name ? null : row.stage_key,
        notices: 0,
        receivables: 0,
        amount: 0,
        paid_count: 0,
        paid_amount: 0,
        count_rate: null,
        amount_rate: null,
      },
    }
    const r = stage.rate
    r.notices += Number(row.notices)
    r.receivables += Number(row.receivables)
    r.paid_count += Number(row.paid_count)
    stage.amount = decimalAdd(stage.amount, row.amount)
    stage.paid = decimalAdd(stage.paid, row.paid_amount)
    stage.offset = Math.min(stage.offset, Number(row.stage_offset_days))
    stages.set(row.stage_key, stage)
    byCurrency.set(row.currency_code, stages)
  }
  return new Map(
    [...byCurrency.entries()].map(([code, stages]) => [
      code,
      [...stages.values()]
        .sort((a, b) => a.offset - b.offset || a.rate.stage_name.localeCompare(b.rate.stage_name))
        .map(({ rate, amount, paid }) => {
          rate.amount = num(amount)
          rate.paid_amount = num(paid)
          rate.count_rate = ratio(rate.paid_count, rate.receivables, 4)
          rate.amount_rate = ratio(rate.paid_amount, rate.amount, 4)
          return rate
        }),
    ])
  )
}
