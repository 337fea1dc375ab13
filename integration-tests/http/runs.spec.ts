import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import dunningScheduledRun, { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { followRun, runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"

jest.setTimeout(180_000)

// invoices due Monday 2 March 2026; on Tuesday 10 March every one of them is due for its overdue notice
const NOW = "2026-03-10T09:00:00.000Z"

/**
 * `POST /admin/dunning/runs` as the admin's "Run now" uses it: a whole-store run answers at once and goes
 * on in the background under the run lease; a second start meanwhile is refused naming the run; the run
 * row always ends succeeded or failed; a dry run answers in the request but looks at a bounded number of
 * customers; a one-customer run stays synchronous.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    /** `customers` customers with one invoice each, imported through the admin API. */
    const seed = async (customers: number) => {
      const created = await getContainer()
        .resolve("customer")
        .createCustomers(Array.from({ length: customers }, (_, c) => ({ email: `run${c}@test.dev`, company_name: `Run ${c}` })))
      const ids = created.map((c: { id: string }) => c.id)
      await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: ids.map((customer_id: string, c: number) => ({
            customer_id,
            number: `R-${c}`,
            external_ref: `R-${c}`,
            currency_code: "eur",
            amount: 100 + c,
            issued_at: "2026-02-01",
            due_at: "2026-03-02",
          })),
        },
        admin
      )
      return ids as string[]
    }
    const counts = async () =>
      (
        await dbConnection.raw(
          "SELECT count(*)::int AS notices, count(DISTINCT idempotency_key)::int AS keys, count(DISTINCT customer_id)::int AS customers FROM dunning_notice"
        )
      ).rows[0]

    it("answers 202 at once, holds the run lease under the run's id, refuses a second start naming the run, and ends succeeded", async () => {
      const customers = await seed(6)
      // the batches read the policies first: while another transaction holds the policy table, the run is
      // recorded and under way but cannot get past its first batch
      const blocker = await dbConnection.transaction()
      try {
        await blocker.raw("LOCK TABLE dunning_policy IN ACCESS EXCLUSIVE MODE")
        // a request that ran the whole backlog would wait for the lock: the timeout turns that into a failure
        const started = await api.post("/admin/dunning/runs", { now: NOW }, { ...admin, timeout: 30_000 })
        expect(started.status).toBe(202)
        const run = started.data.run
        expect(run).toMatchObject({ status: "running", trigger: "manual", triggered_by: admin.userId, notices_created: 0, finished_at: null })
        expect(new Date(run.as_of).toISOString()).toBe(NOW)

        const [lease] = await dunning().listDunningLeases({ name: SCHEDULED_RUN_LEASE })
        expect(lease.holder).toBe(run.id)
        const refused = await expectStatus(api.post("/admin/dunning/runs", { now: NOW }, admin), 409)
        expect(refused).toEqual({
          type: "conflict",
          run_id: run.id,
          message: `Dunning run ${run.id} is in progress; follow it at GET /admin/dunning/runs/${run.id} and start another when it has finished`,
        })
        // the scheduled run competes for the same lease and steps aside
        expect(await dunningScheduledRun(getContainer(), { scheduledFor: new Date(NOW) })).toEqual({ skipped: true })
        expect((await api.get(`/admin/dunning/runs/${run.id}`, admin)).data.run).toMatchObject({ status: "running", batches: 0 })
        expect(await counts()).toEqual({ notices: 0, keys: 0, customers: 0 })
      } finally {
        await blocker.rollback()
      }

      const [run] = await dunning().listDunningRuns({})
      const finished = await followRun(api, admin, run.id)
      expect(finished).toMatchObject({ status: "succeeded", customers_seen: customers.length, notices_created: customers.length })
      expect(finished.finished_at).not.toBeNull()
      expect(await counts()).toEqual({ notices: customers.length, keys: customers.length, customers: customers.length })
      // the lease went back with the run: the next start is accepted at once
      expect(await dunning().listDunningLeases({ name: SCHEDULED_RUN_LEASE })).toEqual([])
      const next = await runDunningNow(api, admin, { now: NOW })
      expect(next.totals).toMatchObject({ customers_seen: 0, notices_created: 0 })
    })

    it("records a run whose background batches fail as failed, gives the lease back, and the next run does the rest", async () => {
      const customers = await seed(8)
      const victim = customers[5]
      await dbConnection.raw(`
        CREATE OR REPLACE FUNCTION dunning_test_fail() RETURNS trigger AS $$
        BEGIN
          IF NEW.customer_id = '${victim}' THEN RAISE EXCEPTION 'simulated failure while recording a batch'; END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER dunning_test_fail BEFORE INSERT ON dunning_notice FOR EACH ROW EXECUTE FUNCTION dunning_test_fail();
      `)
      try {
        const { status, data } = await api.post("/admin/dunning/runs", { now: NOW, batch_size: 1 }, admin)
        expect(status).toBe(202)
        const failed = await followRun(api, admin, data.run.id)
        expect(failed).toMatchObject({ status: "failed", error: "the run failed; see the server log" })
        expect(failed.finished_at).not.toBeNull()
        expect(failed.notices_created).toBeLessThan(customers.length)
        expect(await dunning().listDunningLeases({ name: SCHEDULED_RUN_LEASE })).toEqual([])
      } finally {
        await dbConnection.raw("DROP TRIGGER dunning_test_fail ON dunning_notice; DROP FUNCTION dunning_test_fail();")
      }
      const next = await runDunningNow(api, admin, { now: NOW })
      expect(next.run.status).toBe("succeeded")
      expect(await counts()).toEqual({ notices: customers.length, keys: customers.length, customers: customers.length })
    })

    it("answers a dry run in the request, looking at no more customers than its limit and saying when it stopped there", async () => {
      const customers = await seed(3)
      const bounded = (await api.post("/admin/dunning/runs", { now: NOW, dry_run: true, customer_limit: 2 }, admin)).data
      expect(bounded).toMatchObject({ dry_run: true, run: null, truncated: true, customer_limit: 2 })
      expect(bounded.totals).toMatchObject({ customers_seen: 2, notices_created: 2 })
      expect(bounded.totals.notices).toHaveLength(2)

      const whole = (await api.post("/admin/dunning/runs", { now: NOW, dry_run: true, customer_limit: 3 }, admin)).data
      expect(whole).toMatchObject({ truncated: false, customer_limit: 3 })
      expect(whole.totals).toMatchObject({ customers_seen: customers.length, notices_created: customers.length })
      const byDefault = (await api.post("/admin/dunning/runs", { now: NOW, dry_run: true }, admin)).data
      expect(byDefault).toMatchObject({ truncated: false, customer_limit: 1000 })
      expect(await counts()).toEqual({ notices: 0, keys: 0, customers: 0 })
      expect(await dunning().listDunningRuns({})).toEqual([])

      const tooMany = await expectStatus(api.post("/admin/dunning/runs", { dry_run: true, customer_limit: 1001 }, admin), 400)
      expect(tooMany.message).toMatch(/customer_limit/)
      const notDry = await expectStatus(api.post("/admin/dunning/runs", { customer_limit: 10 }, admin), 400)
      expect(notDry.message).toMatch(/^customer_limit: only bounds a dry run/)
      expect(await dunning().listDunningRuns({})).toEqual([])
    })

    it("sends one customer's next reminder in the request, beside a store-wide run in progress", async () => {
      const [first] = await seed(2)
      const [held] = await dunning().createDunningRuns([{ trigger: "schedule", as_of: new Date(NOW), started_at: new Date(), status: "running" }])
      await dunning().acquireLease({ name: SCHEDULED_RUN_LEASE, holder: held.id, until: new Date(Date.now() + 3_600_000), now: new Date() })
      const refused = await expectStatus(api.post("/admin/dunning/runs", { now: NOW }, admin), 409)
      expect(refused).toMatchObject({ type: "conflict", run_id: held.id, message: expect.stringContaining(`Dunning run ${held.id} is in progress`) })

      const { status, data } = await api.post("/admin/dunning/runs", { now: NOW, customer_id: first }, admin)
      expect(status).toBe(201)
      expect(data.run).toMatchObject({ status: "succeeded", trigger: "customer", notices_created: 1 })
      expect(data.totals).toMatchObject({ customers_seen: 1, notices_created: 1 })
      const notices = await dunning().listNotices({}, { take: null })
      // the other customer, also due, is left to the store-wide run
      expect(notices.map((n) => n.customer_id)).toEqual([first])
    })
  },
})
