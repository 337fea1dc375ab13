import fs from "fs"
import path from "path"
import type { Page } from "playwright-core"
import { ROOT, SCREENS, type AdminHost } from "./admin-host"
import { pdfText } from "../helpers/pdf-text"
import { customerWidget, daysFrom, historyEntries, showsText, textOf } from "./admin-page"

/**
 * The customer's side in a browser of its own (no admin session): the link in the notice the SMTP peer
 * received opens the collection page; the customer promises a date and disputes an invoice with the page's
 * forms, as a keyboard and mouse user would; then the rep sees both answers, marked as the customer's, on the
 * customer page. The page is shot at desktop and at phone width.
 */
export function collectionPageTests(ctx: { host: AdminHost; page: Page }) {
  it("lets the customer answer from the link in the e-mail, and shows the answers to the rep on the customer page", async () => {
    const { host } = ctx
    const nordwind = host.seed.nordwind
    const mail = host.smtp.messages.find((m) => m.envelope.to.includes("ap@nordwind.test"))!
    const link = /href="([^"]*\/dunning\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"/.exec(String(mail.html))![1]
    expect(link.startsWith(`${host.base}/dunning/c/`)).toBe(true)
    const token = link.split("/").pop()!

    const context = await host.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "UTC" })
    const problems: string[] = []
    const customer = await context.newPage()
    // a style the page's Content-Security-Policy refused, or any script error, would show here
    customer.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`))
    customer.on("pageerror", (e) => problems.push(`page error: ${e.message}`))
    try {
      await customer.goto(link)
      await customer.getByRole("heading", { name: "Open invoices of Nordwind Handel GmbH" }).waitFor()
      const rows = await customer.locator("tbody tr td:first-child").allInnerTexts()
      expect(rows).toEqual(expect.arrayContaining(["NW-1001", "NW-1002", nordwind.order.receivable_number]))
      // the stylesheet applied: the page's text has its colour, the table its borders
      expect(await customer.locator("body").evaluate((b) => getComputedStyle(b).color)).toBe("rgb(27, 27, 27)")
      await customer.screenshot({ path: path.join(SCREENS, "collection-page.png"), fullPage: true })

      // the statement of account as a PDF, from the page's link, behind the same token
      const [download] = await Promise.all([customer.waitForEvent("download"), customer.getByRole("link", { name: "Download statement (PDF)" }).click()])
      expect(download.suggestedFilename()).toMatch(/^statement-.+-\d{4}-\d{2}-\d{2}\.pdf$/)
      const statement = await pdfText(fs.readFileSync((await download.path())!))
      expect(statement).toContain("Statement of account")
      expect(statement).toContain("NW-1001")
      expect(statement).toMatch(/Total EUR €[\d,]+\.\d{2}/)
      const answer = await customer.request.get(`${link}/statement.pdf`)
      expect(answer.headers()["content-type"]).toBe("application/pdf")
      // the statement of another period, from the page's form: the PDF says the period chosen
      const from = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 0, 1))
      const to = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 11, 31))
      await customer.getByLabel("From").fill(from.toISOString().slice(0, 10))
      await customer.getByLabel("To", { exact: true }).fill(to.toISOString().slice(0, 10))
      const [periodDownload] = await Promise.all([customer.waitForEvent("download"), customer.getByRole("button", { name: "Download (PDF)" }).click()])
      const longDate = (d: Date) => d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" })
      expect(await pdfText(fs.readFileSync((await periodDownload.path())!))).toContain(`Payments received ${longDate(from)} – ${longDate(to)}`)

      // "I will pay by …", typed as a customer types it
      const promised = daysFrom(new Date(), 10).toISOString().slice(0, 10)
      await customer.getByLabel("Payment date").fill(promised)
      await customer.getByLabel("Note (optional)").fill("Paying with our next payment run")
      await customer.getByRole("button", { name: "Send my promise" }).click()
      await showsText(customer.getByRole("status"), "Thank you. We have noted that you will pay by")
      await customer.getByRole("link", { name: "Back to your invoices" }).click()
      await showsText(customer.locator("tbody"), "payment promised by")

      await customer.getByRole("link", { name: "Dispute NW-1001" }).click()
      await customer.getByLabel("What is wrong with this invoice?").fill("Pallet 3 was short by two cases")
      await customer.getByRole("button", { name: "Send my dispute" }).click()
      await showsText(customer.getByRole("status"), "We have noted your dispute of invoice NW-1001")

      await customer.setViewportSize({ width: 390, height: 844 })
      await customer.goto(link)
      await customer.getByRole("heading", { name: "Open invoices of Nordwind Handel GmbH" }).waitFor()
      await customer.screenshot({ path: path.join(SCREENS, "collection-page-mobile.png"), fullPage: true })
      expect(problems).toEqual([])
      if (process.env.ADMIN_DOCS_IMAGES === "true") {
        for (const name of ["collection-page", "collection-page-mobile"]) {
          fs.copyFileSync(path.join(SCREENS, `${name}.png`), path.join(ROOT, "docs", "images", `${name}.png`))
        }
      }
    } finally {
      await context.close()
    }

    // the rep sees both answers, marked as the customer's, and the link that is in use
    const widget = await customerWidget(ctx.page, host.base, nordwind.customer_id)
    const promise = historyEntries(widget, "promise_to_pay", `Promise to pay by`)
    await showsText(promise.first(), "From the customer answered by the customer via the notice link")
    expect(await textOf(promise.first())).toContain("Paying with our next payment run")
    const dispute = historyEntries(widget, "dispute_opened", "Pallet 3 was short by two cases")
    await showsText(dispute, "From the customer answered by the customer via the notice link")
    await showsText(widget.getByTestId("collection-links"), "Active")

    const { collection_events } = await host.api<{ collection_events: any[] }>(`/admin/customers/${nordwind.customer_id}/collection-events?limit=2`)
    expect(collection_events.map((e) => [e.type, e.author_type, e.metadata])).toEqual([
      ["dispute_opened", "customer", { answered_via: "collection_page" }],
      ["promise_to_pay", "customer", { answered_via: "collection_page" }],
    ])
    // Settings → Collections says the page is on, and where its links point
    await ctx.page.goto(`${host.base}/app/settings/collections`)
    await showsText(ctx.page.getByTestId("self-service-status"), `Customer collection page On Every notice links to the customer's page at ${host.base}: links work 30 days`)

    // Medusa's HTTP log named the page by the link's fingerprint, never by its token
    expect(host.serverLog()).toContain("/dunning/c/redacted-")
    expect(host.serverLog()).not.toContain(token)
  })
}
