import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import { frameBindings, kpiFrame } from "../analytics/kpi-frame"
import { channelsByCurrency } from "../analytics/notices-by-channel"
import { scopeSql } from "../analytics/sql"
import { stageRates, type NoticeLineRow } from "../analytics/stage-rates"
import type { KpiInput, StageCollectionRate } from "../analytics/types"
import { variantComparisons, type VariantLineRow } from "../analytics/variant-rates"
import DunningModuleService from "../service"
import { seededRandom } from "./seeded-random"

jest.setTimeout(120_000)

const NOW = new Date("2026-07-15T12:00:00Z")
const FROM = new Date("2026-04-01T00:00:00Z")
const TO = new Date("2026-07-01T00:00:00Z")
const DAY = 86_400_000
const GONE = "dstg_gone"
const GONE_NAMES = ["Old overdue", "Older overdue"]
const CUSTOMERS = ["cus_1", "cus_2", "cus_3"]
const CURRENCIES = ["eur", "usd"]
const CHANNELS = ["email", "webhook"]

/** The stage rates' statement as two statements read the notice lines: per stage and channel, ... */
const STAGE_STATEMENT = (where: string) => `
  SELECT g.currency_code, g.stage_key, coalesce(ds.name, g.stage_name) AS stage_name, g.stage_offset_days, g.channel,
         g.scheduled, g.notices, g.receivables, g.amount, g.paid_count, g.paid_amount
    FROM (
      SELECT currency_code, stage_key, stage_name, stage_offset_days, channel,
             count(*) FILTER (WHERE counts_notice AND scheduled)::int AS scheduled,
             count(*) FILTER (WHERE counts_notice AND sent)::int AS notices,
             count(*) FILTER (WHERE sent)::int AS receivables,
             coalesce(sum(outstanding) FILTER (WHERE sent), 0)::text AS amount,
             count(*) FILTER (WHERE paid)::int AS paid_count,
             coalesce(sum(outstanding) FILTER (WHERE paid), 0)::text AS paid_amount
        FROM (
          SELECT l.currency_code, l.stage_key, l.stage_name, l.stage_offset_days, l.channel, l.counts_notice, l.outstanding,
                 l.scheduled_for >= :period_from AND l.scheduled_for < :period_to AS scheduled,
                 l.sent_at >= :period_from AND l.sent_at < :period_to AS sent,
                 l.sent_at >= :period_from AND l.sent_at < :period_to
                   AND l.receivable_paid_at >= :period_from AND l.receivable_paid_at >= l.sent_at
                   AND l.receivable_paid_at < l.sent_at + :paid_within::interval AND l.receivable_paid_at <= :as_of AS paid
            FROM dunning_notice_line l
           WHERE ((l.sent_at >= :period_from AND l.sent_at < :period_to)
                  OR (l.scheduled_for >= :period_from AND l.scheduled_for < :period_to))${where}
        ) listed
       GROUP BY 1, 2, 3, 4, 5
    ) g
    LEFT JOIN dunning_stage ds ON ds.id = g.stage_key`

/** ... and per stage, variant and channel over the lines of notices sent under a split. */
const VARIANT_STATEMENT = (where: string) => `
  SELECT g.currency_code, g.stage_key, coalesce(ds.name, g.stage_name) AS stage_name, g.stage_offset_days, g.variant,
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
    LEFT JOIN dunning_stage ds ON ds.id = g.stage_key`

/** A small seeded generator (mulberry32), so a failing case can be replayed from its printed seed. */
function generator(seed: number) {
  const next = seededRandom(seed)
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, pick: <T>(xs: T[]): T => xs[int(xs.length)] }
}

/** The stage rates with the deleted stage's name (its lines carried two; either may name it) read as one. */
const stagesKey = (rates: StageCollectionRate[]) =>
  rates.map((r) => (r.stage_id === GONE && GONE_NAMES.includes(r.stage_name) ? { ...r, stage_name: "(deleted stage)" } : r))

/*
 * The stage rates, the comparison of variants and the sent notices per channel come from one statement
 * over the notice lines. Over random lines (stages that exist, one deleted whose lines carry two names and
 * two offsets, notices without a stage; lines with and without a variant, sent or scheduled in the period
 * or not, paid before, within or after the days counted) they answer what the two statements that read
 * the lines separately answered, for all customers, one currency and one customer.
 */
moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-variant-lines-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service, MikroOrmWrapper }) => {
    it("answers as the stage and variant statements did, over random notice lines", async () => {
      const knex = MikroOrmWrapper.forkManager().getKnex()
      await service.ensureDefaultPolicy()
      const stages = (await knex.raw(`SELECT id, name, offset_days FROM dunning_stage ORDER BY position LIMIT 2`)).rows
      expect(stages).toHaveLength(2)
      const stageChoices = [
        ...stages.map((s: any) => ({ key: s.id, names: [s.name, `${s.name} (old wording)`], offsets: [s.offset_days] })),
        { key: GONE, names: GONE_NAMES, offsets: [1001, 1000] },
        { key: "Manual reminder", names: ["Manual reminder"], offsets: [0] },
      ]
      const seeds = [Number(process.env.VARIANT_LINES_SEED ?? 20261204), 7, 99]
      for (const seed of seeds) {
        const random = generator(seed)
        await knex.raw(`DELETE FROM dunning_notice`)
        const notices: any[] = []
        const lines: any[] = []
        type Stage = (typeof stageChoices)[number]
        const addNotice = (stage: Stage, name: string, channel: string, variant: string | null, customer: string, sentAt: Date, currencies = CURRENCIES, offsets = stage.offsets) => {
          const id = `dnot_${seed}_${notices.length}`
          notices.push({
            id, customer_id: customer, stage_name: name, channel, recipients: "{}", receivable_ids: "[]", lines: "[]",
            totals: "[]", status: "scheduled", scheduled_for: new Date(FROM.getTime() - 400 * DAY), idempotency_key: id,
          })
          const scheduledFor = new Date(sentAt.getTime() - random.int(4) * DAY - random.int(DAY))
          const offset = random.pick(offsets)
          const seen = new Set<string>()
          for (let i = 0; i < 1 + random.int(3); i++) {
            const currency = random.pick(currencies)
            const roll = random.next()
            const paidAt =
              roll < 0.3 ? null : new Date(sentAt.getTime() + (roll < 0.4 ? -1 : 1) * random.int(30) * DAY + random.int(DAY))
            lines.push({
              notice_id: id, receivable_id: `rcv_${i}`, customer_id: customer, stage_key: stage.key, currency_code: currency,
              outstanding: `${random.int(100_000)}.${String(random.int(100)).padStart(2, "0")}`, sent_at: sentAt,
              receivable_paid_at: paidAt, stage_name: name, stage_offset_days: offset, channel, scheduled_for: scheduledFor,
              counts_notice: !seen.has(currency), template_variant: variant,
            })
            seen.add(currency)
          }
        }
        for (let n = 0; n < 150; n++) {
          const stage = random.pick(stageChoices)
          const sentAt = new Date(FROM.getTime() + (random.int(110) - 10) * DAY + random.int(DAY))
          const variant = random.pick(["A", "B", null, null])
          addNotice(stage, random.pick(stage.names), random.pick(CHANNELS), variant, random.pick(CUSTOMERS), sentAt)
        }
        // the deleted stage's least name and offset in every arm, so that each comparison names and sorts its stage one way
        for (const channel of CHANNELS) {
          for (const variant of ["A", "B"]) {
            for (const customer of CUSTOMERS) {
              for (const currency of CURRENCIES) {
                addNotice(stageChoices[2], GONE_NAMES[0], channel, variant, customer, new Date(FROM.getTime() + 3 * DAY), [currency], [1000])
              }
            }
          }
        }
        await knex("dunning_notice").insert(notices)
        await knex("dunning_notice_line").insert(lines)

        for (const scope of [{}, { currency_code: "USD" }, { customer_id: "cus_2" }]) {
          const input: KpiInput = { now: NOW, from: FROM, to: TO, paid_within_days: 14, ...scope }
          const bindings = frameBindings(kpiFrame(input))
          const where = scopeSql("l", input, bindings)
          const stageRows: NoticeLineRow[] = (await knex.raw(STAGE_STATEMENT(where), bindings)).rows
          const variantRows: VariantLineRow[] = (await knex.raw(VARIANT_STATEMENT(where), bindings)).rows
          const stageMap = stageRates(stageRows)
          const variantMap = variantComparisons(variantRows)
          const channelMap = channelsByCurrency(stageRows.map((l) => ({ ...l, status: "sent" })))
          const kpis = await service.getKpis(input)
          const label = `seed ${seed}, scope ${JSON.stringify(scope)}`
          expect([label, kpis.currencies.map((c) => c.currency_code)]).toEqual([label, [...stageMap.keys()].sort()])
          const compared = [...variantMap.values()].flat()
          expect(compared.some((c) => c.stage_id === GONE && c.a && c.b)).toBe(true)
          expect(compared.filter((c) => c.stage_id !== GONE && c.a && c.b).length).toBeGreaterThan(0)
          for (const currency of kpis.currencies) {
            const code = currency.currency_code
            expect([label, code, stagesKey(currency.collection_rate_by_stage)]).toEqual([label, code, stagesKey(stageMap.get(code) ?? [])])
            expect([label, code, currency.collection_rate_by_variant]).toEqual([label, code, variantMap.get(code) ?? []])
            expect([label, code, currency.notices_by_channel]).toEqual([label, code, channelMap.get(code) ?? []])
          }
        }
      }
    })

    it("keeps no index for the lines of notices sent under a split, which nothing reads apart", async () => {
      const knex = MikroOrmWrapper.forkManager().getKnex()
      const { rows } = await knex.raw(`SELECT indexname FROM pg_indexes WHERE tablename = 'dunning_notice_line' ORDER BY 1`)
      expect(rows.map((r: any) => r.indexname)).not.toContain("IDX_dunning_notice_line_variant_sent_at")
      expect(rows.map((r: any) => r.indexname)).toContain("IDX_dunning_notice_line_sent_at")
    })
  },
})
