import { execFile, spawn } from "child_process"
import fs from "fs"
import http from "http"
import net from "net"
import path from "path"
import { Client } from "pg"
import ts from "typescript"
import { promisify } from "util"
import { chromium, type Browser, type Page } from "playwright-core"
import { SmtpPeer } from "../helpers/smtp-peer"
import type { BrowserSeed } from "./seed"

/**
 * The admin as a merchant serves it, for the browser test: a fresh database with the seeded story,
 * `medusa build` (dashboard with this plugin's widgets and pages), `medusa start` of the build, a real
 * SMTP server the notices go to, and Chromium logged in as the rep. Built and started once per suite.
 */

export const ROOT = path.resolve(__dirname, "..", "..")
export const SCREENS = path.join(ROOT, ".cache", "admin-screenshots")
const DB = "dunning_admin_browser"
const DATABASE_URL = `postgres://postgres@localhost:5432/${DB}`
const SEED_OUT = path.join(ROOT, ".cache", "admin-browser-seed.json")
const BUILT = path.join(ROOT, ".cache", "admin-browser-server")
export const ADMIN = { email: "rep@acme-wholesale.test", password: "browser-test-password", name: "Avery Admin" }
/** The address the mail server refuses (a bounced billing e-mail). */
export const BOUNCING_ADDRESS = "ap@kiefer-bau.test"

export type AdminHost = {
  base: string
  seed: BrowserSeed
  smtp: SmtpPeer
  browser: Browser
  page: Page
  /** Errors the page reported (uncaught exceptions, console errors, 5xx answers of our routes). */
  problems: string[]
  serverLog: () => string
  /** The admin API as the logged-in rep, for checking what an action stored. */
  api: <T = any>(pathname: string, init?: { method?: string; body?: unknown }) => Promise<T>
  stop: () => Promise<void>
}

/** `reuseBuild`: serve the build an earlier start left in .cache (when only the tests changed). */
export async function startAdminHost(options: { reuseBuild?: boolean } = {}): Promise<AdminHost> {
  fs.rmSync(SCREENS, { recursive: true, force: true })
  fs.mkdirSync(SCREENS, { recursive: true })
  const port = await freePort()
  const base = `http://localhost:${port}`
  const smtp = new SmtpPeer(await freePort())
  await smtp.start()
  smtp.setMode({ kind: "reply", code: 550, message: "5.1.1 Mailbox does not exist", on: "rcpt", only: BOUNCING_ADDRESS })

  const env = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL,
    PORT: String(port),
    ADMIN_CORS: base,
    AUTH_CORS: base,
    ADMIN_EMAIL: ADMIN.email,
    SEED_OUT,
    DUNNING_SMTP_PORT: String(smtp.port),
    DUNNING_TEST_PAYMENTS: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // the notices carry links to the customer's collection page (seed and server sign them alike)
    DUNNING_SELF_SERVICE_SECRET: "browser-suite-secret-of-at-least-32-characters",
  }
  await recreateDatabase()
  // not execFileSync: the SMTP server the seed delivers to answers from this process's event loop
  const medusa = (args: string[]) => promisify(execFile)("npx", ["medusa", ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 })
  await medusa(["db:migrate"])
  await medusa(["user", "-e", ADMIN.email, "-p", ADMIN.password])
  await medusa(["exec", "./integration-tests/browser/seed.ts"])
  const seed: BrowserSeed = JSON.parse(fs.readFileSync(SEED_OUT, "utf8"))

  if (!options.reuseBuild || !fs.existsSync(BUILT)) {
    await medusa(["build"])
    // moved out of .medusa so that a later `plugin:build` cannot remove it under the running server
    fs.rmSync(BUILT, { recursive: true, force: true })
    fs.renameSync(path.join(ROOT, ".medusa", "server"), BUILT)
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(BUILT, "node_modules"))
  }
  writeHostConfig(BUILT)
  let log = ""
  const server = spawn("npx", ["medusa", "start"], {
    cwd: BUILT,
    env: { ...env, NODE_ENV: "production", DUNNING_TEST_PAYMENTS: "false", DUNNING_INSECURE_COOKIES: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  server.stdout!.on("data", (d) => (log = (log + d).slice(-20_000)))
  server.stderr!.on("data", (d) => (log = (log + d).slice(-20_000)))
  const stopServer = () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM")
      } catch {}
    }
  }
  try {
    await until(async () => (await fetch(`${base}/health`)).ok, 240_000, () => `the server did not start:\n${log}`)
    const token = await adminToken(base)
    const api = async <T>(pathname: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
      const response = await fetch(`${base}${pathname}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
      if (!response.ok) {
        throw new Error(`${init.method ?? "GET"} ${pathname}: ${response.status} ${await response.text()}`)
      }
      return (await response.json()) as T
    }
    const { browser, page, problems } = await openAdmin(base, () => log)
    return {
      base,
      seed,
      smtp,
      browser,
      page,
      problems,
      serverLog: () => log,
      api,
      stop: async () => {
        await browser.close()
        stopServer()
        await smtp.stop()
      },
    }
  } catch (error) {
    stopServer()
    await smtp.stop()
    throw error
  }
}

async function recreateDatabase() {
  const pg = new Client({ connectionString: "postgres://postgres@localhost:5432/postgres" })
  await pg.connect()
  await pg.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await pg.query(`CREATE DATABASE ${DB}`)
  await pg.end()
}

/**
 * The project's medusa-config.ts, compiled (the plugin build leaves it out), with one change for the
 * test: the scheduled dunning run fires once a day twelve hours from now, so that every run during the
 * test is one the test started and the counts it reads are its own.
 */
function writeHostConfig(dir: string) {
  const config = ts.transpileModule(fs.readFileSync(path.join(ROOT, "medusa-config.ts"), "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
  })
  fs.writeFileSync(path.join(dir, "medusa-config.project.js"), config.outputText)
  const far = new Date(Date.now() + 12 * 3_600_000)
  fs.writeFileSync(
    path.join(dir, "medusa-config.js"),
    [
      `const config = require("./medusa-config.project.js")`,
      `config.modules.dunning.options.schedule = "${far.getMinutes()} ${far.getHours()} * * *"`,
      `module.exports = config`,
      ``,
    ].join("\n")
  )
}

async function adminToken(base: string): Promise<string> {
  const response = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  })
  if (!response.ok) {
    throw new Error(`admin login over the API: ${response.status} ${await response.text()}`)
  }
  return ((await response.json()) as { token: string }).token
}

/** Chromium in English, UTC and 1280 wide (dates, amounts and screenshots read the same on every machine). */
async function openAdmin(base: string, serverLog: () => string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "UTC" })
  const page = await context.newPage()
  const problems: string[] = []
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`))
  // React's markup-nesting warnings come from the dashboard's own order page as well; they are not failures
  page.on(
    "console",
    (m) =>
      m.type() === "error" &&
      !/favicon|Failed to load resource|validateDOMNesting|Content Security Policy/.test(m.text()) &&
      problems.push(`console: ${m.text()}`)
  )
  page.on("response", (r) => r.url().includes("/admin/dunning") && r.status() >= 500 && problems.push(`${r.status()} ${r.url()}`))

  await page.goto(`${base}/app/login`, { timeout: 180_000 })
  await page
    .getByPlaceholder("Email")
    .waitFor({ timeout: 120_000 })
    .catch(async (error) => {
      await page.screenshot({ path: path.join(SCREENS, "login-failed.png") })
      throw new Error(`${error.message}\n${problems.join("\n")}\n${serverLog().slice(-3000)}`)
    })
  await page.getByPlaceholder("Email").fill(ADMIN.email)
  await page.getByPlaceholder("Password").fill(ADMIN.password)
  await page.getByRole("button", { name: "Continue with Email" }).click()
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 120_000 })
  return { browser, page, problems }
}

/** A server on this machine that counts the requests it gets (a tracking pixel's host). */
export async function startPixelServer(): Promise<{ port: number; requests: string[]; stop: () => Promise<void> }> {
  const requests: string[] = []
  // a 1×1 PNG: an image that loaded would have a width
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64")
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "")
    res.writeHead(200, { "content-type": "image/png", "content-length": png.length })
    res.end(png)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

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

export async function until(check: () => Promise<boolean>, timeoutMs: number, message: () => string) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      if (await check()) {
        return
      }
    } catch {}
    if (Date.now() > deadline) {
      throw new Error(message())
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}
