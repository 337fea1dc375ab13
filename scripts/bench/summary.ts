import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { addUtcMonths, utcDate } from "../../src/modules/dunning/analytics/periods"
import { promiseOutcomeCtes } from "../../src/modules/dunning/analytics/promises"
import { summaryRows } from "../../src/modules/dunning/analytics/summary"
import type DunningModuleService from "../../src/modules/dunning/service"
import { explainingManager, medianMs, planText, rawSql, row } from "./analytics-measure"
import { seedCustomers, seedNoticesAndEvents, seedReceivables, stagesOf, tableSizes, truncateHistory } from "./analytics-seed"

/**
 * `npm run bench:summary`: one customer with 10,000 receivables over a year (ledger, notices, promises)
 * among 200,000 receivables of 20,000 other customers, then times the collection-summary service method
 * (median of BENCH_REPEAT runs after a warm-up) against the same aggregate as one plain SQL statement
 * (every figure the summary returns: per currency, notices, promises, last payment), and prints the ratio
 * (target <= 2). For scale it also times a smaller core aggregate (open and overdue balance per currency,
 * collection average, days late and on-time rate: 9 of the summary's 17 figures), and prints the EXPLAIN
 * (ANALYZE, BUFFERS) of the summary statement.
 */
const CUSTOMER_RECEIVABLES = Number(process.env.BENCH_CUSTOMER_RECEIVABLES ?? 10_000)
const BACKGROUND = Number(process.env.BENCH_BACKGROUND_RECEIVABLES ?? 200_000)
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000)
const REPEAT = Math.max(5, Number(process.env.BENCH_REPEAT ?? 11))
const CUSTOMER = "cus_bench_big"

const SUMMARY_CORE = `
  SELECT currency_code,
         sum(amount - amount_paid) FILTER (WHERE status = 'open') AS outstanding,
         sum(amount - amount_paid) FILTER (WHERE status = 'open' AND (due_at AT TIME ZONE 'UTC')::date < :today::date) AS overdue,
         count(*) FILTER (WHERE status = 'open') AS open_count,
         count(*) FILTER (WHERE status = 'open' AND (due_at AT TIME ZONE 'UTC')::date < :today::date) AS overdue_count,
         count(*) FILTER (WHERE status = 'paid' AND paid_at >= :window_from AND paid_at < :window_to) AS paid_count,
         avg((paid_at AT TIME ZONE 'UTC')::date - (issued_at AT TIME ZONE 'UTC')::date)
           FILTER (WHERE status = 'paid' AND paid_at >= :window_from AND paid_at < :window_to) AS collection_average_days,
         avg(greatest(0, (paid_at AT TIME ZONE 'UTC')::date - (due_at AT TIME ZONE 'UTC')::date))
           FILTER (WHERE status = 'paid' AND paid_at >= :window_from AND paid_at < :window_to) AS average_days_late,
         avg(CASE WHEN paid_at <= due_at THEN 1 ELSE 0 END)
           FILTER (WHERE status = 'paid' AND paid_at >= :window_from AND paid_at < :window_to) AS on_time_rate
    FROM dunning_receivable
   WHERE customer_id = :customer AND deleted_at IS NULL
   GROUP BY currency_code`

const PAID_IN_WINDOW = "status = 'paid' AND paid_at >= :window_from AND paid_at < :window_to"
const DAYS_TO_PAY = "((paid_at AT TIME ZONE 'UTC')::date - (issued_at AT TIME ZONE 'UTC')::date)"
const DAYS_LATE = "greatest(0, (paid_at AT TIME ZONE 'UTC')::date - (due_at AT TIME ZONE 'UTC')::date)"
const OPEN = "status = 'open' AND amount > amount_paid"
const OVERDUE = `${OPEN} AND (due_at AT TIME ZONE 'UTC')::date < :today::date`

/** Every figure of the summary, as one plain statement with the bench's literal scope. */
export const SUMMARY_SAME_FIGURES = `
  WITH ${promiseOutcomeCtes(" AND e.customer_id = :customer")}
  SELECT
    (SELECT json_agg(c) FROM (
       SELECT currency_code, count(*) AS receivables,
              sum(amount - amount_paid) FILTER (WHERE ${OPEN}) AS outstanding,
              sum(amount - amount_paid) FILTER (WHERE ${OVERDUE}) AS overdue,
              count(*) FILTER (WHERE ${OPEN}) AS open_count,
              count(*) FILTER (WHERE ${OVERDUE}) AS overdue_count,
              max(:today::date - (due_at AT TIME ZONE 'UTC')::date) FILTER (WHERE ${OVERDUE}) AS oldest,
              count(*) FILTER (WHERE ${PAID_IN_WINDOW}) AS paid_count,
              sum(amount) FILTER (WHERE ${PAID_IN_WINDOW}) AS paid_amount,
              sum(${DAYS_TO_PAY}) FILTER (WHERE ${PAID_IN_WINDOW}) AS days_to_pay,
              sum(${DAYS_LATE}) FILTER (WHERE ${PAID_IN_WINDOW}) AS days_late,
              count(*) FILTER (WHERE ${PAID_IN_WINDOW} AND (paid_at AT TIME ZONE 'UTC')::date <= (due_at AT TIME ZONE 'UTC')::date) AS on_time,
              sum(amount * ${DAYS_TO_PAY}) FILTER (WHERE ${PAID_IN_WINDOW}) AS amount_days_to_pay,
              sum(amount * ${DAYS_LATE}) FILTER (WHERE ${PAID_IN_WINDOW}) AS amount_days_late,
              greatest(min(next_action_at) FILTER (WHERE ${OPEN}), :window_to::timestamptz) AS next_action_at,
              max(paid_at) FILTER (WHERE status = 'paid' AND paid_at <= :window_to) AS last_settled_at
         FROM dunning_receivable
        WHERE customer_id = :customer AND deleted_at IS NULL
        GROUP BY currency_code) c) AS currencies,
    (SELECT json_agg(o) FROM promise_outcome o) AS promises,
    (SELECT max(last.paid_at)
       FROM dunning_receivable r
       CROSS JOIN LATERAL (SELECT max(l.paid_at) AS paid_at FROM dunning_receivable_payment l
                            WHERE l.receivable_id = r.id AND l.deleted_at IS NULL AND l.kind <> 'refund'
                              AND l.amount > 0 AND l.paid_at <= :window_to) last
      WHERE r.customer_id = :customer AND r.deleted_at IS NULL AND r.amount_paid <> 0
        AND (r.status <> 'paid' OR r.paid_at > :window_to)) AS last_partial_payment_at,
    n.sent AS notices_sent, n.failed AS notices_failed, n.last_sent_at AS last_notice_at
    FROM (SELECT count(*) FILTER (WHERE status = 'sent' AND sent_at >= :window_from AND sent_at < :window_to) AS sent,
                 count(*) FILTER (WHERE status = 'failed' AND failed_at >= :window_from AND failed_at < :window_to) AS failed,
                 max(sent_at) FILTER (WHERE status = 'sent' AND sent_at <= :window_to) AS last_sent_at
            FROM dunning_notice
           WHERE customer_id = :customer AND deleted_at IS NULL AND status IN ('sent', 'failed')) n`

export default async function benchSummary({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)

  await dunning.ensureDefaultPolicy()
  const stages = await stagesOf(knex)
  const t = performance.now()
  process.stdout.write(
    `seeding ${CUSTOMER_RECEIVABLES.toLocaleString("en")} receivables of ${CUSTOMER} and ${BACKGROUND.toLocaleString("en")} of ${CUSTOMERS.toLocaleString("en")} other customers... `
  )
  await truncateHistory(knex)
  await seedCustomers(knex, CUSTOMERS, [CUSTOMER])
  await seedReceivables(knex, now, { prefix: "rcv_bench", count: BACKGROUND, customers: CUSTOMERS })
  await seedReceivables(knex, now, { prefix: "rcv_big", count: CUSTOMER_RECEIVABLES, customer_id: CUSTOMER })
  await seedNoticesAndEvents(knex, now, "rcv_bench", stages)
  await seedNoticesAndEvents(knex, now, "rcv_big", stages)
  await knex.raw(`VACUUM ANALYZE dunning_receivable, dunning_receivable_payment, dunning_notice, dunning_notice_line, dunning_collection_event, customer`)
  console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`)
  console.table(await tableSizes(knex))

  const input = { customer_id: CUSTOMER, now }
  const coreBindings = {
    customer: CUSTOMER,
    today: utcDate(now),
    window_from: addUtcMonths(now, -12),
    window_to: now,
  }
  const service = await medianMs(REPEAT, () => dunning.getCollectionSummary(input))
  const same = await medianMs(REPEAT, () =>
    rawSql(knex, SUMMARY_SAME_FIGURES, { ...coreBindings, period_from: coreBindings.window_from, period_to: now, as_of: now })
  )
  const raw = await medianMs(REPEAT, () => rawSql(knex, SUMMARY_CORE, coreBindings))
  const summary = await dunning.getCollectionSummary(input)

  console.log("")
  console.log(
    `collection summary benchmark (${CUSTOMER_RECEIVABLES.toLocaleString("en")} receivables of one customer, median of ${REPEAT} runs after a warm-up)`
  )
  console.table([
    row("collection summary vs the same figures as one raw SQL statement (target)", service, same),
    row("collection summary vs the 9-figure core aggregate (for scale)", service, raw),
  ])
  console.log(
    `${CUSTOMER}: ${summary.paid_count.toLocaleString("en")} paid in 12 months, collection average ${summary.collection_average_days} days, ${summary.average_days_late} days late, on time ${summary.on_time_rate}, ${summary.notices_sent} notices sent, promises ${JSON.stringify(summary.promises)}, currencies ${summary.currencies.map((c) => `${c.currency_code.toUpperCase()} ${c.outstanding.toLocaleString("en")} open / ${c.overdue.toLocaleString("en")} overdue`).join(", ")}`
  )
  console.log("target: service / raw SQL of the same figures <= 2")

  console.log("\nEXPLAIN (ANALYZE, BUFFERS) of the summary statement:")
  console.log(planText((await summaryRows(explainingManager(knex), input)) as any))
}
