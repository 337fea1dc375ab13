import { disputeRows } from "./dispute-rate"
import { kpiFrame, ratio } from "./kpi-frame"
import { ledgerMeasures } from "./ledger-measures"
import { ledgerFlowRows, ledgerGroupRows } from "./ledger-summary"
import { channelsByCurrency, unsentNoticeRows } from "./notices-by-channel"
import { promiseRows, promisesByCurrency } from "./promise-kept-rate"
import { noticeLineRows, stageRates } from "./stage-rates"
import type { CurrencyKpis, KpiInput, Kpis } from "./types"
import { variantComparisons, variantLineRows } from "./variant-rates"

/**
 * Collection KPIs per currency over a period `[from, to)` and a trend of the twelve UTC months ending at
 * `to`. Balances at a moment are rebuilt from the ledger, never read from today's `amount_paid`, so a
 * KPI of last March says what the books said at the end of last March. Each measure has its file here:
 * ledger-rows and ledger-measures (DSO, collection average, days late, recovery time), stage-rates
 * (whose rows also give variant-rates), notices-by-channel, promise-kept-rate and dispute-rate; kpi-frame
 * holds what their statements share.
 */
export const KPI_FORMULAS: Record<string, string> = {
  period:
    "Periods are half-open, [from, to): a payment booked exactly at `to` belongs to the next period. Months are UTC calendar months; the trend's last month ends at `to`. Days between two instants are whole UTC calendar days between their dates.",
  dso: "DSO = receivables outstanding at `to` ÷ credit sales of the period × days in the period (null without credit sales).",
  receivables_outstanding_at_end:
    "Σ over receivables issued before `to` of (amount − payments and adjustments booked before `to` + refunds booked before `to`). A receivable paid before `to` counts 0; one voided or written off before `to` is left out (written off = no longer expected); one voided or written off later still counts, as the books stood at `to`. Rebuilt from the payments booked per month, as the ledger allows no payment on a receivable before its issue or after it was settled or closed.",
  dso_trend:
    "For each of the twelve UTC months ending at `to`: outstanding at the month's end ÷ the month's credit sales × the month's days (the last month ends at `to`).",
  credit_sales:
    "Σ amount of receivables issued in the period, except those voided before `to` (a cancelled invoice is not a sale). Written-off receivables are sales that were not collected.",
  collection_average:
    "Over receivables paid in the period (`paid_at`, the payment that settled them, in [from, to)): Σ(amount × days from issue to payment) ÷ Σ amount. Written-off and void receivables are not collected and are left out.",
  average_days_late:
    "Over the same receivables: Σ(amount × max(0, days from due date to payment)) ÷ Σ amount.",
  collection_trend: "Collection average and days late of the receivables paid in each month of the trend.",
  recovery_time:
    "Over receivables paid in the period after their due date: the mean number of days from due date to payment (each receivable counts once).",
  collection_rate_by_stage:
    "For each stage, over the notices of that stage sent in the period: receivables = the receivables they listed (a receivable reminded twice at a stage counts twice, once per notice), amount = the outstanding the notices listed; a receivable counts as paid when it was settled within `paid_within_days` days after that notice. count_rate = paid_count ÷ receivables, amount_rate = paid_amount ÷ amount. A notice listing two currencies counts in both.",
  promises:
    "Promises to pay made in the period. A promise covers the receivables it names, else the customer's receivables outstanding when it was made (in the promised currency if one is given). Deadline = promised date + 2 days (the end of the day after the promised date, when the promise's hold ends). Kept when the covered receivables are all paid before the deadline, or, with a promised amount, when payments on them between the promise and the deadline reach it; broken once the deadline has passed without that; open before. kept_rate = kept ÷ (kept + broken).",
  dispute_rate:
    "Receivables issued in the period (void ones included) that are named in a dispute opened up to now ÷ receivables issued in the period.",
  notices_by_channel:
    "Notices scheduled in the period, by channel and by their status now. A notice listing two currencies counts in both.",
  collection_rate_by_variant:
    "For each stage with a split (two template variants) and channel, over the notices sent in the period under that split: per variant, the notices, the receivables they listed, paid_count = those settled within `paid_within_days` days after the notice, paid_rate = paid_count ÷ receivables, amount = the outstanding listed, recovered_amount = the part of it settled within those days. test compares paid_rate of B against A with a two-sided two-proportion z-test on the pooled rate (z, p_value, difference = rate B − rate A); below min_per_arm (30) receivables in either variant its status is not_enough_data, else significant when p_value < 0.05, not_significant otherwise.",
}

/** Runs the statements of the KPIs side by side and puts each currency's measures together. */
export async function computeKpis(manager: any, input: KpiInput): Promise<Kpis> {
  const frame = kpiFrame(input)
  const [groups, flows, lines, unsent, promises, disputes] = await Promise.all([
    ledgerGroupRows(manager, input, frame),
    ledgerFlowRows(manager, input, frame),
    noticeLineRows(manager, input, frame),
    unsentNoticeRows(manager, input, frame),
    promiseRows(manager, input, frame),
    disputeRows(manager, input, frame),
  ])
  const ledger = new Map(ledgerMeasures(groups, flows, frame.period, frame.months).map((m) => [m.currency_code, m]))
  const stageMap = stageRates(lines)
  const variantMap = variantComparisons(variantLineRows(lines))
  const promiseMap = promisesByCurrency(promises, input.now)
  const disputeMap = new Map(disputes.map((d) => [d.currency_code, Number(d.disputed)]))
  const channelMap = channelsByCurrency([...lines.map((l) => ({ ...l, status: "sent" })), ...unsent])
  const codes = new Set<string>([...ledger.keys(), ...stageMap.keys(), ...promiseMap.keys(), ...channelMap.keys()])
  if (input.currency_code) {
    for (const code of [...codes]) {
      if (code !== input.currency_code.toLowerCase()) {
        codes.delete(code)
      }
    }
  }
  const currencies: CurrencyKpis[] = [...codes].sort().map((code) => {
    const measures =
      ledger.get(code) ?? ledgerMeasures([], [{ currency_code: code, w: 0, net: "0" }], frame.period, frame.months)[0]
    const promisesOf = promiseMap.get(code) ?? { made: 0, kept: 0, broken: 0, open: 0 }
    const disputed = disputeMap.get(code) ?? 0
    return {
      ...measures,
      currency_code: code,
      collection_rate_by_stage: stageMap.get(code) ?? [],
      collection_rate_by_variant: variantMap.get(code) ?? [],
      promises: { ...promisesOf, kept_rate: ratio(promisesOf.kept, promisesOf.kept + promisesOf.broken, 4) },
      dispute_rate: ratio(disputed, measures.receivables_issued, 4),
      receivables_disputed: disputed,
      notices_by_channel: channelMap.get(code) ?? [],
    }
  })
  return {
    from: frame.period.start,
    to: frame.period.end,
    as_of: input.now,
    paid_within_days: input.paid_within_days,
    formulas: KPI_FORMULAS,
    currencies,
  }
}
