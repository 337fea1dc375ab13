import fs from "fs"
import type { Page } from "playwright-core"
import { pdfText } from "../helpers/pdf-text"
import { startAdminHost, startPixelServer, type AdminHost } from "./admin-host"
import {
  copyReadmeShots,
  customerWidget,
  daysFrom,
  historyEntries,
  openInvoices,
  overdueLabel,
  rowsOf,
  shot,
  shownDay,
  shows,
  showsText,
  textOf,
  toast,
} from "./admin-page"
import { adminLanguageTests } from "./admin-language"
import { collectionPageTests } from "./collection-page"
import { creditHoldTests } from "./credit-hold"
import { customerActionTests } from "./customer-actions"
import { riskAndVariantTests } from "./risk-variants"
import { stageSettingsTests } from "./stage-settings"

jest.setTimeout(600_000)

/**
 * The admin in a real browser: `medusa build` bundles the dashboard with this plugin's widgets and pages,
 * `medusa start` serves it, notices go to a real SMTP server; Chromium logs in as the rep and works through
 * the customer page, the order page, the Collections page and Settings → Collections, checking each value
 * shown against the seeded story and each action against what the admin API then answers (a credit hold
 * placed and lifted by hand, a stage's credit hold and its translations, the customers' risk and a stage's
 * variant B among them). The tests run
 * in order on one store: each starts from where the one before left it; one of them reads the customer page
 * and the Collections page in Spanish, switched in the profile. Screenshots of each screen land
 * in .cache/admin-screenshots (and, with ADMIN_DOCS_IMAGES=true, the README's in docs/images).
 */
describe("the collections admin in Chromium", () => {
  const ctx = {} as { host: AdminHost; page: Page }

  beforeAll(async () => {
    // ADMIN_REUSE_BUILD=true serves the build an earlier run left (when only the tests changed)
    ctx.host = await startAdminHost({ reuseBuild: process.env.ADMIN_REUSE_BUILD === "true" })
    ctx.page = ctx.host.page
  })

  afterAll(async () => {
    await ctx.host?.stop()
    if (ctx.host && process.env.ADMIN_DOCS_IMAGES === "true") {
      copyReadmeShots()
    }
  })

  afterEach(() => {
    const seen = ctx.host.problems.splice(0)
    expect(seen).toEqual([])
  })

  it("seeds a store whose scheduled run two days ago sent one notice and had another refused by the mail server", () => {
    const { seed, smtp } = ctx.host
    expect(seed.run.notices_created).toBe(2)
    expect(seed.delivered).toEqual({ sent: 1, failed: 1 })
    expect(smtp.messages.map((m) => [m.envelope.to, m.subject])).toEqual([
      [["ap@nordwind.test"], "Notification of Overdue Invoices – Nordwind Handel GmbH"],
    ])
    // an order on the default 30-day terms
    const { order } = seed.nordwind
    expect(new Date(order.due_at).getTime() - new Date(order.placed_at).getTime()).toBe(30 * 86_400_000)
  })

  it("shows how the customer pays, the open invoices and the Claim for Non-Payment on the customer page", async () => {
    const { page, host } = ctx
    const { seed } = host
    const widget = await customerWidget(page, host.base, seed.nordwind.customer_id)
    const due = { nw1001: daysFrom(seed.now, -40), nw1002: daysFrom(seed.now, -20) }
    const resend = shownDay(daysFrom(seed.sent_at, 7))
    // NW-0990: issued 120 days ago, due 90 days ago, paid 80 days ago: 40 days to collect, 10 days late
    await shows(
      () => textOf(widget.getByTestId("collection-summary")),
      `Collection average 40 days Average days late 10 days Paid on time 0% Oldest overdue ${overdueLabel(due.nw1001)} ` +
        `Notices sent 1 Promises kept none made Currency Outstanding Overdue EUR €2,502.00 (3) €2,000.00 (2) ` +
        `Last payment ${shownDay(daysFrom(seed.now, -80))} · last notice ${shownDay(seed.sent_at)} · next action ${resend}`
    )
    const order = seed.nordwind.order
    await shows(() => openInvoices(widget), [
      ["NW-1001", `${shownDay(due.nw1001)} ${overdueLabel(due.nw1001)}`, "Notification of Overdue Invoices", resend, "€1,200.00"],
      ["NW-1002", `${shownDay(due.nw1002)} ${overdueLabel(due.nw1002)}`, "Notification of Overdue Invoices", resend, "€800.00"],
      // the first stage is a friendly reminder three days before the due date
      [order.receivable_number, `${shownDay(order.due_at)} ${overdueLabel(order.due_at)}`, "–", shownDay(daysFrom(order.due_at, -3)), "€502.00"],
    ])
    const claim = historyEntries(widget, "claim_for_non_payment")
    await shows(() => claim.count(), 1)
    const claimText = await textOf(claim)
    expect(claimText).toContain(
      `"Notification of Overdue Invoices" to ap@nordwind.test covering 2 invoices (2 overdue), 2,000.00 EUR outstanding`
    )
    expect(claimText).toContain(`Follow-up open · Avery Admin · by ${shownDay(daysFrom(seed.sent_at, 2))}`)
    await shot(page, "customer-widget", widget)

    await claim.getByRole("button", { name: "View notice" }).click()
    const notice = page.getByTestId("notice-detail")
    await showsText(notice, "Invoices covered")
    const noticeText = await textOf(notice)
    expect(noticeText).toContain("Sent Notification of Overdue Invoices Email 1 attempt To ap@nordwind.test")
    expect(noticeText).toContain("Subject Notification of Overdue Invoices – Nordwind Handel GmbH")
    // the lines as of the day it was sent, two days ago
    expect(noticeText).toContain("Invoices covered NW-1001 €1,200.00 · 38 days overdue NW-1002 €800.00 · 18 days overdue")
    await shot(page, "notice-detail", notice)
    await page.keyboard.press("Escape")
  })

  it("shows the order's receivable on the order page", async () => {
    const { page, host } = ctx
    const order = host.seed.nordwind.order
    await page.goto(`${host.base}/app/orders/${order.id}`)
    const widget = page.getByTestId("dunning-order-widget")
    await shows(
      () => textOf(widget),
      `Receivable Open Invoice ${order.receivable_number} Due ${shownDay(order.due_at)} ${overdueLabel(order.due_at)} ` +
        `Amount €502.00 Outstanding €502.00 Stage no notice yet Notices sent 0 Last notice – ` +
        `Next notice ${shownDay(daysFrom(order.due_at, -3))} Customer's collection history Invoice (PDF)`
    )
    await shot(page, "order-receivable", widget)
    // the invoice as a PDF, fetched with the admin's session and saved under the server's name
    const [download] = await Promise.all([page.waitForEvent("download"), widget.getByTestId("order-invoice-pdf").click()])
    expect(download.suggestedFilename()).toBe(`invoice-${order.receivable_number}.pdf`)
    const invoice = await pdfText(fs.readFileSync((await download.path())!))
    expect(invoice).toContain(`Invoice ${order.receivable_number}`)
    expect(invoice).toContain("Total €502.00")
  })

  it("lists the follow-ups, the overdue invoices, the next run and the KPIs on the Collections page", async () => {
    const { page, host } = ctx
    const { seed } = host
    await page.goto(`${host.base}/app/dunning`)
    const calls = page.getByTestId("call-list")
    // by amount overdue; Kiefer's claim and its delivery failure tie, in either order
    // each row with the customer's risk (both too new to have a band: "New" and the score so far) and why to call
    const kiefer = ["Kiefer Bau AG", "€900.00 (15 days overdue)", "2 d", "Avery Admin"]
    const why = "Call the customer; consider a credit hold"
    const claimRow = (company: string, score: number, rest: string[]) => [company, `Claim for Non-Payment Claim for Non-Payment New ${score} ${why}`, ...rest]
    await shows(async () => {
      const [first, ...others] = await rowsOf(calls)
      return [first, others.sort()]
    }, [
      claimRow("Nordwind Handel GmbH", 43, ["€2,000.00 (40 days overdue)", "2 d", "Avery Admin"]),
      [claimRow("Kiefer Bau AG", 16, kiefer.slice(1)), ["Kiefer Bau AG", `Delivery failed Notice delivery failed New 16 ${why}`, ...kiefer.slice(1)]].sort(),
    ])
    await shot(page, "collections-call-list")

    await page.getByRole("tab", { name: "Overdue invoices" }).click()
    const overdue = (number: string, company: string, days: number, stage: string, amount: string) => {
      const due = daysFrom(seed.now, -days)
      return [number, company, `${shownDay(due)} ${overdueLabel(due)}`, stage, amount]
    }
    const stage = "Notification of Overdue Invoices"
    await shows(() => rowsOf(page.getByTestId("overdue-table")), [
      overdue("NW-1001", "Nordwind Handel GmbH", 40, stage, "€1,200.00"),
      overdue("NW-1002", "Nordwind Handel GmbH", 20, stage, "€800.00"),
      overdue("KB-2001", "Kiefer Bau AG", 15, stage, "€900.00"),
      overdue("LQ-3001", "Lindqvist Trading AB", 10, "–", "€500.00"),
    ])
    await shot(page, "collections-overdue")

    await page.getByRole("tab", { name: "Performance" }).click()
    const aging = page.getByTestId("aging-chart")
    await shows(
      () => textOf(aging.getByRole("img", { name: "Aging by currency" })),
      "EUR · €3,902.00 Current (not yet overdue) €502.00 1–30 days overdue €2,200.00 31–60 days overdue €1,200.00 " +
        "61–90 days overdue €0.00 91–120 days overdue €0.00 More than 120 days overdue €0.00 " +
        "Current (not yet overdue), 1–30 days overdue, 31–60 days overdue, 61–90 days overdue, 91–120 days overdue, More than 120 days overdue"
    )
    // the last 12 months up to today: credit sales are the five invoices issued before today (the order was
    // placed today), €4,000; outstanding at the start of today €3,400; DSO = 3,400 / 4,000 × days in the period
    const kpis = page.getByTestId("kpis-eur")
    const today = new Date()
    const periodDays =
      (Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) -
        Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate())) /
      86_400_000
    const dso = Math.round(((3400 / 4000) * periodDays) * 10) / 10
    await showsText(kpis, "Collection rate per stage")
    expect(await textOf(kpis)).toContain(
      `EUR DSO ${dso} days Collection average 40 days Average days late 10 days Recovery time 10 days Promises kept – ` +
        `Dispute rate 0% Outstanding at end €3,400.00 Credit sales €4,000.00`
    )
    // the sent notice listed NW-1001 and NW-1002, neither paid since; Kiefer's failed notice counts as failed
    expect(await rowsOf(kpis.getByRole("table"))).toEqual([[stage, "1", "2", "€0.00", "0%", "0%"]])
    expect(await textOf(kpis)).toContain("Email: 1 sent · 1 failed · 0 waiting")
    await shot(page, "collections-performance")

    await page.getByRole("tab", { name: "Runs" }).click()
    await page.getByRole("button", { name: "Preview" }).click()
    const preview = page.getByTestId("run-preview")
    await showsText(preview, "1 notice and 0 escalations for 1 customer (1 invoice due).")
    expect(await rowsOf(preview)).toEqual([
      ["Lindqvist Trading AB", stage, "ap@lindqvist.test", "Notification of Overdue Invoices – Lindqvist Trading AB", "€500.00"],
    ])
    await shot(page, "collections-runs")
  })

  it("runs dunning in the background from the Collections page and shows it running, then its counts", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/dunning`)
    await page.getByRole("tab", { name: "Runs" }).click()
    const history = page.getByTestId("run-history")
    await shows(async () => (await rowsOf(history)).map((row) => row.slice(1)), [["Schedule", "Succeeded", "2", "2", "0", "0"]])
    // every state the started run's line goes through, however briefly it is shown
    await page.evaluate(() => {
      const states: string[] = ((window as any).__startedRunStates = [])
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="started-run"]')?.textContent
        if (text && states[states.length - 1] !== text) {
          states.push(text)
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByRole("button", { name: "Run now" }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Run now" }).click()
    await showsText(page.getByTestId("started-run"), /^Succeeded Finished/)
    const states: string[] = await page.evaluate(() => (window as any).__startedRunStates)
    expect(states[0]).toMatch(/^RunningRunning in the background: \d+ batch(es)?, \d+ notices? so far$/)
    // Lindqvist's invoice, 10 days overdue, was the only one due
    expect(states[states.length - 1]).toBe("SucceededFinished: 1 notice and 0 escalations for 1 customer")
    await toast(page, "Run finished: 1 notice, 0 escalations")
    await shows(async () => (await rowsOf(history)).map((row) => row.slice(1)), [
      // and the invoice e-mail of the order Nordwind placed today
      ["Manual", "Succeeded", "1", "1", "0", "1"],
      ["Schedule", "Succeeded", "2", "2", "0", "0"],
    ])

    const { runs } = await host.api<{ runs: any[] }>("/admin/dunning/runs?order=-started_at&limit=1")
    expect(runs[0]).toMatchObject({ trigger: "manual", status: "succeeded", triggered_by: host.seed.admin_id, notices_created: 1 })
    const { notices } = await host.api<{ notices: any[] }>(`/admin/dunning/notices?customer_id=${host.seed.lindqvist.customer_id}`)
    expect(notices.map((n) => [n.run_id, n.stage_name, n.channel])).toEqual([[runs[0].id, "Notification of Overdue Invoices", "email"]])
  })

  customerActionTests(ctx)

  it("saves a policy change that a reload shows, and an empty maximum of notices as 'until paid'", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/settings/collections`)
    const form = page.getByTestId("policy-form")
    await form.getByRole("heading", { name: "Standard collections" }).waitFor({ timeout: 60_000 })
    const values = async () => Promise.all(["tolerance_days", "resend_days", "max_notices"].map((id) => page.locator(`#${id}`).inputValue()))
    expect(await values()).toEqual(["5", "7", ""])
    await page.locator("#tolerance_days").fill("8")
    await page.locator("#resend_days").fill("10")
    await page.locator("#max_notices").fill("4")
    const hint = form.locator('[data-field="max_notices"]')
    await showsText(hint, "After 4 notices reminders stop and the invoice is escalated to the account rep 10 days after the last one.")
    await form.getByRole("button", { name: "Save" }).click()
    await toast(page, "Policy saved")
    await page.reload()
    await form.getByRole("heading", { name: "Standard collections" }).waitFor({ timeout: 60_000 })
    await shows(values, ["8", "10", "4"])

    await page.locator("#max_notices").fill("")
    await showsText(hint, "Empty: reminders go on every re-send interval until the invoice is paid.")
    await form.getByRole("button", { name: "Save" }).click()
    await toast(page, "Policy saved")
    await page.reload()
    await form.getByRole("heading", { name: "Standard collections" }).waitFor({ timeout: 60_000 })
    await shows(values, ["8", "10", ""])
    expect(await page.locator("#max_notices").getAttribute("placeholder")).toBe("until paid")
    const { policies } = await host.api<{ policies: any[] }>("/admin/dunning/policies")
    expect(policies.find((p) => p.is_default)).toMatchObject({ tolerance_days: 8, resend_days: 10, max_notices: null })
  })

  it("updates the live preview while a template is edited, and shows a template error inline", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/settings/collections`)
    const preview = page.getByTestId("live-preview")
    await preview.getByTestId("preview-subject").waitFor({ timeout: 60_000 })
    await page.locator("#subject_template").fill('Statement for {{customer.company}}: {{upper "open items"}}')
    await shows(() => textOf(preview.getByTestId("preview-subject")), "Statement for Keller Gastronomie GmbH: OPEN ITEMS")
    // the stage's templates beside their preview
    await shot(page, "settings-preview", preview.locator(".."))

    await page.locator("#body_html_template").fill("<p>Dear {{customer.name}}</p>\n{{#if customer.company}}\n<p>unclosed")
    await shows(() => textOf(preview.getByTestId("template-problems")), "HTML body: line 3: Syntax error: unexpected the end of the template")
    await shot(page, "settings-template-error")
  })

  it("loads nothing from elsewhere in the template preview: a remote image is blocked before any request", async () => {
    const { page, host } = ctx
    const pixel = await startPixelServer()
    try {
      await page.goto(`${host.base}/app/settings/collections`)
      const preview = page.getByTestId("live-preview")
      await preview.getByTestId("preview-subject").waitFor({ timeout: 60_000 })
      const url = `http://127.0.0.1:${pixel.port}/pixel.png`
      const violation = page
        .waitForEvent("console", { predicate: (m) => m.text().includes(url), timeout: 30_000 })
        .then((m) => m.text())
        .catch(() => "no console message about the image")
      await page.locator("#body_html_template").fill(`<p>Dear {{customer.name}}</p><img alt="tracking pixel" src="${url}">`)
      const frameElement = preview.getByTestId("preview-html")
      await page.frameLocator('[data-testid="preview-html"]').locator('img[alt="tracking pixel"]').waitFor({ state: "attached", timeout: 30_000 })
      const frame = (await (await frameElement.elementHandle())!.contentFrame())!
      // the image has settled (loaded or refused): had it been requested, the server would have answered by now
      await frame.waitForFunction(() => document.querySelector<HTMLImageElement>('img[alt="tracking pixel"]')?.complete === true)
      expect(pixel.requests).toEqual([])
      expect(await frame.evaluate(() => document.querySelector<HTMLImageElement>('img[alt="tracking pixel"]')!.naturalWidth)).toBe(0)
      // the browser says why: the preview's Content-Security-Policy
      expect(await violation).toContain(`'${url}' violates the following Content Security Policy directive: "img-src data:"`)
    } finally {
      await pixel.stop()
    }
  })

  it("reads in dark mode: the widget takes the dashboard's dark colours", async () => {
    const { page, host } = ctx
    const widget = await customerWidget(page, host.base, host.seed.nordwind.customer_id)
    const card = widget.locator("> div").first()
    const colours = () =>
      card.evaluate((el) => ({
        background: getComputedStyle(el).backgroundColor,
        token: getComputedStyle(document.documentElement).getPropertyValue("--bg-base").trim(),
      }))
    expect(await colours()).toEqual({ background: "rgb(255, 255, 255)", token: "rgba(255, 255, 255, 1)" })

    const theme = async (name: "Dark" | "Light") => {
      await page.getByRole("button", { name: /Avery Admin/ }).click()
      await page.getByRole("menuitem", { name: "Theme" }).hover()
      await page.getByRole("menuitemradio", { name }).click()
      await page.keyboard.press("Escape")
    }
    await theme("Dark")
    // the dashboard's dark --bg-base
    await shows(colours, { background: "rgb(33, 33, 36)", token: "rgba(33, 33, 36, 1)" })
    await shot(page, "customer-widget-dark", widget)
    await page.goto(`${host.base}/app/dunning`)
    await page.getByRole("tab", { name: "Performance" }).click()
    await page.getByTestId("kpis-eur").waitFor({ timeout: 30_000 })
    await shot(page, "collections-performance-dark")
    await theme("Light")
  })

  adminLanguageTests(ctx)

  collectionPageTests(ctx)

  creditHoldTests(ctx)

  stageSettingsTests(ctx)

  riskAndVariantTests(ctx)
})
