import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import { LOCK_PENDING_NOTICES, pendingNoticesOf } from "../queries/pending-notices"
import DunningModuleService from "../service"

jest.setTimeout(120_000)

/*
 * Between two analyses of the notices table its statistics say that almost no notice is scheduled
 * (delivery sends them), while a large run schedules thousands. The run's batch must still find its
 * customers' pending notices through the customers' index, not by reading every scheduled notice.
 */
const CUSTOMERS = 2_000
const NOW = new Date("2026-07-15T12:00:00Z")

const insertNotices = (first: number, count: number, status: "sent" | "scheduled") => `
  INSERT INTO dunning_notice (id, customer_id, stage_name, recipients, receivable_ids, lines, totals, status,
      scheduled_for, sent_at, idempotency_key)
  SELECT 'dntc_plan_' || g, 'cus_plan_' || (g % ${CUSTOMERS}), 'Reminder', '{"to":["ap@example.com"],"cc":[],"bcc":[]}'::jsonb,
         '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, '${status}', '2026-07-01T00:00:00Z',
         ${status === "sent" ? "'2026-07-01T00:00:00Z'" : "NULL"}, 'plan:' || g
    FROM generate_series(${first}, ${first + count - 1}) g`

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-pending-plan-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ MikroOrmWrapper }) => {
    it("finds a batch's pending notices through the customers' index when the statistics say none is scheduled", async () => {
      const knex = MikroOrmWrapper.forkManager().getKnex()
      await knex.raw(insertNotices(1, 20_000, "sent"))
      await knex.raw(`ANALYZE dunning_notice`)
      await knex.raw(insertNotices(20_001, 5_000, "scheduled"))
      const customers = Array.from({ length: 200 }, (_, i) => `cus_plan_${i * 7}`)
      const array = `{${customers.join(",")}}`

      const plan = await knex.transaction(async (trx: any) => {
        const { rows } = await trx.raw(`EXPLAIN ${LOCK_PENDING_NOTICES}`, [array])
        return rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")
      })
      expect(plan).not.toContain("IDX_dunning_notice_deliverable")
      expect(plan).toMatch(/IDX_dunning_notice_customer_(scheduled|reminder_status|status)/)

      // and it finds them: each of the customers' scheduled notices, the newest per customer
      const pending = await knex.transaction(async (trx: any) =>
        pendingNoticesOf({ getKnex: () => knex, getTransactionContext: () => trx }, { customer_ids: customers, now: NOW, lock: true })
      )
      const { rows: expected } = await knex.raw(
        `SELECT DISTINCT ON (customer_id) customer_id, id FROM dunning_notice
          WHERE status = 'scheduled' AND customer_id = ANY(?::text[]) ORDER BY customer_id, id DESC`,
        [array]
      )
      expect(expected.length).toBeGreaterThan(0)
      expect([...pending.values()].map((p) => ({ customer_id: p.customer_id, id: p.id })).sort((a, b) => a.customer_id.localeCompare(b.customer_id))).toEqual(
        expected.sort((a: any, b: any) => a.customer_id.localeCompare(b.customer_id))
      )
    })
  },
})
