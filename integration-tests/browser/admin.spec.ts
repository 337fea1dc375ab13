import { execFileSync, spawn, type ChildProcess } from "child_process"
import fs from "fs"
import path from "path"
import { Client } from "pg"
import ts from "typescript"
import { chromium, type Browser, type Locator, type Page } from "playwright-core"

jest.setTimeout(600_000)

const ROOT = path.resolve(__dirname, "..", "..")
const DB = "dunning_admin_browser"
const DATABASE_URL = `postgres://postgres@localhost:5432/${DB}`
const PORT = 9123
const BASE = `http://localhost:${PORT}`
const SCREENS = path.join(ROOT, ".cache", "admin-screenshots")
const SEED_OUT = path.join(ROOT, ".cache", "admin-browser-seed.json")
const ADMIN = { email: "rep@acme-wholesale.test", password: "browser-test-password" }
const env = {
  ...process.env,
  NODE_ENV: "development",
  DATABASE_URL,
  PORT: String(PORT),
  ADMIN_CORS: BASE,
  AUTH_CORS: BASE,
  ADMIN_EMAIL: ADMIN.email,
  SEED_OUT,
  DUNNING_TEST_PAYMENTS: "true",
  MEDUSA_DISABLE_TELEMETRY: "true",
}

/**
 * The admin in a real browser: `medusa build` bundles the dashboard with this plugin's widgets and pages,
 * `medusa start` serves it; Chromium logs in as a rep and works through the customer page, the order page, the
 * Collections page and Settings → Collections. Screenshots of each screen land in .cache/admin-screenshots.
 */
describe("the collections admin in Chromium", () => {
  let server: ChildProcess | null = null
  let browser: Browser
  let page: Page
  let seed: { customer_id: string; order_id: string; notices: number; events: string[] }
  const problems: string[] = []
  let serverLog = ""

  beforeAll(async () => {
    fs.rmSync(SCREENS, { recursive: true, force: true })
    fs.mkdirSync(SCREENS, { recursive: true })
    const pg = new Client({ connectionString: "postgres://postgres@localhost:5432/postgres" })
    await pg.connect()
    await pg.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
    await pg.query(`CREATE DATABASE ${DB}`)
    await pg.end()
    const medusa = (args: string[]) => execFileSync("npx", ["medusa", ...args], { cwd: ROOT, env, stdio: "pipe" })
    medusa(["db:migrate"])
    medusa(["user", "-e", ADMIN.email, "-p", ADMIN.password])
    medusa(["exec", "./integration-tests/browser/seed.ts"])
    seed = JSON.parse(fs.readFileSync(SEED_OUT, "utf8"))

    // the admin as a merchant serves it: a production build with this plugin's widgets and pages
    medusa(["build"])
    // moved out of .medusa so that a later `plugin:build` cannot remove it under the running server
    const built = path.join(ROOT, ".cache", "admin-browser-server")
    fs.rmSync(built, { recursive: true, force: true })
    fs.renameSync(path.join(ROOT, ".medusa", "server"), built)
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(built, "node_modules"))
    // the project's medusa-config.ts is kept out of the plugin build; the served app needs it compiled
    const config = ts.transpileModule(fs.readFileSync(path.join(ROOT, "medusa-config.ts"), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
    })
    fs.writeFileSync(path.join(built, "medusa-config.js"), config.outputText)
    server = spawn("npx", ["medusa", "start"], {
      cwd: built,
      env: { ...env, NODE_ENV: "production", DUNNING_TEST_PAYMENTS: "false", DUNNING_INSECURE_COOKIES: "true" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    })
    server.stdout!.on("data", (d) => (serverLog = (serverLog + d).slice(-20_000)))
    server.stderr!.on("data", (d) => (serverLog = (serverLog + d).slice(-20_000)))
    await until(async () => (await fetch(`${BASE}/health`)).ok, 240_000, () => `the server did not start:\n${serverLog}`)

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    })
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`))
    // React's markup-nesting warnings come from the dashboard's own order page as well; they are not failures
    page.on(
      "console",
      (m) => m.type() === "error" && !/favicon|Failed to load resource|validateDOMNesting/.test(m.text()) && problems.push(`console: ${m.text()}`)
    )
    page.on("response", (r) => r.url().includes("/admin/dunning") && r.status() >= 500 && problems.push(`${r.status()} ${r.url()}`))

    await page.goto(`${BASE}/app/login`, { timeout: 180_000 })
    await page
      .getByPlaceholder("Email")
      .waitFor({ timeout: 120_000 })
      .catch(async (error) => {
        await page.screenshot({ path: path.join(SCREENS, "login-failed.png") })
        throw new Error(`${error.message}\n${problems.join("\n")}\n${serverLog.slice(-3000)}`)
      })
    await page.getByPlaceholder("Email").fill(ADMIN.email)
    await page.getByPlaceholder("Password").fill(ADMIN.password)
    await page.getByRole("button", { name: "Continue with Email" }).click()
    await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 120_000 })
  })

  afterAll(async () => {
    await browser?.close()
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM")
      } catch {}
    }
  })

  afterEach(() => {
    const seen = problems.splice(0)
    expect(seen).toEqual([])
  })

  const shot = async (name: string, locator = page.locator("body")) => {
    await locator.first().scrollIntoViewIfNeeded()
    await locator.first().screenshot({ path: path.join(SCREENS, `${name}.png`) })
  }

  it("seeds a customer whose run recorded a Claim for Non-Payment", () => {
    expect(seed.notices).toBe(1)
    expect(seed.events).toContain("claim_for_non_payment")
  })

  it("shows the collection averages and the Claim for Non-Payment on the customer page", async () => {
    await page.goto(`${BASE}/app/customers/${seed.customer_id}`)
    const widget = page.getByTestId("dunning-customer-widget")
    await widget.waitFor({ timeout: 120_000 })
    // NW-0990: issued 120 days ago, paid 80 days ago: a collection average of 40 days
    await showsText(widget.getByTestId("collection-average"), "40 days")
    await widget.getByText("Claim for Non-Payment").first().waitFor()
    await widget.getByText("NW-1001").first().waitFor()
    // stages read by name, not by id
    await showsText(widget.getByTestId("open-receivables"), "Notification of Overdue Invoices")
    await shot("customer-widget", widget)

    await widget.getByRole("button", { name: "View notice" }).first().click()
    const notice = page.getByTestId("notice-detail")
    await notice.getByText("ap@nordwind.test").first().waitFor({ timeout: 30_000 })
    await notice.getByText("NW-1001", { exact: true }).first().waitFor()
    await shot("notice-detail", notice)
    await page.keyboard.press("Escape")
  })

  it("logs a call from the customer page and shows it in the history", async () => {
    await page.goto(`${BASE}/app/customers/${seed.customer_id}`)
    const widget = page.getByTestId("dunning-customer-widget")
    await widget.waitFor({ timeout: 60_000 })
    await widget.getByRole("button", { name: "Collection actions" }).click()
    await page.getByRole("menuitem", { name: "Log a call" }).click()
    await page.locator("#note").fill("Spoke to accounts payable: payment run on Friday")
    await page.getByRole("button", { name: "Log call" }).click()
    await widget.getByText("Spoke to accounts payable: payment run on Friday").first().waitFor({ timeout: 30_000 })
    await shot("customer-call-logged", widget)
  })

  it("lists the follow-up on the Collections page call list", async () => {
    await page.goto(`${BASE}/app/dunning`)
    const calls = page.getByTestId("call-list")
    await calls.waitFor({ timeout: 60_000 })
    await calls.getByText("Nordwind Handel GmbH").first().waitFor({ timeout: 30_000 })
    await calls.getByText("Claim for Non-Payment").first().waitFor()
    await shot("collections-call-list")
    await page.getByRole("tab", { name: "Overdue invoices" }).click()
    await page.getByTestId("overdue-table").getByText("NW-1001").first().waitFor({ timeout: 30_000 })
    await shot("collections-overdue")
    await page.getByRole("tab", { name: "Performance" }).click()
    await page.getByTestId("aging-chart").waitFor({ timeout: 30_000 })
    await page.getByTestId("kpis-eur").waitFor({ timeout: 30_000 })
    await shot("collections-performance")
    await page.getByRole("tab", { name: "Runs" }).click()
    await page.getByRole("button", { name: "Preview" }).click()
    await page.getByTestId("run-preview").getByText(/notices and \d+ escalations/).first().waitFor({ timeout: 30_000 })
    await shot("collections-runs")
  })

  it("updates the live preview while a template is edited, and shows a template error inline", async () => {
    await page.goto(`${BASE}/app/settings/collections`)
    const editor = page.getByTestId("stage-editor")
    await editor.waitFor({ timeout: 60_000 })
    const preview = page.getByTestId("live-preview")
    await preview.getByTestId("preview-subject").waitFor({ timeout: 30_000 })
    await page.locator("#subject_template").fill("Statement for {{customer.company}}: {{upper \"open items\"}}")
    await showsText(preview.getByTestId("preview-subject"), "OPEN ITEMS")
    await shot("settings-preview")

    await page.locator("#body_html_template").fill("<p>Dear {{customer.name}}</p>\n{{#if customer.company}}\n<p>unclosed")
    const problemsBox = preview.getByTestId("template-problems")
    await problemsBox.waitFor({ timeout: 30_000 })
    await showsText(problemsBox, "line")
    await shot("settings-template-error")
  })

  it("shows the order's receivable on the order page", async () => {
    await page.goto(`${BASE}/app/orders/${seed.order_id}`)
    const widget = page.getByTestId("dunning-order-widget")
    await widget.waitFor({ timeout: 60_000 })
    await widget.getByText("Outstanding", { exact: true }).first().waitFor()
    await widget.getByText("Customer's collection history").first().waitFor()
    await shot("order-receivable", widget)
  })

  it("reads in dark mode", async () => {
    await page.emulateMedia({ colorScheme: "dark" })
    await page.goto(`${BASE}/app/customers/${seed.customer_id}`)
    const widget = page.getByTestId("dunning-customer-widget")
    await widget.waitFor({ timeout: 60_000 })
    await shot("customer-widget-dark", widget)
    await page.goto(`${BASE}/app/dunning`)
    await page.getByRole("tab", { name: "Performance" }).click()
    await page.getByTestId("kpis-eur").waitFor({ timeout: 30_000 })
    await shot("collections-performance-dark")
    await page.emulateMedia({ colorScheme: "light" })
  })
})

async function until(check: () => Promise<boolean>, timeoutMs: number, message: () => string) {
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

/** Waits until the locator shows the text (the admin renders after its requests answer). */
async function showsText(locator: Locator, text: string, timeout = 30_000) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout })
}
