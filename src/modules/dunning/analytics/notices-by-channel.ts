import { frameBindings, type Frame } from "./kpi-frame"
import { currencyCondition, runNamed, scopeSql } from "./sql"
import type { ChannelCounts, KpiInput } from "./types"

/**
 * Notices by channel: the notices scheduled in the period, by channel and by their status now. The sent
 * ones come from the notice lines (see stage-rates); the others are read here.
 */
export type UnsentNoticeRow = { currency_code: string; channel: string; status: string; scheduled: number }

/**
 * The notices scheduled in the period that were not sent (scheduled, failed or cancelled: a few percent
 * of them, read through a partial index), per currency of their totals, channel and status. They are
 * first grouped by the list of their currencies, which each of the few groups then splits.
 */
export async function unsentNoticeRows(manager: any, scope: KpiInput, frame: Frame): Promise<UnsentNoticeRow[]> {
  const bindings = frameBindings(frame)
  const where = scopeSql("n", scope, bindings, null)
  const currency = currencyCondition(scope, bindings, "c.currency_code", "WHERE")
  return runNamed<UnsentNoticeRow>(
    manager,
    `SELECT c.currency_code, g.channel, g.status, sum(g.scheduled)::int AS scheduled
       FROM (
         SELECT CASE WHEN jsonb_array_length(n.totals) = 1 THEN n.totals->0->>'currency_code'
                     ELSE (SELECT string_agg(t.value->>'currency_code', ' ') FROM jsonb_array_elements(n.totals) AS t(value))
                END AS currencies,
                n.channel, n.status, count(*) AS scheduled
           FROM dunning_notice n
          WHERE n.status <> 'sent' AND n.deleted_at IS NULL
            AND n.scheduled_for >= :period_from AND n.scheduled_for < :period_to${where}
          GROUP BY 1, 2, 3
       ) g
       CROSS JOIN LATERAL unnest(string_to_array(g.currencies, ' ')) AS c(currency_code)${currency}
      GROUP BY 1, 2, 3`,
    bindings,
    { serial: true }
  )
}

export function channelsByCurrency(rows: UnsentNoticeRow[]): Map<string, ChannelCounts[]> {
  const byCurrency = new Map<string, Map<string, ChannelCounts>>()
  for (const row of rows) {
    if (!Number(row.scheduled)) {
      continue
    }
    const channels = byCurrency.get(row.currency_code) ?? new Map<string, ChannelCounts>()
    const counts = channels.get(row.channel) ?? { channel: row.channel, sent: 0, failed: 0, cancelled: 0, scheduled: 0 }
    const status = row.status as "sent" | "failed" | "cancelled" | "scheduled"
    if (status === "sent" || status === "failed" || status === "cancelled" || status === "scheduled") {
      counts[status] += Number(row.scheduled)
    }
    channels.set(row.channel, counts)
    byCurrency.set(row.currency_code, channels)
  }
  return new Map(
    [...byCurrency.entries()].map(([code, channels]) => [
      code,
      [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    ])
  )
}
