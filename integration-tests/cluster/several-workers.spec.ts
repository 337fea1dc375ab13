import { generateJwtToken } from "@medusajs/framework/utils"
import Redis from "ioredis"
import net from "net"
import { Client } from "pg"
import { medusaBin } from "../../scripts/host-app"
import { SmtpPeer } from "../helpers/smtp-peer"
import { MedusaProcess, prepareClusterApp } from "./cluster-app"
import { spawnSync } from "child_process"

/**
 * The plugin on several machines: two `medusa start` processes of a merchant's app (both in shared
 * mode: API and background worker) over one PostgreSQL, with Medusa's Redis event bus, workflow engine
 * and locking, delivering to a real SMTP server. Proves that every notice is created and delivered
 * exactly once when both run the dunning-run workflow at the same moment (each doing part of the work),
 * that a run started from the admin on one process holds the run lease against the other, and that a
 * process killed (SIGKILL) in the middle of a run or of a delivery loses nothing and doubles nothing:
 * the other process finishes it.
 */
jest.setTimeout(600_000)

const DB_NAME = "dunning_cluster"
const REDIS_URL = process.env.CLUSTER_REDIS_URL ?? "redis://127.0.0.1:6379/13"
const LEASE_SECONDS = 20
const pg = { host: process.env.DB_HOST, port: Number(process.env.DB_PORT), user: process.env.DB_USERNAME, password: process.env.DB_PASSWORD || undefined }
const databaseUrl = (app: string) =>
  `postgres://${pg.user}${pg.password ? `:${pg.password}` : ""}@${pg.host}:${pg.port}/${DB_NAME}?application_name=${app}`

const DAY = 86_400_000
const log = (line: string) => process.stdout.write(`    ${line}\n`)

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Polls `probe` until it returns a truthy value; fails with `what` after the deadline. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    const value = await probe()
    if (value) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

describe("two Medusa processes, one PostgreSQL, Redis event bus, workflow engine and locking", () => {
  let smtp: SmtpPeer
  let db: Client
  let redis: Redis
  let host: string
  let token: string
  const processes: Record<"A" | "B", MedusaProcess> = {} as any
  const started = Date.now()

  const processOf = (envelopeFrom: string) => (envelopeFrom.includes("+a@") ? "A" : envelopeFrom.includes("+b@") ? "B" : "?")
  const recipient = (prefix: string, i: number) => `ap+${prefix}${i}@cluster.test`

  const makeProcess = async (name: "A" | "B") =>
    new MedusaProcess(name, host, await freePort(), {
      NODE_ENV: "production",
      MEDUSA_WORKER_MODE: "shared",
      DATABASE_URL: databaseUrl(`dunning-${name.toLowerCase()}`),
      REDIS_URL,
      DUNNING_SMTP_PORT: String(smtp.port),
      DUNNING_MAIL_FROM: `Cluster Collections <collections+${name.toLowerCase()}@cluster.test>`,
      LOG_LEVEL: "info",
      MEDUSA_DISABLE_TELEMETRY: "true",
    })

  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[]

  /** Customers `cus_<prefix>_<i>` with a billing e-mail each and `each` receivables ten days overdue, imported through the admin API. */
  const seed = async (prefix: string, customers: number, each: number, via: MedusaProcess) => {
    await query(
      `INSERT INTO customer (id, email, company_name, first_name, last_name)
       SELECT 'cus_${prefix}_' || g, 'buyer+${prefix}' || g || '@cluster.test', 'Company ${prefix}-' || g, 'Pat', 'Buyer'
         FROM generate_series(1, $1) g`,
      [customers]
    )
    await query(
      `INSERT INTO dunning_collection_profile (id, customer_id, billing_emails)
       SELECT 'cprof_${prefix}_' || g, 'cus_${prefix}_' || g, jsonb_build_array('ap+${prefix}' || g || '@cluster.test')
         FROM generate_series(1, $1) g`,
      [customers]
    )
    const now = Date.now()
    const rows = Array.from({ length: customers * each }, (_, n) => {
      const i = Math.floor(n / each) + 1
      return {
        customer_id: `cus_${prefix}_${i}`,
        number: `${prefix.toUpperCase()}-${n + 1}`,
        external_ref: `${prefix}-${n + 1}`,
        currency_code: n % 3 ? "eur" : "usd",
        amount: 100 + (n % 900),
        issued_at: new Date(now - 40 * DAY).toISOString(),
        due_at: new Date(now - 10 * DAY).toISOString(),
      }
    })
    for (let i = 0; i < rows.length; i += 1000) {
      await via.request("POST", "/admin/dunning/receivables/batch", token, { receivables: rows.slice(i, i + 1000) })
    }
  }

  const noticeCounts = async (prefix: string) =>
    (
      await query<{ total: string; sent: string; keys: string; customers: string; scheduled: string; leased: string }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE status = 'sent') AS sent, count(DISTINCT idempotency_key) AS keys,
                count(DISTINCT customer_id) AS customers, count(*) FILTER (WHERE status = 'scheduled') AS scheduled,
                count(*) FILTER (WHERE delivery_lease_until IS NOT NULL) AS leased
           FROM dunning_notice WHERE customer_id LIKE $1 AND deleted_at IS NULL`,
        [`cus_${prefix}_%`]
      )
    ).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Record<keyof typeof r, number>)[0]

  /** How many messages the SMTP server accepted for each of the prefix's customers, and from which process. */
  const mailbox = (prefix: string) => {
    const perRecipient = new Map<string, number>()
    const perProcess: Record<string, number> = {}
    for (const m of smtp.messages) {
      const to = m.envelope.to.filter((a) => a.startsWith(`ap+${prefix}`))
      if (!to.length) continue
      to.forEach((a) => perRecipient.set(a, (perRecipient.get(a) ?? 0) + 1))
      const p = processOf(m.envelope.from)
      perProcess[p] = (perProcess[p] ?? 0) + 1
    }
    return { perRecipient, perProcess, messages: [...perRecipient.values()].reduce((a, b) => a + b, 0) }
  }

  /** Follows a run through the admin API of `via` until it has ended; returns it. */
  const followRun = (via: MedusaProcess, runId: string) =>
    until(`run ${runId} to end`, async () => {
      const { body } = await via.request("GET", `/admin/dunning/runs/${runId}`, token)
      return body.run.status === "running" ? null : body.run
    })

  const expectExactlyOnce = async (prefix: string, customers: number) => {
    const counts = await noticeCounts(prefix)
    expect(counts).toMatchObject({ total: customers, sent: customers, keys: customers, customers, scheduled: 0, leased: 0 })
    const [events] = await query(
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys, count(DISTINCT customer_id)::int AS customers
         FROM dunning_collection_event WHERE type = 'claim_for_non_payment' AND customer_id LIKE $1`,
      [`cus_${prefix}_%`]
    )
    expect(events).toEqual({ n: customers, keys: customers, customers })
    const [notifications] = await query(
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys, count(*) FILTER (WHERE status = 'success')::int AS success
         FROM notification WHERE receiver_id LIKE $1`,
      [`cus_${prefix}_%`]
    )
    expect(notifications.n).toBe(notifications.keys)
    expect(notifications.success).toBe(customers)
  }

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
    await redis.flushdb()

    const admin = new Client({ ...pg, database: "postgres" })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${DB_NAME}"`)
    await admin.end()

    smtp = new SmtpPeer(await freePort())
    await smtp.start()

    host = prepareClusterApp({
      // the scheduled run stays out of the way (1 January); runs are started through the admin API
      schedule: "0 0 1 1 *",
      delivery: { afterRun: true, schedule: "*/3 * * * * *", leaseSeconds: LEASE_SECONDS, batchSize: 25, concurrency: 5 },
    })
    const migrate = spawnSync(medusaBin(host), ["db:migrate"], {
      cwd: host,
      env: {
        ...process.env,
        NODE_ENV: "development",
        DATABASE_URL: databaseUrl("dunning-migrate"),
        REDIS_URL,
        DUNNING_SMTP_PORT: String(smtp.port),
        DUNNING_MAIL_FROM: "collections@cluster.test",
        LOG_LEVEL: "error",
      },
      encoding: "utf-8",
    })
    if (migrate.status !== 0) {
      throw new Error(`medusa db:migrate failed:\n${migrate.stdout}\n${migrate.stderr}`)
    }

    db = new Client({ ...pg, database: DB_NAME })
    await db.connect()
    await query(`INSERT INTO "user" (id, email, first_name, last_name) VALUES ('user_cluster_ops', 'ops@cluster.test', 'Ops', 'Admin')`)
    await query(`INSERT INTO auth_identity (id, app_metadata) VALUES ('authid_cluster_ops', '{"user_id":"user_cluster_ops"}')`)
    token = generateJwtToken(
      { actor_id: "user_cluster_ops", actor_type: "user", auth_identity_id: "authid_cluster_ops", app_metadata: { user_id: "user_cluster_ops" } },
      { secret: "supersecret", expiresIn: "1d" }
    )

    processes.A = await makeProcess("A")
    processes.B = await makeProcess("B")
    // The first boot of an empty database creates Medusa's default store, region currencies and price
    // preferences; two processes doing that at the same instant collide in Medusa's own start-up. A
    // deployment brings its first process up before the others, and so does this test.
    await processes.A.start()
    await processes.B.start()
    log(`set-up (build, pack, migrate, two processes up): ${((Date.now() - started) / 1000).toFixed(0)} s`)

    // notices may go out on any day at any hour, so the test does not depend on when it runs
    const { body } = await processes.A.request("GET", "/admin/dunning/policies", token)
    const policy = body.policies.find((p: any) => p.is_default)
    await processes.A.request("POST", `/admin/dunning/policies/${policy.id}`, token, { send_days: [1, 2, 3, 4, 5, 6, 7], send_hour_start: 0, send_hour_end: 24 })
  })

  afterAll(async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop()))
    await smtp?.stop()
    await db?.end()
    if (redis) {
      await redis.flushdb()
      redis.disconnect()
    }
    log(`wall time: ${((Date.now() - started) / 1000).toFixed(0)} s`)
  })

  it("starts in production without warnings about modules that cannot be shared", () => {
    for (const p of Object.values(processes)) {
      expect(p.output).toContain("Server is ready")
      expect(p.output).not.toMatch(/dunning: the (workflow engine is in-memory|locking module uses its in-memory provider|event bus is local)/)
    }
  })

  it("creates and delivers each notice exactly once when both processes run dunning at the same moment", async () => {
    const customers = 1500
    await seed("p1", customers, 2, processes.A)
    const t = Date.now()
    // the workflow itself, without the run lease: as when the scheduler fires the job on both workers
    const [a, b] = await Promise.all([
      processes.A.request("POST", "/admin/cluster/dunning-run", token, { batch_size: 100 }),
      processes.B.request("POST", "/admin/cluster/dunning-run", token, { batch_size: 100 }),
    ])
    await until("every notice of the first wave sent", async () => (await noticeCounts("p1")).sent === customers)
    const { perRecipient, perProcess, messages } = mailbox("p1")
    log(
      `wave 1: ${customers} customers, ${customers * 2} due receivables; runs created ${a.body.totals.notices_created} (A) + ` +
        `${b.body.totals.notices_created} (B) notices; SMTP accepted ${messages} (A sent ${perProcess.A ?? 0}, B sent ${perProcess.B ?? 0}) in ${((Date.now() - t) / 1000).toFixed(1)} s`
    )
    expect(a.body.run.status).toBe("succeeded")
    expect(b.body.run.status).toBe("succeeded")
    // both processes ran at the same time and each claimed part of the work
    expect(a.body.totals.notices_created).toBeGreaterThan(0)
    expect(b.body.totals.notices_created).toBeGreaterThan(0)
    const [byRun] = await query(
      `SELECT count(DISTINCT run_id)::int AS runs, count(*) FILTER (WHERE run_id = $2)::int AS a, count(*) FILTER (WHERE run_id = $3)::int AS b
         FROM dunning_notice WHERE customer_id LIKE $1`,
      ["cus_p1_%", a.body.run.id, b.body.run.id]
    )
    expect(byRun).toEqual({ runs: 2, a: a.body.totals.notices_created, b: b.body.totals.notices_created })
    expect(a.body.totals.notices_created + b.body.totals.notices_created).toBe(customers)
    await expectExactlyOnce("p1", customers)
    expect(messages).toBe(customers)
    expect(perRecipient.size).toBe(customers)
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true)
    expect(perRecipient.has(recipient("p1", 1)) && perRecipient.has(recipient("p1", customers))).toBe(true)
  })

  it("finishes the work of a process killed in the middle of a run, creating nothing twice", async () => {
    const customers = 1000
    await seed("p2", customers, 2, processes.A)
    const victim = processes.A
    const started = await victim.send("POST", "/admin/dunning/runs", token, { batch_size: 20 })
    expect(started.status).toBe(202)
    const doomed = started.body.run
    expect(doomed.status).toBe("running")
    // the run lease is in the database: the other process refuses a second run and names this one
    const refused = await processes.B.send("POST", "/admin/dunning/runs", token, { batch_size: 100 })
    expect(refused).toEqual({ status: 409, body: expect.objectContaining({ type: "conflict", run_id: doomed.id }) })
    // the first batches are committed: the run is under way in the background
    await until("the killed run's first notices", async () => (await noticeCounts("p2")).total > 0, 60_000, 10)
    const [{ sessions }] = await query(`SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE application_name = 'dunning-a'`)
    expect(sessions).toBeGreaterThan(0)
    await victim.stop("SIGKILL")
    const atKill = await noticeCounts("p2")
    expect(atKill.total).toBeGreaterThan(0)
    expect(atKill.total).toBeLessThan(customers)
    // PostgreSQL notices the dead connections and rolls back the batch that was in flight
    await until("the killed process's database sessions to end", async () => {
      const [{ n }] = await query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'dunning-a'`)
      return n === 0
    })
    const [stuck] = await query(`SELECT status FROM dunning_run WHERE id = $1`, [doomed.id])
    // the dead run's lease holds until it runs out
    const stillHeld = await processes.B.send("POST", "/admin/dunning/runs", token, { batch_size: 100 })
    expect(stillHeld).toEqual({ status: 409, body: expect.objectContaining({ run_id: doomed.id }) })
    await query(`UPDATE dunning_lease SET expires_at = now() - interval '1 second' WHERE holder = $1`, [doomed.id])
    const t = Date.now()
    const { status, body } = await processes.B.send("POST", "/admin/dunning/runs", token, { batch_size: 100 })
    expect(status).toBe(202)
    const survivorRun = await followRun(processes.B, body.run.id)
    await until("every notice of the second wave sent", async () => (await noticeCounts("p2")).sent === customers)
    const { perRecipient, messages } = mailbox("p2")
    log(
      `wave 2: A killed (SIGKILL) after ${atKill.total} of ${customers} notices; B's run created the other ${survivorRun.notices_created}; ` +
        `SMTP accepted ${messages} in ${((Date.now() - t) / 1000).toFixed(1)} s (the killed run is left recorded as '${stuck.status}')`
    )
    expect(survivorRun.status).toBe("succeeded")
    expect(atKill.total + survivorRun.notices_created).toBe(customers)
    await expectExactlyOnce("p2", customers)
    expect(messages).toBe(customers)
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true)
  })

  it("finishes a delivery whose process was killed half-way, losing nothing, after a restart of the other", async () => {
    // the process killed before comes back
    processes.A = await makeProcess("A")
    await processes.A.start()
    const customers = 800
    await seed("p3", customers, 1, processes.B)
    smtp.acceptDelayMs = 20
    const { body: started } = await processes.B.request("POST", "/admin/dunning/runs", token, { batch_size: 200 })
    expect((await followRun(processes.B, started.run.id)).status).toBe("succeeded")
    // a fifth of the mail has gone out: kill the process that sent the latest message, in mid-delivery
    const last = await until(
      "a fifth of the third wave delivered",
      async () => mailbox("p3").messages >= customers / 5 && smtp.messages[smtp.messages.length - 1],
      120_000,
      5
    )
    const victimName = processOf(last.envelope.from) as "A" | "B"
    const survivor = victimName === "A" ? processes.B : processes.A
    await processes[victimName].stop("SIGKILL")
    const atKill = mailbox("p3").messages
    const inFlight = await query<{ id: string; customer_id: string }>(
      `SELECT id, customer_id FROM dunning_notice
        WHERE customer_id LIKE 'cus_p3_%' AND status = 'scheduled' AND delivery_lease_until > now()`
    )
    const pending = (await noticeCounts("p3")).scheduled
    expect(pending).toBeGreaterThan(0)
    const t = Date.now()
    // the dead process's claims run out after the lease; the survivor's delivery job takes them over
    await until("every notice of the third wave sent", async () => (await noticeCounts("p3")).sent === customers, 180_000)
    smtp.acceptDelayMs = 0
    const { perRecipient, perProcess, messages } = mailbox("p3")
    const doubled = [...perRecipient.entries()].filter(([, n]) => n > 1).map(([address]) => address)
    const inFlightAddresses = new Set(inFlight.map((n) => `ap+p3${n.customer_id.split("_").pop()}@cluster.test`))
    log(
      `wave 3: ${victimName} killed (SIGKILL) mid-delivery after ${atKill} of ${customers} messages, ${pending} notices still queued ` +
        `(${inFlight.length} claimed); ${survivor.name} finished in ${((Date.now() - t) / 1000).toFixed(1)} s; SMTP accepted ${messages} ` +
        `(A ${perProcess.A ?? 0}, B ${perProcess.B ?? 0}); delivered twice: ${doubled.length}`
    )
    await expectExactlyOnce("p3", customers)
    // nothing lost: every customer got its notice
    expect(perRecipient.size).toBe(customers)
    // the only tolerated duplicate is a message the server accepted in the instant before the dead process recorded
    // it: at most what it had in flight (two deliveries of `concurrency` 5 at a time)
    expect(doubled.length).toBeLessThanOrEqual(10)
    expect(doubled.every((address) => inFlightAddresses.has(address))).toBe(true)
    for (const address of doubled) {
      const copies = smtp.messages.filter((m) => m.envelope.to.includes(address))
      expect({ address, from: processOf(copies[0].envelope.from) }).toEqual({ address, from: victimName })
      // both copies are one message to the mailbox: the Message-ID does not change between attempts
      expect(new Set(copies.map((m) => m.messageId)).size).toBe(1)
      // the victim's attempt was accepted by the server and never recorded: Medusa's notification row of that
      // attempt is still pending; the survivor's attempt is the one recorded as sent
      const statuses = await query<{ status: string }>(
        `SELECT status FROM notification WHERE receiver_id = $1 ORDER BY created_at`,
        [`cus_p3_${address.replace(/^ap\+p3(\d+)@.*$/, "$1")}`]
      )
      expect({ address, statuses: statuses.map((r) => r.status) }).toEqual({ address, statuses: ["pending", "success"] })
    }
  })
})
