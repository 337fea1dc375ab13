import { execFileSync, spawn } from "child_process"
import fs from "fs"
import http from "http"
import path from "path"
import { freePort, waitForHealth } from "./app-server"

/**
 * `npm run bench:self-service`: requests per second of the customer's collection page and of the
 * storefront's receivables list (both for a customer with 200 open invoices, all of them on one answer),
 * against Medusa's own `GET /store/regions`, on the same app (`medusa start` of this repository in
 * development mode on a scratch database, request logging off), with the same load tool: BENCH_REQUESTS
 * requests per round over BENCH_CONNECTIONS keep-alive connections from this machine, three rounds each in
 * turn, the median round counted. Prints the figures and each route's ratio to /store/regions (target >= 0.5). The rate limits are
 * raised for the bench: they would otherwise stop it by design.
 */
const ROOT = path.resolve(__dirname, "..", "..")
const DB = "dunning_bench_self_service"
const DATABASE_URL = `postgres://postgres@localhost:5432/${DB}`
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const ROUNDS = 3
const SEED_OUT = path.join(ROOT, ".cache", "bench-self-service-seed.json")

type Seed = { customer_id: string; invoices: number; publishable_key: string; customer_token: string; page_path: string }
type Target = { name: string; path: string; headers: Record<string, string>; check: (status: number, body: string) => boolean }

async function main() {
  const port = await freePort()
  const env = {
    ...process.env,
    DATABASE_URL,
    PORT: String(port),
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    MEDUSA_DISABLE_TELEMETRY: "true",
    DUNNING_SELF_SERVICE_SECRET: "bench-self-service-secret-of-32-characters",
    DUNNING_SELF_SERVICE_PER_LINK: "1000000",
    DUNNING_SELF_SERVICE_PER_ADDRESS: "1000000",
    BENCH_SEED_OUT: SEED_OUT,
  }
  fs.mkdirSync(path.dirname(SEED_OUT), { recursive: true })
  execFileSync("node", ["scripts/bench/prepare-database.mjs", DB], { cwd: ROOT, env, stdio: "inherit" })
  execFileSync("npx", ["medusa", "exec", "./scripts/bench/self-service-seed.ts"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] })
  const seed: Seed = JSON.parse(fs.readFileSync(SEED_OUT, "utf8"))

  const server = spawn("npx", ["medusa", "start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  let log = ""
  server.stdout!.on("data", (d) => (log = (log + d).slice(-10_000)))
  server.stderr!.on("data", (d) => (log = (log + d).slice(-10_000)))
  try {
    await waitForHealth(port, () => log)
    const store = { "x-publishable-api-key": seed.publishable_key }
    const rows = (body: string) => (body.match(/<tr>/g) ?? []).length
    const targets: Target[] = [
      { name: "GET /store/regions (Medusa)", path: "/store/regions", headers: store, check: (s, b) => s === 200 && b.includes('"regions"') },
      { name: "GET /dunning/c/:token (page)", path: seed.page_path, headers: {}, check: (s, b) => s === 200 && rows(b) === seed.invoices + 1 },
      {
        name: "GET /store/dunning/receivables",
        path: `/store/dunning/receivables?limit=${seed.invoices}`,
        headers: { ...store, authorization: `Bearer ${seed.customer_token}` },
        check: (s, b) => s === 200 && JSON.parse(b).receivables.length === seed.invoices,
      },
    ]
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
    for (const target of targets) {
      await load(port, agent, target, 200)
    }
    const results = new Map<string, number[]>(targets.map((t) => [t.name, []]))
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        results.get(target.name)!.push(await load(port, agent, target, REQUESTS))
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const baseline = median(results.get(targets[0].name)!)
    console.log(`\n${seed.invoices} open invoices; ${REQUESTS} requests per round over ${CONNECTIONS} connections, ${ROUNDS} rounds, median round`)
    for (const target of targets) {
      const rps = median(results.get(target.name)!)
      const rounds = results.get(target.name)!.map((r) => r.toFixed(0)).join(", ")
      console.log(`${target.name.padEnd(34)} ${rps.toFixed(0).padStart(6)} req/s  (rounds ${rounds})  ratio ${(rps / baseline).toFixed(2)}`)
    }
    agent.destroy()
  } catch (error) {
    console.error(`server log:\n${log.slice(-4000)}`)
    throw error
  } finally {
    if (server.pid) {
      process.kill(-server.pid, "SIGTERM")
    }
  }
}

/** `count` requests over the agent's connections; returns requests per second. Fails on any unexpected answer. */
async function load(port: number, agent: http.Agent, target: Target, count: number): Promise<number> {
  let next = 0
  const started = process.hrtime.bigint()
  const worker = async () => {
    while (next < count) {
      next += 1
      const { status, body } = await get(port, agent, target)
      if (!target.check(status, body)) {
        throw new Error(`${target.name}: unexpected answer ${status} ${body.slice(0, 300)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return count / seconds
}

function get(port: number, agent: http.Agent, target: Target): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: target.path, headers: target.headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
  })
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
