import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { assessRisk } from "../../src/modules/dunning/domain/risk"
import { riskSettings } from "../../src/modules/dunning/risk-options"
import type DunningModuleService from "../../src/modules/dunning/service"
import { runNamed } from "../../src/modules/dunning/analytics/sql"
import { readRiskFacts, riskFactsBindings, riskFactsSql } from "../../src/modules/dunning/services/risk/facts"
import { NEXT_BATCH } from "../../src/modules/dunning/services/risk/sql"
import { explainingManager, medianMs, planText, rawSql } from "./analytics-measure"
import { seedCustomers, seedNoticesAndEvents, seedReceivables, stagesOf, tableSizes, truncateHistory } from "./analytics-seed"

/**
 * `npm run bench:risk`: the KPI benchmark's history (1,000,000 receivables with a year of ledger, notices,
 * promises and disputes over 100,000 customers, seeded by `analytics-seed`), then the risk score of every
 * customer three ways, each the median of BENCH_REPEAT runs after a warm-up:
 * - the plain aggregate: the same facts for every customer in one statement (one GROUP BY per table, no
 *   batches), rows read and dropped;
 * - the scoring pass: the facts batch by batch (`risk.batchSize` customers per statement, in id order, as the
 *   nightly job reads them) and each customer scored by the pure rules, nothing written;
 * - the nightly refresh: `refreshRiskScores` batch after batch, as the job runs it (read, score, lock the
 *   stored scores, write scores and changes of band, one transaction per batch).
 * It prints the figures, the ratios to the plain aggregate (target <= 2), the peak RSS during one scoring pass
 * and one refresh, each started from a collected heap as the nightly job runs once (target < 512 MB), the
 * bands found, and the EXPLAIN (ANALYZE, BUFFERS) of one batch's statement and of the plain aggregate.
 * BENCH_RESEED=false reuses the last run's history; BENCH_RISK_BATCH sets the batch size.
 */
const RECEIVABLES = Number(process.env.BENCH_RECEIVABLES ?? 1_000_000)
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000)
const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT ?? 3))
const RESEED = process.env.BENCH_RESEED !== "false"
const MB = 1024 * 1024

/** Samples the process's resident memory while `work` runs (after a full collection, when `--expose-gc` allows one); returns the highest seen. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  ;(globalThis as { gc?: () => void }).gc?.()
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  try {
    const result = await work()
    return { result, peak: Math.max(peak, process.memoryUsage().rss) }
  } finally {
    clearInterval(timer)
  }
}

export default async function benchRisk({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
  const options = dunning.getOptions().risk
  const batchSize = Number(process.env.BENCH_RISK_BATCH ?? options.batchSize)
  const settings = riskSettings(options)

  await dunning.ensureDefaultPolicy()
  const stages = await stagesOf(knex)
  const [{ seeded }] = (await knex.raw(`SELECT count(*)::int AS seeded FROM dunning_receivable WHERE status <> 'open' OR paid_at IS NOT NULL`)).rows
  if (RESEED || seeded === 0) {
    const t = performance.now()
    process.stdout.write(`seeding ${RECEIVABLES.toLocaleString("en")} receivables over ${CUSTOMERS.toLocaleString("en")} customers... `)
    await truncateHistory(knex)
    await seedCustomers(knex, CUSTOMERS)
    await seedReceivables(knex, now, { prefix: "rcv_bench", count: RECEIVABLES, customers: CUSTOMERS })
    await seedNoticesAndEvents(knex, now, "rcv_bench", stages)
    await knex.raw(`VACUUM ANALYZE dunning_receivable, dunning_receivable_payment, dunning_notice, dunning_collection_event, customer`)
    console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`)
  } else {
    console.log("reusing the history seeded by the last run (BENCH_RESEED=false)")
  }
  console.table(await tableSizes(knex))

  // every customer with receivables, as one range: the same statement without batches
  const [{ highest }] = (await knex.raw(`SELECT max(customer_id) AS highest FROM dunning_receivable`)).rows
  const everyone = { after: "", last: highest as string }
  const plain = async () => {
    const { rows } = await rawSql(knex, riskFactsSql(everyone), riskFactsBindings(everyone, now))
    return rows.length
  }
  const manager = { getKnex: () => knex }
  const scoringPass = async () => {
    let after = ""
    let scored = 0
    for (;;) {
      const [{ last }] = (await knex.raw(NEXT_BATCH, [after, batchSize])).rows
      if (!last) {
        return scored
      }
      for (const facts of await readRiskFacts(manager, { after, last }, now)) {
        assessRisk(facts, settings, now)
        scored += 1
      }
      after = last
    }
  }
  const refresh = async () => {
    let after: string | null = null
    let scored = 0
    for (;;) {
      const batch = await dunning.refreshRiskScores({ now, after, limit: batchSize })
      if (!batch.last_customer_id) {
        return scored
      }
      scored += batch.scored
      after = batch.last_customer_id
    }
  }

  // memory: one pass each, as the nightly job runs once, each from a collected heap; the plain aggregate goes
  // last, as it holds every customer's rows at once
  ;(globalThis as { gc?: () => void }).gc?.()
  const rssBefore = process.memoryUsage().rss
  const onePass = await peakRss(scoringPass)
  const oneRefresh = await peakRss(refresh)
  const pass = { result: await medianMs(REPEAT, scoringPass) }
  const nightly = { result: await medianMs(REPEAT, refresh) }
  const aggregate = await medianMs(REPEAT, plain)
  const customers = onePass.result
  const ratio = (m: { median: number }) => (m.median / aggregate.median).toFixed(2)
  console.log("")
  console.log(`risk score of ${customers.toLocaleString("en")} customers (${RECEIVABLES.toLocaleString("en")} receivables), batches of ${batchSize}, median of ${REPEAT} runs after a warm-up`)
  console.table([
    { measure: "plain aggregate: the same facts, one statement, no batches", "median (s)": (aggregate.median / 1000).toFixed(2), "min (s)": (aggregate.min / 1000).toFixed(2), "vs plain": "1.00" },
    { measure: "scoring pass: facts by batch + pure scoring", "median (s)": (pass.result.median / 1000).toFixed(2), "min (s)": (pass.result.min / 1000).toFixed(2), "vs plain": ratio(pass.result) },
    { measure: "nightly refresh: + locks and writes (refreshRiskScores)", "median (s)": (nightly.result.median / 1000).toFixed(2), "min (s)": (nightly.result.min / 1000).toFixed(2), "vs plain": ratio(nightly.result) },
  ])
  console.log(
    `RSS: ${Math.round(rssBefore / MB)} MB before; peak ${Math.round(onePass.peak / MB)} MB during one scoring pass, ${Math.round(oneRefresh.peak / MB)} MB during one refresh; ` +
      `process peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (over the repeated runs, and the plain aggregate, which holds all its rows at once)`
  )
  console.log(`targets: scoring / plain <= 2, peak RSS < 512 MB`)
  const { rows: bands } = await knex.raw(`SELECT band, count(*)::int AS customers, round(avg(score), 1) AS mean_score FROM dunning_customer_risk GROUP BY band ORDER BY band`)
  console.table(bands)
  const [{ changes }] = (await knex.raw(`SELECT count(*)::int AS changes FROM dunning_customer_risk_change`)).rows
  console.log(`changes of band recorded: ${changes} (the first refresh records none; later ones at the same moment find the same bands)`)

  const [{ last }] = (await knex.raw(NEXT_BATCH, ["", batchSize])).rows
  const first = { after: "", last: last as string }
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the first batch's statement (${batchSize} customers):`)
  console.log(planText(await runNamed(explainingManager(knex), riskFactsSql(first), riskFactsBindings(first, now))))
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the plain aggregate:`)
  console.log(planText(await runNamed(explainingManager(knex), riskFactsSql(everyone), riskFactsBindings(everyone, now))))
}
