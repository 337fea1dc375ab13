import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import { kpiFrame } from "../analytics/kpi-frame"
import { ledgerMeasures } from "../analytics/ledger-measures"
import { scanLedgerFlowRows, scanLedgerGroupRows, type LedgerFlowRow, type LedgerGroupRow } from "../analytics/ledger-rows"
import { ledgerFlowRows, summaryLedgerGroupRows } from "../analytics/ledger-summary"
import type { KpiInput } from "../analytics/types"
import DunningModuleService from "../service"
import { writeConcurrently } from "./concurrent-writers"
import { randomBatches, seededRandom, weightedPicker } from "./seeded-random"

jest.setTimeout(300_000)

/*
 * `dunning_kpi_day` is kept by triggers on the receivables, `dunning_kpi_payment_day` by triggers on the
 * payments. Whatever happens to them (payments, refunds, payments moved, soft or hard deleted by hand,
 * voids, write-offs, reopening, amount, due-date, issue-date and currency changes, soft and hard deletes,
 * multi-row statements, rows written by hand, concurrent transactions), the table equals the same
 * aggregate over a full scan, and the KPI group rows, the payments per month and the ledger measures read
 * from them equal those of one pass over the receivables and payments, for periods whose bounds are
 * midnights or not.
 */
const NOW = new Date("2026-07-15T12:00:00Z")
const DAY = 86_400_000
const CURRENCIES = ["eur", "usd", "chf"]
const BATCHES = Number(process.env.KPI_SUMMARY_BATCHES ?? 12)
const SEED = Number(process.env.KPI_SUMMARY_SEED ?? Math.floor(Math.random() * 2 ** 31))

const BASE_INPUTS: KpiInput[] = [
  { now: NOW, paid_within_days: 14 },
  { now: new Date("2026-07-15T00:00:00Z"), paid_within_days: 14 },
  { now: NOW, from: new Date("2025-05-20T09:30:00Z"), to: new Date("2026-06-10T17:45:00Z"), paid_within_days: 14 },
  { now: NOW, from: new Date("2025-12-03T06:15:00Z"), to: new Date("2026-04-21T15:20:00Z"), paid_within_days: 14 },
]
const INPUTS: KpiInput[] = [...BASE_INPUTS, ...BASE_INPUTS.map((input) => ({ ...input, currency_code: "eur" }))]

/** The instants around every bound that matters: each frame's `from`, `to` and first trend month. */
const BOUND_INSTANTS: Date[] = BASE_INPUTS.flatMap((input) => {
  const frame = kpiFrame(input)
  return [frame.period.start, frame.period.end, frame.months[0].start].flatMap((bound) => {
    const t = bound.getTime()
    const midnight = Math.floor(t / DAY) * DAY
    return [t, t - 1000, t + 1000, t - 1, midnight, midnight + DAY - 1, midnight + 3_600_000, midnight - 3_600_000]
  })
}).map((t) => new Date(t))

function prng(seed: number) {
  const next = seededRandom(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]
  return {
    next, int, pick,
    cents: (min: number, max: number) => (min + Math.floor(next() * (max - min) * 100) / 100).toFixed(2),
    /** A random instant in the ~15 months before NOW, one time in three on a bound's day. */
    instant: (): Date => (next() < 0.35 ? pick(BOUND_INSTANTS) : new Date(NOW.getTime() - int(0, 460) * DAY - int(0, 86_399) * 1000)),
  }
}

const NON_ZERO = "receivables <> 0 OR amount <> 0 OR amount_days_late <> 0 OR late_count <> 0 OR late_days <> 0"
const SUMMARY_DAYS = `
  SELECT currency_code, kind::int AS kind, issue_day::text AS issue_day, end_day::text AS end_day, receivables,
         trim_scale(amount)::text AS amount, trim_scale(amount_days_late)::text AS amount_days_late, late_count, late_days
    FROM dunning_kpi_day WHERE ${NON_ZERO} ORDER BY 1, 2, 3, 4`
const utcDay = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')::date`
const SCANNED_DAYS = `
  SELECT currency_code, kind, issue_day::text AS issue_day, end_day::text AS end_day, count(*)::int AS receivables,
         trim_scale(sum(amount))::text AS amount,
         trim_scale(coalesce(sum(amount * late) FILTER (WHERE kind = 1), 0))::text AS amount_days_late,
         count(*) FILTER (WHERE kind = 1 AND late > 0)::int AS late_count,
         coalesce(sum(late) FILTER (WHERE kind = 1 AND late > 0), 0)::int AS late_days
    FROM (SELECT currency_code, amount,
                 CASE WHEN status = 'open' THEN 0 WHEN status = 'paid' AND paid_at IS NULL THEN 4 WHEN status = 'paid' THEN 1
                      WHEN status = 'void' THEN 2 ELSE 3 END AS kind,
                 ${utcDay("issued_at")} AS issue_day,
                 CASE WHEN status = 'open' THEN 'infinity'::date
                      ELSE ${utcDay("coalesce(CASE WHEN status = 'paid' THEN paid_at ELSE closed_at END, issued_at)")} END AS end_day,
                 CASE WHEN paid_at IS NULL OR due_at IS NULL OR ${utcDay("paid_at")} <= ${utcDay("due_at")} THEN 0
                      ELSE ${utcDay("paid_at")} - ${utcDay("due_at")} END AS late
            FROM dunning_receivable WHERE deleted_at IS NULL) f
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`

const SUMMARY_PAYMENT_DAYS = `
  SELECT currency_code, pay_day::text AS pay_day, trim_scale(net)::text AS net, payments
    FROM dunning_kpi_payment_day WHERE net <> 0 OR payments <> 0 ORDER BY 1, 2`
const SCANNED_PAYMENT_DAYS = `
  SELECT currency_code, ${utcDay("paid_at")}::text AS pay_day,
         trim_scale(sum(CASE kind WHEN 'refund' THEN -amount ELSE amount END))::text AS net, count(*)::int AS payments
    FROM dunning_receivable_payment WHERE deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`

/** Payments per month with zero sums dropped, in a stable order. */
const normaliseFlows = (rows: LedgerFlowRow[]) =>
  rows
    .map((row) => ({ currency_code: row.currency_code, w: Number(row.w), net: Number(row.net) }))
    .filter((row) => row.net !== 0)
    .sort((a, b) => a.currency_code.localeCompare(b.currency_code) || a.w - b.w)

/**
 * Group rows with every sum at zero dropped, numbers as numbers, in a stable order. A null sum reads as 0,
 * as the measures read it: a receivable marked paid without a payment date has no days to pay and its days
 * late are greatest(0, null) = 0 in one pass, while the summary keeps both null for it.
 */
function normalise(rows: LedgerGroupRow[]) {
  const sums = ["count", "amount", "amount_days_to_pay", "amount_days_late", "late_count", "late_days", "opening_paid", "paid_before_close"] as const
  return rows
    .map((row) => ({
      currency_code: row.currency_code,
      group_key: Number(row.group_key),
      ...Object.fromEntries(sums.map((k) => [k, Number(row[k] ?? 0)])),
    }))
    .filter((row: any) => sums.some((k) => row[k] !== 0))
    .sort((a, b) => a.currency_code.localeCompare(b.currency_code) || a.group_key - b.group_key)
}

const describeInput = (input: KpiInput) =>
  `now ${input.now.toISOString()}, from ${input.from?.toISOString() ?? "-"}, to ${input.to?.toISOString() ?? "-"}, ${input.currency_code ?? "all"}`

type Sql = (text: string, bindings?: unknown[]) => Promise<any[]>

/** The table against a full scan, and group rows and measures from it against one pass, for every frame. */
async function compare(label: string, sql: Sql, manager: any) {
  expect({ label, rows: await sql(SUMMARY_DAYS) }).toEqual({ label, rows: await sql(SCANNED_DAYS) })
  expect({ label, rows: await sql(SUMMARY_PAYMENT_DAYS) }).toEqual({ label, rows: await sql(SCANNED_PAYMENT_DAYS) })
  for (const input of INPUTS) {
    const frame = kpiFrame(input)
    const flows = await ledgerFlowRows(manager, input, frame)
    const scannedFlows = await scanLedgerFlowRows(manager, input, frame)
    const summary = await summaryLedgerGroupRows(manager, input, frame)
    const scanned = await scanLedgerGroupRows(manager, input, frame)
    const tag = { label, frame: describeInput(input) }
    expect({ ...tag, measures: ledgerMeasures(summary, flows, frame.period, frame.months) }).toEqual({
      ...tag,
      measures: ledgerMeasures(scanned, scannedFlows, frame.period, frame.months),
    })
    expect({ ...tag, flows: normaliseFlows(flows) }).toEqual({ ...tag, flows: normaliseFlows(scannedFlows) })
    expect({ ...tag, rows: normalise(summary) }).toEqual({ ...tag, rows: normalise(scanned) })
  }
}

/** The random operations on the receivables, drawn with weights. */
function operations(service: DunningModuleService, sql: Sql, rng: ReturnType<typeof prng>, ids: string[]) {
  let ref = 0
  const invoice = async () => {
    const issued = rng.instant()
    const [created] = await service.createReceivables([
      {
        customer_id: `cus_${rng.int(1, 8)}`,
        number: `INV-${ids.length + 1}`,
        currency_code: rng.pick(CURRENCIES),
        amount: rng.cents(10, 2000),
        issued_at: issued,
        due_at: rng.next() < 0.15 ? null : new Date(issued.getTime() + rng.int(0, 45) * DAY + rng.int(0, 23) * 3_600_000),
      },
    ] as any)
    ids.push(created.id)
  }
  /** A change the module refuses (below what is paid, a deleted receivable, a void one) changes nothing. */
  const refusable = async (run: () => Promise<unknown>) => {
    try {
      await run()
    } catch (e: any) {
      expect(["invalid_data", "not_found", "not_allowed", "conflict"]).toContain(e.type)
    }
  }
  const book = async (kind: "payment" | "refund") => {
    const [r] = await service.listReceivables({ id: rng.pick(ids) }, { withDeleted: true })
    if (!r || r.deleted_at) {
      return
    }
    const owed = Number(r.amount) - Number(r.amount_paid)
    const amount = kind === "refund" ? Math.min(Number(r.amount_paid), Number(rng.cents(1, 500))) : rng.next() < 0.5 ? owed : owed * rng.next()
    if (amount < 0.01) {
      return
    }
    const later = new Date(Math.min(NOW.getTime(), new Date(r.issued_at).getTime() + rng.int(0, 120) * DAY + rng.int(0, 86_399) * 1000))
    const paid_at = rng.next() < 0.4 ? rng.pick(BOUND_INSTANTS) : later
    await refusable(() =>
      service.bookLedgerEntries([
        { receivable_id: r.id, kind, amount: amount.toFixed(2), currency_code: r.currency_code, paid_at, source: "erp", external_ref: `pay-${++ref}` },
      ])
    )
  }
  const revise = (changes: Record<string, unknown>, at: Date = NOW) => refusable(() => service.reviseReceivable(rng.pick(ids), changes as any, at))
  const list: Array<[number, () => Promise<unknown>]> = [
    [4, invoice],
    [6, () => book("payment")],
    [2, () => book("refund")],
    [1, () => revise({ status: "void", status_reason: "cancelled" }, rng.instant())],
    [1, () => revise({ status: "written_off", status_reason: "insolvent" }, rng.instant())],
    [1, () => revise({ status: "open" })],
    [2, () => revise({ due_at: new Date(NOW.getTime() - rng.int(0, 400) * DAY + rng.int(0, 23) * 3_600_000) })],
    [1, () => revise({ issued_at: rng.instant() })],
    [1, () => revise({ amount: rng.cents(10, 3000) })],
    [1, () => refusable(() => service.updateReceivables({ id: rng.pick(ids), currency_code: rng.pick(CURRENCIES) } as any))],
    [1, () => service.softDeleteReceivables([rng.pick(ids)])],
    [1, () => service.restoreReceivables([rng.pick(ids)])],
    // one statement over many rows of a customer: due dates, issue instants and paid instants move
    [1, () => sql(`UPDATE dunning_receivable SET due_at = due_at + interval '2 days', issued_at = issued_at + interval '7 hours',
                     paid_at = paid_at - interval '5 hours' WHERE customer_id = ?`, [`cus_${rng.int(1, 8)}`])],
    [1, () => sql(`UPDATE dunning_receivable SET next_action_at = ? WHERE customer_id = ?`, [NOW, `cus_${rng.int(1, 8)}`])],
    // payments written by hand: moved to a bound's instant, soft deleted and restored, deleted, currency changed
    [1, () => sql(`UPDATE dunning_receivable_payment SET paid_at = ? WHERE id = (SELECT id FROM dunning_receivable_payment ORDER BY id OFFSET ? LIMIT 1)`, [rng.pick(BOUND_INSTANTS), rng.int(0, 20)])],
    [1, () => sql(`UPDATE dunning_receivable_payment SET deleted_at = CASE WHEN deleted_at IS NULL THEN now() END WHERE id = (SELECT id FROM dunning_receivable_payment ORDER BY id OFFSET ? LIMIT 1)`, [rng.int(0, 20)])],
    [1, () => sql(`DELETE FROM dunning_receivable_payment WHERE id = (SELECT id FROM dunning_receivable_payment ORDER BY id DESC OFFSET ? LIMIT 1)`, [rng.int(0, 20)])],
    [1, () => sql(`UPDATE dunning_receivable_payment SET currency_code = ? WHERE id = (SELECT id FROM dunning_receivable_payment ORDER BY id OFFSET ? LIMIT 1)`, [rng.pick(CURRENCIES), rng.int(0, 20)])],
  ]
  const next = weightedPicker(rng.next, list)
  return { invoice, book, next }
}

/** Rows no service call writes: paid without a payment date, void without a close date, closed holding money. */
async function oddRows(service: DunningModuleService, sql: Sql, ids: string[]) {
  const insert = `INSERT INTO dunning_receivable (id, customer_id, number, currency_code, amount, raw_amount, amount_paid, raw_amount_paid,
                    issued_at, due_at, status, paid_at, closed_at)
                  VALUES (?, 'cus_1', ?, 'eur', ?, jsonb_build_object('value', ?::text, 'precision', 20), ?,
                          jsonb_build_object('value', ?::text, 'precision', 20), ?, ?, ?, NULL, NULL)`
  await sql(insert, ["rcv_raw_paid", "RAW-1", 120, 120, 120, 120, new Date("2026-02-10T10:00:00Z"), new Date("2026-03-01T00:00:00Z"), "paid"])
  await sql(insert, ["rcv_raw_void", "RAW-2", 80, 80, 0, 0, BOUND_INSTANTS[0], null, "void"])
  ids.push("rcv_raw_paid", "rcv_raw_void")
  const closed = await service.createReceivables([
    { customer_id: "cus_2", number: "HOLD-1", currency_code: "eur", amount: 500, issued_at: new Date("2025-09-03T08:00:00Z"), due_at: null },
    { customer_id: "cus_3", number: "HOLD-2", currency_code: "usd", amount: 300, issued_at: new Date("2025-06-03T08:00:00Z"), due_at: null },
    { customer_id: "cus_4", number: "HOLD-3", currency_code: "eur", amount: 250, issued_at: new Date("2026-01-03T08:00:00Z"), due_at: null },
  ] as any)
  const pays: Array<[number, string, string]> = [
    [0, "120", "2025-10-01T09:00:00Z"], [0, "30", "2026-03-01T09:00:00Z"], [1, "50", "2025-06-20T09:00:00Z"],
    [1, "20", "2025-09-20T09:00:00Z"], [2, "40", "2025-12-20T09:00:00Z"],
  ]
  for (const [i, amount, at] of pays) {
    await service.bookLedgerEntries([
      { receivable_id: closed[i].id, kind: "payment", amount, currency_code: closed[i].currency_code, paid_at: new Date(at), source: "erp", external_ref: `hold-${i}-${at}` },
    ])
  }
  await service.reviseReceivable(closed[0].id, { status: "void", status_reason: "cancelled" } as any, new Date("2026-01-15T10:00:00Z"))
  await service.reviseReceivable(closed[1].id, { status: "written_off", status_reason: "insolvent" } as any, new Date("2026-06-10T20:00:00Z"))
  // voided by hand with no close date while holding money
  await sql(`UPDATE dunning_receivable SET status = 'void', closed_at = NULL WHERE id = ?`, [closed[2].id])
  ids.push(...closed.map((r: any) => r.id))
}

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-kpi-summary-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql: Sql = async (text, bindings = []) => await MikroOrmWrapper.forkManager().execute(text, bindings)
    const check = (label: string) => compare(label, sql, MikroOrmWrapper.forkManager())

    it(`stays equal to a full scan through random changes (seed ${SEED})`, async () => {
      // eslint-disable-next-line no-console
      console.log(`kpi summary property test: seed ${SEED} (replay with KPI_SUMMARY_SEED=${SEED})`)
      const rng = prng(SEED)
      const ids: string[] = []
      const ops = operations(service, sql, rng, ids)
      for (let i = 0; i < 80; i++) {
        await ops.invoice()
      }
      for (let i = 0; i < 40; i++) {
        await ops.book("payment")
      }
      await oddRows(service, sql, ids)
      await check(`seed ${SEED}, initial receivables`)
      await randomBatches({
        seed: SEED,
        batches: BATCHES,
        steps: 15,
        next: ops.next,
        deleteOne: async () => {
          const victim = rng.pick(ids)
          await service.deleteReceivables([victim])
          ids.splice(ids.indexOf(victim), 1)
        },
        check,
      })
    })

    it("adds up changes of two concurrent transactions to the same key", async () => {
      const issued_at = new Date("2026-05-01T08:00:00Z")
      const due_at = new Date("2026-05-31T08:00:00Z")
      const [a, b] = await service.createReceivables([
        { customer_id: "cus_x", number: "A", currency_code: "eur", amount: 100, issued_at, due_at },
        { customer_id: "cus_x", number: "B", currency_code: "eur", amount: 200, issued_at, due_at },
      ] as any)
      for (const r of [a, b]) {
        await service.bookLedgerEntries([
          { receivable_id: r.id, kind: "payment", amount: String(r.amount), currency_code: "eur", paid_at: new Date("2026-06-05T09:00:00Z"), source: "erp", external_ref: `c-${r.id}` },
        ])
      }
      // the second writer waits for the first's lock on the key's row, then adds its own difference
      await writeConcurrently(
        MikroOrmWrapper.forkManager().getKnex(),
        [`UPDATE dunning_receivable SET paid_at = '2026-06-20T10:00:00Z' WHERE id = ?`, [a.id]],
        [`UPDATE dunning_receivable SET paid_at = '2026-06-20T11:00:00Z' WHERE id = ?`, [b.id]],
        "2026-06-20T11:00:00Z"
      )
      expect(await sql(SUMMARY_DAYS)).toEqual([
        { currency_code: "eur", kind: 1, issue_day: "2026-05-01", end_day: "2026-06-20", receivables: 2, amount: "300", amount_days_late: "6000", late_count: 2, late_days: 40 },
      ])
      await check("concurrent writers")
    })
  },
})
