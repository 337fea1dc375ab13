import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"

/**
 * `npm run bench:run`: seeds open receivables straight into PostgreSQL (default 1,000,000 over 100,000
 * customers, 5% due now, each customer sent two reminders in earlier months), then times
 *   (a) the SQL floor: one indexed SELECT of the due rows plus batched INSERTs of the same number of
 *       notices and events (one each per due row, 1,000 per statement, into the real tables), and
 *   (b) a full `dunning-run` workflow (delivery is a separate workflow and is not part of it),
 * and prints both times, the ratio, rows per second and the peak RSS. It then repeats (b) with 100,000
 * open receivables and the same number due, to show the run's time follows the due rows.
 */
const OPEN = Number(process.env.BENCH_OPEN ?? 1_000_000)
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000)
const DUE_RATIO = Number(process.env.BENCH_DUE_RATIO ?? 0.05)
const SMALL_OPEN = Number(process.env.BENCH_SMALL_OPEN ?? 100_000)
const BATCH = Number(process.env.BENCH_BATCH ?? 1000)
/**
 * BENCH_SUMMARY_TRIGGERS=off: the run's updates of receivables skip the triggers that keep the aging and
 * KPI summaries (switched off for the run only, back on afterwards), to print the run before and after them.
 */
const SUMMARY_TRIGGERS = process.env.BENCH_SUMMARY_TRIGGERS !== "off"
const SUMMARY_UPDATE_TRIGGERS = ["dunning_receivable_aging_update", "dunning_receivable_kpi_day_update"]
/** Reminders each customer was sent before the benchmark (BENCH_HISTORY, default 2). */
const HISTORY_PER_CUSTOMER = Number(process.env.BENCH_HISTORY ?? 2)
/** Each scenario is measured this many times (re-seeded each time); the table shows the medians. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)

export default async function benchRun({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = new Date()
  const due = Math.round(OPEN * DUE_RATIO)

  await dunning.ensureDefaultPolicy()
  // notices may go out at any hour for the benchmark, so the send window defers nothing
  await knex.raw(`UPDATE dunning_policy SET send_days = '[1,2,3,4,5,6,7]', send_hour_start = 0, send_hour_end = 24`)

  const big = await scenario(OPEN, due)
  const small = await scenario(SMALL_OPEN, due)

  console.log("")
  const triggers = SUMMARY_TRIGGERS ? "with" : "without"
  console.log(`dunning run benchmark (${CUSTOMERS.toLocaleString("en")} customers, ${due.toLocaleString("en")} due receivables, median of ${REPEAT}, ${triggers} the summary triggers)`)
  console.table([
    row(`${OPEN.toLocaleString("en")} open`, big),
    row(`${SMALL_OPEN.toLocaleString("en")} open`, small),
  ])
  console.log(`run time, ${OPEN.toLocaleString("en")} open vs ${SMALL_OPEN.toLocaleString("en")} open with the same due rows: ${(big.runMs / small.runMs).toFixed(2)}x`)
  console.log(`targets: ratio <= 3, peak RSS < 512 MB`)

  function row(label: string, r: Awaited<ReturnType<typeof scenario>>) {
    return {
      scenario: label,
      "due rows": r.dueRows,
      notices: r.notices,
      "floor (s)": (r.floorMs / 1000).toFixed(2),
      "run (s)": (r.runMs / 1000).toFixed(2),
      "run/floor": (r.runMs / r.floorMs).toFixed(2),
      "due rows/s": Math.round(r.dueRows / (r.runMs / 1000)),
      "RSS before (MB)": Math.round(r.baselineRss / 1024 / 1024),
      "peak RSS (MB)": Math.round(r.peakRss / 1024 / 1024),
      ...(Number.isNaN(r.retainedMb) ? {} : { "heap retained (MB)": r.retainedMb.toFixed(1) }),
    }
  }

  async function scenario(open: number, dueCount: number) {
    const samples: Array<Awaited<ReturnType<typeof measureOnce>>> = []
    for (let i = 0; i < REPEAT; i++) {
      samples.push(await measureOnce(open, dueCount))
    }
    const median = (pick: (x: (typeof samples)[number]) => number) => {
      const sorted = samples.map(pick).sort((a, b) => a - b)
      return sorted[Math.floor(sorted.length / 2)]
    }
    return {
      dueRows: dueCount,
      notices: samples[0].notices,
      floorMs: median((x) => x.floorMs),
      runMs: median((x) => x.runMs),
      peakRss: Math.max(...samples.map((x) => x.peakRss)),
      baselineRss: median((x) => x.baselineRss),
      retainedMb: Math.max(...samples.map((x) => x.retainedMb)),
    }
  }

  async function measureOnce(open: number, dueCount: number) {
    await seed(open, dueCount)
    const floor = await measureFloor()
    ;(globalThis as { gc?: () => void }).gc?.()
    const baselineRss = process.memoryUsage().rss
    const heapBefore = process.memoryUsage().heapUsed
    const sampler = rssSampler()
    const profiler = await startProfiler()
    await switchSummaryTriggers(SUMMARY_TRIGGERS)
    const started = performance.now()
    const { result } = await runDunningWorkflow(container).run({ input: { now, batch_size: BATCH, detail_limit: 0 } })
    const runMs = performance.now() - started
    await switchSummaryTriggers(true)
    const peakRss = sampler.stop()
    await profiler.stop(`run-${open}`)
    // with --expose-gc: what the run left behind once garbage is collected (0 means nothing is retained)
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const retainedMb = gc ? (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024 : NaN
    return { notices: result.totals.notices_created, floorMs: floor.ms, runMs, peakRss, baselineRss, retainedMb }
  }

  async function switchSummaryTriggers(on: boolean) {
    for (const trigger of SUMMARY_UPDATE_TRIGGERS) {
      await knex.raw(`ALTER TABLE dunning_receivable ${on ? "ENABLE" : "DISABLE"} TRIGGER ${trigger}`)
    }
  }

  async function seed(open: number, dueCount: number) {
    process.stdout.write(`seeding ${open.toLocaleString("en")} open receivables (${dueCount.toLocaleString("en")} due)... `)
    const t = performance.now()
    await knex.raw(`TRUNCATE dunning_notice, dunning_collection_event, dunning_receivable_payment, dunning_receivable, dunning_run CASCADE`)
    await knex.raw(`DELETE FROM customer WHERE id LIKE 'cus_bench_%'`)
    await knex.raw(
      `INSERT INTO customer (id, email, company_name, first_name, last_name)
       SELECT 'cus_bench_' || g, 'ap' || g || '@bench.test', 'Company ' || g, 'Pat', 'Buyer' FROM generate_series(1, ?) g`,
      [CUSTOMERS]
    )
    // due rows are spread over customers pseudo-randomly (a multiplicative hash), the others are due in the future
    await knex.raw(
      `INSERT INTO dunning_receivable (id, customer_id, number, source, external_ref, currency_code, amount, raw_amount,
          amount_paid, raw_amount_paid, issued_at, due_at, status, next_action_at, notices_sent)
       SELECT 'rcv_bench_' || lpad(g::text, 8, '0'),
              'cus_bench_' || (1 + (g::bigint * 7919) % ?),
              'B-' || g, 'bench', 'B-' || g, 'eur', 100 + g % 900, jsonb_build_object('value', (100 + g % 900)::text, 'precision', 20),
              0, '{"value":"0","precision":20}'::jsonb,
              CASE WHEN g <= ? THEN ?::timestamptz - interval '40 days' ELSE ?::timestamptz - interval '5 days' END,
              CASE WHEN g <= ? THEN ?::timestamptz - interval '10 days' ELSE ?::timestamptz + (1 + g % 60) * interval '1 day' END,
              'open',
              CASE WHEN g <= ? THEN ?::timestamptz - (g % 600) * interval '1 second' ELSE ?::timestamptz + (1 + g % 57) * interval '1 day' END,
              CASE WHEN g <= ? THEN 2 ELSE 0 END
         FROM generate_series(1, ?) g`,
      [CUSTOMERS, dueCount, now, now, dueCount, now, now, dueCount, now, now, dueCount, open]
    )
    // a merchant with this many open invoices has sent reminders before: two per customer, sent 45 to 74 days
    // ago (outside the contact window), so the notices table has the statistics its steady state gives it
    await knex.raw(
      `INSERT INTO dunning_notice (id, customer_id, stage_name, recipients, receivable_ids, lines, totals, status,
          scheduled_for, sent_at, idempotency_key)
       SELECT 'dntc_hist_' || g, 'cus_bench_' || (1 + g % ?), 'Notification of Overdue Invoices',
              '{"to":["ap@bench.test"],"cc":[],"bcc":[],"reply_to":null}'::jsonb, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
              'sent', ?::timestamptz - (45 + g % 30) * interval '1 day', ?::timestamptz - (45 + g % 30) * interval '1 day',
              'hist:' || g
         FROM generate_series(1, ?) g`,
      [CUSTOMERS, now, now, HISTORY_PER_CUSTOMER * CUSTOMERS]
    )
    await knex.raw(`ANALYZE dunning_receivable, dunning_notice, customer`)
    console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`)
  }

  /**
   * The floor: select the due rows through the index, then insert one notice and one event per due row,
   * 1,000 per statement, into the real tables (with their indexes), rolled back so the run that follows
   * starts from the same state.
   */
  async function measureFloor() {
    const t = performance.now()
    const { rows } = await knex.raw(
      `SELECT id, customer_id FROM dunning_receivable
        WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL AND next_action_at <= ?
        ORDER BY next_action_at`,
      [now]
    )
    const customers = rows.map((r: { customer_id: string }) => r.customer_id) as string[]
    const trx = await knex.transaction()
    try {
      const line = JSON.stringify([{ id: "rcv", number: "B-1", currency_code: "eur", amount: "100", outstanding: "100", days_overdue: 10 }])
      for (let i = 0; i < customers.length; i += 1000) {
        const chunk = customers.slice(i, i + 1000)
        await trx("dunning_notice").insert(
          chunk.map((c, k) => ({
            id: `dntc_floor_${i + k}`,
            customer_id: c,
            stage_name: "Notification of Overdue Invoices",
            recipients: JSON.stringify({ to: ["ap@bench.test"], cc: [], bcc: [], reply_to: null }),
            receivable_ids: JSON.stringify(["rcv"]),
            lines: line,
            totals: JSON.stringify([{ currency_code: "eur", outstanding: "100", count: 1 }]),
            status: "scheduled",
            scheduled_for: now,
            idempotency_key: `floor:${i + k}`,
          }))
        )
        await trx("dunning_collection_event").insert(
          chunk.map((c, k) => ({
            id: `cevt_floor_${i + k}`,
            customer_id: c,
            type: "claim_for_non_payment",
            title: "Claim for Non-Payment",
            receivable_ids: JSON.stringify(["rcv"]),
            occurred_at: now,
          }))
        )
      }
    } finally {
      await trx.rollback()
    }
    return { ms: performance.now() - t, notices: customers.length }
  }
}

/** With BENCH_PROFILE=<folder>, writes a V8 CPU profile of each run there (open it in Chrome DevTools). */
async function startProfiler() {
  const folder = process.env.BENCH_PROFILE
  if (!folder) {
    return { stop: async (_name: string) => {} }
  }
  const { Session } = await import("inspector")
  const { mkdirSync, writeFileSync } = await import("fs")
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))))
  await post("Profiler.enable")
  await post("Profiler.start")
  return {
    stop: async (name: string) => {
      const { profile } = await post("Profiler.stop")
      mkdirSync(folder, { recursive: true })
      writeFileSync(`${folder}/${name}.cpuprofile`, JSON.stringify(profile))
      session.disconnect()
    },
  }
}

function rssSampler() {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss)
    },
  }
}
