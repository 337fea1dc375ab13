/**
 * `npm run demo [-- --serve]`: builds and packs the plugin, installs it into a fresh Medusa app under
 * .cache/demo/host (as a merchant would), creates the `dunning_demo` database (dropped first), runs the
 * migrations, then copies the simulation (this folder but this script) to `demo/` in the app and runs
 * `demo/simulate.ts` there with `medusa exec`: it seeds a wholesale store and travels through 90 days of
 * collections. With `--serve` the app is started afterwards and the admin is at http://localhost:9000/app.
 *
 * Environment: DATABASE_URL (the PostgreSQL server; default postgres://postgres@localhost:5432/),
 * DEMO_DATABASE (default dunning_demo), DEMO_OUTBOX (default ./outbox/demo), DEMO_DAYS (default 90),
 * DEMO_HISTORY_DAYS (default 45), PORT (default 9000, with --serve), DEMO_PROFILE=1 (where the time went).
 */
import { spawn, spawnSync, type ChildProcess } from "child_process"
import fs from "fs"
import path from "path"
import { Client } from "pg"
import { layOutHostApp, medusaBin, packPlugin, ROOT, smtpNotificationModule } from "../host-app"
import { ADMIN, MAIL_FROM, STORE_NAME } from "./scenario"

const args = process.argv.slice(2)
const serve = args.includes("--serve")
const started = Date.now()
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`

const serverUrl = new URL(process.env.DATABASE_URL || "postgres://postgres@localhost:5432/")
const database = process.env.DEMO_DATABASE || "dunning_demo"
if (!/^[a-z0-9_]+$/.test(database)) {
  throw new Error(`DEMO_DATABASE must be made of a-z, 0-9 and _ (got '${database}')`)
}
const databaseUrl = withDatabase(serverUrl, database)
const outbox = path.resolve(process.env.DEMO_OUTBOX || path.join(ROOT, "outbox", "demo"))
const cache = path.join(ROOT, ".cache", "demo")
const port = Number(process.env.PORT || 9000)

function withDatabase(url: URL, name: string): string {
  const copy = new URL(url.toString())
  copy.pathname = `/${name}`
  return copy.toString()
}

/** The simulation's sources (everything here but this script), as files of the host app under demo/. */
function simulationFiles(dir: string, under = "demo"): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      Object.assign(files, simulationFiles(full, `${under}/${entry.name}`))
    } else if (entry.name.endsWith(".ts") && !(under === "demo" && entry.name === "main.ts")) {
      files[`${under}/${entry.name}`] = fs.readFileSync(full, "utf-8")
    }
  }
  return files
}

function step(label: string) {
  process.stdout.write(`» ${label} … `)
  const t = Date.now()
  return () => console.log(`done (${seconds(t)})`)
}

const medusaConfig = `import { defineConfig } from "@medusajs/framework/utils"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      jwtSecret: "demo-jwt-secret",
      cookieSecret: "demo-cookie-secret",
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:${port}",
      authCors: "http://localhost:${port}",
    },
  },
  admin: { disable: process.env.DEMO_ADMIN !== "true" },
  plugins: [
    {
      resolve: "medusa-plugin-dunning",
      options: {
        storeName: ${JSON.stringify(STORE_NAME)},
        defaultTermsDays: 30,
        paymentUrlTemplate: "https://pay.northwind-coffee.test/invoices/{{receivable.id}}",
        payAllUrlTemplate: "https://pay.northwind-coffee.test/account/{{customer.id}}/invoices",
        // the demo passes \`now\` to every run, delivery and event: 90 days pass in a few minutes
        allowTimeTravel: true,
        delivery: { afterRun: false },
        // every notice links to the customer's collection page on this app (a demo secret: use 32+ random characters)
        selfService: { secret: "northwind-demo-collection-page-secret-2026", baseUrl: "http://localhost:${port}" },
      },
    },
  ],
  modules: [
    ${smtpNotificationModule(`{
      from: ${JSON.stringify(MAIL_FROM)},
      // no SMTP host: every notice is written as an .eml file
      outboxDir: ${JSON.stringify(outbox)},
    }`)},
  ],
})
`

const hostTsconfig = JSON.stringify(
  {
    compilerOptions: { target: "ES2021", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, strict: false },
    "ts-node": { swc: true },
  },
  null,
  2
)

async function recreateDatabase() {
  const admin = new Client({ connectionString: withDatabase(serverUrl, "postgres") })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${database}"`)
  } finally {
    await admin.end()
  }
}

function runMedusa(host: string, args: string[], env: NodeJS.ProcessEnv, inherit = false) {
  const result = spawnSync(medusaBin(host), args, {
    cwd: host,
    env: { ...process.env, ...env },
    stdio: inherit ? "inherit" : "pipe",
    encoding: "utf-8",
  })
  if (result.status !== 0) {
    if (!inherit) {
      process.stderr.write(`${result.stdout ?? ""}\n${result.stderr ?? ""}`)
    }
    throw new Error(`medusa ${args.join(" ")} failed with exit code ${result.status}`)
  }
}

async function waitForHealth(url: string, child: ChildProcess, deadlineMs: number) {
  const deadline = Date.now() + deadlineMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode}`)
    }
    try {
      const response = await fetch(url)
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the server did not answer ${url} within ${deadlineMs / 1000} s`)
}

async function main() {
  console.log(`medusa-plugin-dunning demo: ${STORE_NAME}, a wholesale store on net terms`)
  console.log(`database ${databaseUrl.replace(/\/\/[^@]*@/, "//")} (dropped and created), outbox ${outbox}`)

  let done = step("building the plugin (medusa plugin:build) and packing it (npm pack)")
  const tarball = packPlugin(cache)
  done()

  done = step("installing it into a Medusa app at .cache/demo/host")
  const simulation = path.join(ROOT, "scripts", "demo")
  const host = layOutHostApp({
    dir: path.join(cache, "host"),
    tarball,
    medusaConfig,
    files: {
      "tsconfig.json": hostTsconfig,
      ...simulationFiles(simulation),
    },
  })
  fs.rmSync(outbox, { recursive: true, force: true })
  fs.mkdirSync(outbox, { recursive: true })
  done()

  done = step(`creating database ${database} and running the migrations (medusa db:migrate)`)
  await recreateDatabase()
  const env = { DATABASE_URL: databaseUrl, NODE_ENV: "development", LOG_LEVEL: "warn", MEDUSA_DISABLE_TELEMETRY: "true", NODE_OPTIONS: "--no-deprecation" }
  runMedusa(host, ["db:migrate"], env)
  done()

  console.log("» seeding the store and travelling through the days (medusa exec demo/simulate.ts)")
  runMedusa(host, ["exec", "./demo/simulate.ts"], { ...env, DEMO_OUTBOX: outbox }, true)
  console.log(`\ndemo finished in ${seconds(started)}`)

  if (!serve) {
    console.log("run `npm run demo -- --serve` to browse the result in the Medusa admin")
    return
  }
  console.log("» starting the Medusa app with its admin (medusa start, NODE_ENV=development) …")
  const child = spawn(medusaBin(host), ["start", "--port", String(port)], {
    cwd: host,
    env: { ...process.env, ...env, LOG_LEVEL: "info", DEMO_ADMIN: "true", PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  })
  const stop = () => {
    child.kill("SIGTERM")
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  await waitForHealth(`http://localhost:${port}/health`, child, 180_000)
  console.log("")
  console.log(`admin:    http://localhost:${port}/app`)
  console.log(`user:     ${ADMIN.email}`)
  console.log(`password: ${ADMIN.password}`)
  console.log("(Ctrl-C stops the server)")
  await new Promise<void>((resolve) => child.on("exit", () => resolve()))
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : error}`)
  process.exit(1)
})
