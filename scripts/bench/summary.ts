import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { addUtcMonths, utcDate } from "../../src/modules/dunning/analytics/periods"
import { summaryRows } from "../../src/modules/dunning/analytics/summary"
import type DunningModuleService from "../../src/modules/dunning/service"
import { explainingManager, medianMs, planText, rawSql, row } from "./analytics-measure"
import { seedCustomers, seedNoticesAndEvents, seedReceivables, stagesOf, tableSizes, truncateHistory } from "./analytics-seed"

/**
 * `npm run bench:summary`: one customer with 10,000 receivables over a year (ledger, notices, promises)
 * among 200,000 receivables of 20,000 other customers, then times the collection-summary service method
 * (median of BENCH_REPEAT runs after a warm-up) against the summary's core aggregate (open and overdue
 * balance per currency, collection average, days late and on-time rate) as one plain SQL statement, and
 * prints the ratio (target <= 2) and the EXPLAIN (ANALYZE, BUFFERS) of the summary statement.
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
  await knex.raw(`VACUUM ANALYZE dunning_receivable, dunning_receivable_payment, dunning_notice, dunning_collection_event, customer`)
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
  const raw = await medianMs(REPEAT, () => rawSql(knex, SUMMARY_CORE, coreBindings))
  const summary = await dunning.getCollectionSummary(input)

  console.log("")
  console.log(
    `collection summary benchmark (${CUSTOMER_RECEIVABLES.toLocaleString("en")} receivables of one customer, median of ${REPEAT} runs after a warm-up)`
  )
  console.table([row("collection summary (getCollectionSummary vs core aggregate)", service, raw)])
  console.log(
    `${CUSTOMER}: ${summary.paid_count.toLocaleString("en")} paid in 12 months, collection average ${summary.collection_average_days} days, ${summary.average_days_late} days late, on time ${summary.on_time_rate}, ${summary.notices_sent} notices sent, promises ${JSON.stringify(summary.promises)}, currencies ${summary.currencies.map((c) => `${c.currency_code.toUpperCase()} ${c.outstanding.toLocaleString("en")} open / ${c.overdue.toLocaleString("en")} overdue`).join(", ")}`
  )
  console.log("targets: service / raw <= 2")

  console.log("\nEXPLAIN (ANALYZE, BUFFERS) of the summary statement:")
  console.log(planText((await summaryRows(explainingManager(knex), input)) as any))
}
