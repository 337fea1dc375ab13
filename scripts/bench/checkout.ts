import { type ChildProcess, execFileSync, spawn } from "child_process"
import fs from "fs"
import http from "http"
import os from "os"
import path from "path"
import { Client } from "pg"
import { freePort, waitForHealth } from "./app-server"

/**
 * `npm run bench:checkout`: what the credit-hold check in front of `POST /store/carts/:id/complete` costs a
 * customer who is not on hold. This repository's Medusa app (`medusa start`, development mode, request
 * logging off) runs twice on one scratch database, alike but for `creditHold.enforce` (on, off), under the
 * same load. Each of BENCH_ROUNDS rounds starts both afresh (which starts first alternates), completes
 * BENCH_WARMUP carts on each (not counted), then BENCH_REQUESTS per configuration in blocks of BENCH_BLOCK
 * that alternate between the two servers. For each block, fresh carts of a business customer on terms are
 * prepared through the store API (a cart with a line item, a payment collection, a `pp_system_default`
 * session; not timed); the bench then waits until every order placed so far has been through the
 * `order.placed` subscriber, and completes the carts over BENCH_CONNECTIONS keep-alive connections from this
 * machine, timing each completion. Each figure is the median over the rounds. A third row, for
 * information: a held customer's checkout refused by the check (enforce on); and, last, the check's own time
 * per call, called in a `medusa exec` process (scripts/bench/checkout-check-alone.ts). Every answer is
 * checked (an order placed, or the check's 400), and so are the orders in the database at the end.
 * BENCH_CONTROL=true runs the check off on both (an A/A run: how far two starts of the same app differ on
 * this machine). Target: p50 and p95 with the check at most 1.1 times those without it.
 */
const ROOT = path.resolve(__dirname, "..", "..")
const DB = "dunning_bench_checkout"
const DATABASE_URL = `postgres://postgres@localhost:5432/${DB}`
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const BLOCK = Number(process.env.BENCH_BLOCK ?? 20)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40)
/** An A/A run: the check off on both servers. */
const CONTROL = process.env.BENCH_CONTROL === "true"
const SEED_OUT = path.join(ROOT, ".cache", "bench-checkout-seed.json")
const LATENCIES_OUT = path.join(ROOT, ".cache", "bench-checkout-latencies.json")
const CHECK_OUT = path.join(ROOT, ".cache", "bench-checkout-check-alone.json")

type Customer = { id: string; email: string; token: string }
type Seed = { region_id: string; sales_channel_id: string; variant_id: string; publishable_key: string; on_terms: Customer; held: Customer }
type Server = { name: string; port: number; child: ChildProcess; log: () => string; agent: http.Agent }
type Answer = { status: number; body: string }
type Round = { latencies: number[]; seconds: number }
type Expect = "order" | "refused"
type Config = "on" | "off"

async function main() {
  const env = { ...process.env, DATABASE_URL, NODE_ENV: "development", LOG_LEVEL: "warn", MEDUSA_DISABLE_TELEMETRY: "true", BENCH_SEED_OUT: SEED_OUT }
  fs.mkdirSync(path.dirname(SEED_OUT), { recursive: true })
  execFileSync("node", ["scripts/bench/prepare-database.mjs", DB], { cwd: ROOT, env, stdio: "inherit" })
  execFileSync("npx", ["medusa", "exec", "./scripts/bench/checkout-seed.ts"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] })
  const seed: Seed = JSON.parse(fs.readFileSync(SEED_OUT, "utf8"))
  const db = new Client({ connectionString: DATABASE_URL })
  await db.connect()
  const results = { on: [] as Round[], off: [] as Round[], held: [] as Round[], pairs: [] as number[], blocks: [] as unknown[] }
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // the configuration started first, and the one whose blocks lead, take turns from round to round
      const order: Config[] = r % 2 === 0 ? ["on", "off"] : ["off", "on"]
      const result = await withServers(order, env, (servers) => measuredRound(servers, order, seed, db))
      results.on.push(result.on)
      results.off.push(result.off)
      if (result.held) {
        results.held.push(result.held)
      }
      results.pairs.push(...result.pairs)
      results.blocks.push(result.blocks)
      console.log(`round ${r + 1}/${ROUNDS} (${order.join(", ")}): p50 on ${p(result.on, 0.5).toFixed(1)} ms, off ${p(result.off, 0.5).toFixed(1)} ms`)
    }
    await settled(db)
    await checkOrders(db, seed, 2 * ROUNDS * (WARMUP + REQUESTS))
    fs.writeFileSync(LATENCIES_OUT, JSON.stringify(results))
    report(results)
    reportCheckAlone(env)
  } finally {
    await db.end()
  }
}

/** Starts both configurations one after the other (both at once would share two cores), runs `task`, stops both. */
async function withServers<T>(order: Config[], env: NodeJS.ProcessEnv, task: (servers: Record<Config, Server>) => Promise<T>): Promise<T> {
  const servers: Partial<Record<Config, Server>> = {}
  try {
    for (const config of order) {
      servers[config] = await startServer(config, env)
    }
    return await task(servers as Record<Config, Server>)
  } catch (error) {
    for (const server of Object.values(servers)) {
      console.error(`${server.name} server log:\n${server.log().slice(-4000)}`)
    }
    throw error
  } finally {
    await Promise.all(Object.values(servers).map(stopServer))
  }
}

/**
 * One round on fresh starts: WARMUP completions on each server (not counted), then REQUESTS completions per
 * configuration in blocks of BENCH_BLOCK that alternate between the two servers (ABBA), so that whatever
 * else the machine is doing falls on both alike. Each block's carts are prepared on its server just before
 * it (not timed), so that both servers go through the same sequence of work. The held customer's refusals
 * come last, after a warm-up of their own. Returns each configuration's completions and, for each pair of
 * blocks, the ratio of their mean latencies (on / off).
 */
async function measuredRound(servers: Record<Config, Server>, order: Config[], seed: Seed, db: Client) {
  const completions = async (config: Config, customer: Customer, count: number, expect: Expect) =>
    await timeBlock(servers[config], seed, customer, await prepareCarts(servers[config], seed, customer, count), expect, db)
  for (const config of order) {
    await completions(config, seed.on_terms, WARMUP, "order")
  }
  const rounds: Record<Config, Round> = { on: { latencies: [], seconds: 0 }, off: { latencies: [], seconds: 0 } }
  const pairs: number[] = []
  const blocks: Array<Record<string, unknown>> = []
  for (let b = 0; b * BLOCK < REQUESTS; b++) {
    const block: Partial<Record<Config, Round>> = {}
    for (const config of b % 2 === 0 ? order : [...order].reverse()) {
      block[config] = await completions(config, seed.on_terms, Math.min(BLOCK, REQUESTS - b * BLOCK), "order")
      blocks.push({ config, at: new Date().toISOString(), mean: mean(block[config]!), rss_mb: rssOf(servers[config]) })
      rounds[config].latencies.push(...block[config]!.latencies)
      rounds[config].seconds += block[config]!.seconds
    }
    pairs.push(mean(block.on!) / mean(block.off!))
  }
  let held: Round | null = null
  if (!CONTROL) {
    await completions("on", seed.held, WARMUP, "refused")
    held = await completions("on", seed.held, REQUESTS, "refused")
  }
  // the servers stop after the round: let them finish their subscribers first
  await settled(db)
  return { ...rounds, held, pairs, blocks }
}

/** `count` fresh carts of the customer, ready to complete. */
async function prepareCarts(server: Server, seed: Seed, customer: Customer, count: number): Promise<string[]> {
  freshConnections(server)
  // the first on its own: a customer's first payment session creates their account holder, which two at once would race for
  return [await cartReadyToComplete(server, seed, customer), ...(await inParallel(count - 1, () => cartReadyToComplete(server, seed, customer)))]
}

/** Waits for the subscribers, then completes the carts over CONNECTIONS connections, timing each completion. */
async function timeBlock(server: Server, seed: Seed, customer: Customer, carts: string[], expect: Expect, db: Client): Promise<Round> {
  await settled(db)
  freshConnections(server)
  const headers = storeHeaders(seed, customer)
  const latencies: number[] = []
  let next = 0
  const started = process.hrtime.bigint()
  await inParallel(CONNECTIONS, async () => {
    while (next < carts.length) {
      const id = carts[next++]
      const t0 = process.hrtime.bigint()
      const answer = await post(server, `/store/carts/${id}/complete`, {}, headers)
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
      const placed = answer.status === 200 && JSON.parse(answer.body).type === "order"
      const refused = answer.status === 400 && JSON.parse(answer.body).code === "credit_hold"
      if ((expect === "order" && !placed) || (expect === "refused" && !refused)) {
        throw new Error(`${server.name}: cart ${id} answered ${answer.status} ${answer.body.slice(0, 300)}`)
      }
    }
  })
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}

/** A storefront's checkout up to its last step: a cart with one line, a payment collection and a pay-later session. */
async function cartReadyToComplete(server: Server, seed: Seed, customer: Customer): Promise<string> {
  const headers = storeHeaders(seed, customer)
  const cart = expectOk(
    await post(server, "/store/carts", { region_id: seed.region_id, sales_channel_id: seed.sales_channel_id, email: customer.email, items: [{ variant_id: seed.variant_id, quantity: 1 }] }, headers)
  ).cart
  if (cart.customer_id !== customer.id) {
    throw new Error(`the cart ${cart.id} is not the logged-in customer's (${cart.customer_id})`)
  }
  const collection = expectOk(await post(server, "/store/payment-collections", { cart_id: cart.id }, headers)).payment_collection
  expectOk(await post(server, `/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers))
  return cart.id
}

/** Waits until every order placed so far has been through the `order.placed` subscriber (it opens a receivable for each). */
async function settled(db: Client) {
  const deadline = Date.now() + 300_000
  while (Date.now() < deadline) {
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM "order") AS orders, (SELECT count(*) FROM dunning_receivable WHERE order_id IS NOT NULL) AS receivables`)
    if (rows[0].orders === rows[0].receivables) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error("the order.placed subscribers did not catch up within 5 minutes")
}

/** Every completion on terms placed an order; no refused one did. */
async function checkOrders(db: Client, seed: Seed, expected: number) {
  const count = async (customerId: string) => Number((await db.query(`SELECT count(*) AS n FROM "order" WHERE customer_id = $1`, [customerId])).rows[0].n)
  const [placed, held] = [await count(seed.on_terms.id), await count(seed.held.id)]
  if (placed !== expected || held !== 0) {
    throw new Error(`expected ${expected} orders of the customer on terms and none of the held one, found ${placed} and ${held}`)
  }
}

function report(results: { on: Round[]; off: Round[]; held: Round[]; pairs: number[] }) {
  const figures = (rounds: Round[]) => ({
    p50: median(rounds.map((r) => p(r, 0.5))),
    p95: median(rounds.map((r) => p(r, 0.95))),
    mean: median(rounds.map(mean)),
    rps: median(rounds.map((r) => r.latencies.length / r.seconds)),
    rounds: rounds.map((r) => p(r, 0.5).toFixed(0)).join(", "),
  })
  const [on, off] = [figures(results.on), figures(results.off)]
  const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`)
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ")
  console.log(`\n${REQUESTS} completions per configuration and round over ${CONNECTIONS} connections, in alternating blocks of ${BLOCK}; ${ROUNDS} rounds, medians of the rounds (load average now: ${load})`)
  row(["configuration", "p50", "p95", "mean", "req/s", "p50 of each round"])
  row(["---", "---", "---", "---", "---", "---"])
  const ms = (v: number) => `${v.toFixed(1)} ms`
  const rows: Array<[string, ReturnType<typeof figures>]> = [["enforce off (no check)", off], [CONTROL ? "enforce off, second start (control)" : "enforce on, customer not on hold", on]]
  if (!CONTROL) {
    rows.push(["enforce on, held customer refused (400)", figures(results.held)])
  }
  for (const [name, f] of rows) {
    row([name, ms(f.p50), ms(f.p95), ms(f.mean), f.rps.toFixed(1), f.rounds])
  }
  row([CONTROL ? "control / off" : "on / off", (on.p50 / off.p50).toFixed(3), (on.p95 / off.p95).toFixed(3), (on.mean / off.mean).toFixed(3), (on.rps / off.rps).toFixed(3), "target: p50, p95 <= 1.1"])
  const paired = results.on.map((r, i) => (p(r, 0.5) / p(results.off[i], 0.5)).toFixed(3)).join(", ")
  const pooled = (rounds: Round[]) => ({ latencies: rounds.flatMap((r) => r.latencies), seconds: 0 })
  const [allOn, allOff] = [pooled(results.on), pooled(results.off)]
  console.log(`\np50 on / off, round by round: ${paired}`)
  console.log(`all rounds' completions together: p50 ${(p(allOn, 0.5) / p(allOff, 0.5)).toFixed(3)}, p95 ${(p(allOn, 0.95) / p(allOff, 0.95)).toFixed(3)}, p99 ${(p(allOn, 0.99) / p(allOff, 0.99)).toFixed(3)}`)
  console.log(`mean on / off of each pair of blocks (${results.pairs.length} pairs): median ${median(results.pairs).toFixed(3)}, middle half ${quantile(results.pairs, 0.25).toFixed(3)}-${quantile(results.pairs, 0.75).toFixed(3)}`)
}

/** The check on its own, called in a `medusa exec` process one call after another. */
function reportCheckAlone(env: NodeJS.ProcessEnv) {
  execFileSync("npx", ["medusa", "exec", "./scripts/bench/checkout-check-alone.ts"], { cwd: ROOT, env: { ...env, BENCH_CHECK_OUT: CHECK_OUT }, stdio: ["ignore", "ignore", "inherit"] })
  const alone: { calls: number; on_terms: number[]; held: number[] } = JSON.parse(fs.readFileSync(CHECK_OUT, "utf8"))
  const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)} ms`
  console.log(`the check alone, in process (${alone.calls} calls one after another, 3 times): customer not on hold ${range(alone.on_terms)} per call, held customer refused ${range(alone.held)}`)
}

const median = (values: number[]) => quantile(values, 0.5)
const mean = (round: Round) => round.latencies.reduce((a, b) => a + b, 0) / round.latencies.length

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]
}

/** The `q` quantile of a round's latencies (nearest rank). */
function p(round: Round, q: number): number {
  return quantile(round.latencies, q)
}

function storeHeaders(seed: Seed, customer: Customer): Record<string, string> {
  return { "x-publishable-api-key": seed.publishable_key, authorization: `Bearer ${customer.token}` }
}

function expectOk(answer: Answer): any {
  if (answer.status !== 200) {
    throw new Error(`unexpected answer ${answer.status} ${answer.body.slice(0, 300)}`)
  }
  return JSON.parse(answer.body)
}

/** Runs `task` `count` times, at most `width` at a time; the results in order. */
async function inParallel<T>(count: number, task: () => Promise<T>, width = CONNECTIONS): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      results[i] = await task()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker))
  return results
}

function post(server: Server, urlPath: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: urlPath,
        method: "POST",
        agent: server.agent,
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(payload)
  })
}

async function startServer(config: Config, env: NodeJS.ProcessEnv): Promise<Server> {
  const enforce = config === "on" && !CONTROL
  const name = config === "on" ? (CONTROL ? "enforce off (control)" : "enforce on") : "enforce off"
  const port = await freePort()
  const child = spawn("npx", ["medusa", "start"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), DUNNING_CREDIT_HOLD_ENFORCE: String(enforce) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  let log = ""
  child.stdout!.on("data", (d) => (log = (log + d).slice(-10_000)))
  child.stderr!.on("data", (d) => (log = (log + d).slice(-10_000)))
  const server = { name, port, child, log: () => log, agent: new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }) }
  try {
    await waitForHealth(port, () => log)
  } catch (error) {
    await stopServer(server)
    throw error
  }
  return server
}

/**
 * New keep-alive connections after a pause: the server closes a connection idle for 5 s, and a request sent
 * on it just then fails with ECONNRESET.
 */
function freshConnections(server: Server) {
  server.agent.destroy()
  server.agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
}

/** Resident memory of the server's process group in MB (Linux). */
function rssOf(server: Server): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(server.child.pid)], { encoding: "utf8" })
    return Math.round(out.split("\n").reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024)
  } catch {
    return -1
  }
}

/** Stops the server's process group and waits for it to exit. */
async function stopServer(server: Server) {
  server.agent.destroy()
  if (!server.child.pid || server.child.exitCode !== null) {
    return
  }
  const exited = new Promise((resolve) => server.child.once("exit", resolve))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-server.child.pid!, name)
    } catch {
      // already gone
    }
  }
  signal("SIGTERM")
  const timer = setTimeout(() => signal("SIGKILL"), 15_000)
  await exited
  clearTimeout(timer)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
