import type { Page } from "playwright-core"
import { until, type AdminHost } from "./admin-host"
import { customerWidget, daysFrom, rowsOf, shot, shownDay, shows, showsText, textOf, toast } from "./admin-page"

const DAY = 86_400_000
const STAGE = "Notification of Overdue Invoices"

/**
 * The customer's risk and the stage's second wording, as a rep meets them: a customer whose own history
 * scores High (band, score and the three factors that weigh most on the customer page), the overdue table
 * filtered by risk band, variant B added to a stage with its split and its own preview, and the
 * Performance tab comparing the two wordings once a run has sent under the split.
 *
 * Two customers join the store through the admin API, each with a year of invoices and the payments that
 * settled them (each payment scores the customer at once):
 * - Brandt Logistik GmbH pays late, and later lately: four invoices of €1,000 paid 10, 10, 60 and 60 days
 *   late, and €3,000 thirty days overdue. Days late 35 (full at 30: 25 points), paid on time 0 (15),
 *   overdue 3,000 ÷ (7,000 ÷ 240 days in months) = 3.38 months (full at 2: 20), trend 60 − 10 = 50 days
 *   later (full at 15: 10): score 70, High.
 * - Sørensen Møbler A/S pays on time: three invoices of €1,000 paid five days early, €100 five days
 *   overdue: score 1, Low.
 */
export function riskAndVariantTests(ctx: { host: AdminHost; page: Page }) {
  const people = {} as { brandt: string; sorensen: string }

  /** A customer with invoices (`[number, amount, issued, due, paid]`, days from now; paid null: open). */
  const customerWithHistory = async (email: string, company: string, invoices: Array<[string, number, number, number, number | null]>) => {
    const { host } = ctx
    const now = Date.now()
    const at = (days: number) => new Date(now + days * DAY).toISOString()
    const { customer } = await host.api<{ customer: { id: string } }>("/admin/customers", { method: "POST", body: { email, company_name: company } })
    await host.api(`/admin/dunning/profiles/${customer.id}`, { method: "POST", body: { billing_emails: [email] } })
    const { receivables } = await host.api<{ receivables: Array<{ id: string }> }>("/admin/dunning/receivables/batch", {
      method: "POST",
      body: {
        receivables: invoices.map(([number, amount, issued, due]) => ({
          customer_id: customer.id,
          number,
          external_ref: number,
          currency_code: "eur",
          amount: amount.toFixed(2),
          issued_at: at(issued),
          due_at: at(due),
        })),
      },
    })
    // oldest first: the last payment scores the whole history
    for (const [i, [number, amount, , , paid]] of invoices.entries()) {
      if (paid !== null) {
        await host.api(`/admin/dunning/receivables/${receivables[i].id}/payments`, {
          method: "POST",
          body: { amount: amount.toFixed(2), paid_at: at(paid), external_ref: `BANK-${number}` },
        })
      }
    }
    return customer.id
  }

  it("shows the risk band, the score and the three factors that weigh most on the customer page", async () => {
    const { page, host } = ctx
    people.brandt = await customerWithHistory("ap@brandt-logistik.test", "Brandt Logistik GmbH", [
      ["BL-1", 1000, -240, -210, -200],
      ["BL-2", 1000, -190, -160, -150],
      ["BL-3", 1000, -150, -120, -60],
      ["BL-4", 1000, -120, -90, -30],
      ["BL-5", 3000, -60, -30, null],
    ])
    people.sorensen = await customerWithHistory("ap@sorensen-mobler.test", "Sørensen Møbler A/S", [
      ["SM-1", 1000, -120, -90, -95],
      ["SM-2", 1000, -90, -60, -65],
      ["SM-3", 1000, -60, -30, -35],
      ["SM-4", 100, -35, -5, null],
    ])

    const widget = await customerWidget(page, host.base, people.brandt)
    const risk = widget.getByTestId("customer-risk")
    const today = shownDay(new Date())
    await showsText(risk.getByTestId("risk-band"), "High")
    await showsText(risk, `Risk High Score 70 of 100 since ${today}`)
    await shows(() => risk.getByTestId("risk-factor").allInnerTexts().then((rows) => rows.map((r) => r.replace(/\s+/g, " ").trim())), [
      "Days late: 35 +25",
      "Overdue (months of purchases): 3.4 +20",
      "Paid on time: 0 +15",
    ])
    // the third settled invoice gave enough history; the fourth kept the customer in High
    expect(await risk.getByTestId("risk-change").count()).toBe(1)
    expect(await textOf(risk.getByTestId("risk-change"))).toMatch(new RegExp(`^New → High on ${today}: `))
    const { risk: answer } = await host.api<{ risk: any }>(`/admin/customers/${people.brandt}/risk`)
    expect(answer).toMatchObject({ score: 70, band: "high", settled_invoices: 4 })
    await shot(page, "customer-risk", risk)
  })

  it("filters the overdue invoices by risk band: only that band's customers", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/dunning`)
    await page.getByRole("tab", { name: "Overdue invoices" }).click()
    const table = page.getByTestId("overdue-table")
    const invoicesAndCustomers = async () => (await rowsOf(table)).map((row) => [row[0], row[1], row[4]])
    await shows(async () => (await invoicesAndCustomers()).some((row) => row[0] === "BL-5"), true)
    const all = await invoicesAndCustomers()
    expect(all).toContainEqual(["BL-5", "Brandt Logistik GmbH", "€3,000.00"])
    expect(all).toContainEqual(["SM-4", "Sørensen Møbler A/S", "€100.00"])
    // the story's customers, not scored into a band of their own, are listed too
    expect(all.filter((row) => !["Brandt Logistik GmbH", "Sørensen Møbler A/S"].includes(row[1])).length).toBeGreaterThan(0)

    const band = async (name: string) => {
      await table.getByRole("combobox", { name: "Risk" }).click()
      await page.getByRole("option", { name, exact: true }).click()
    }
    await band("High")
    await shows(invoicesAndCustomers, [["BL-5", "Brandt Logistik GmbH", "€3,000.00"]])
    const due = daysFrom(new Date(), -30)
    expect((await rowsOf(table))[0][2]).toBe(`${shownDay(due)} 30 days overdue`)
    await shot(page, "collections-overdue-high-risk")
    await band("Low")
    await shows(invoicesAndCustomers, [["SM-4", "Sørensen Møbler A/S", "€100.00"]])
    // no customer of the story is Medium yet
    await band("Medium")
    await showsText(table, "No overdue invoices")
    expect(await rowsOf(table)).toEqual([])
  })

  it("adds variant B with a split to a stage, previews B beside A, and saves the split", async () => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/settings/collections`)
    await page.getByTestId("policy-form").getByRole("heading", { name: "Standard collections" }).waitFor({ timeout: 60_000 })
    await page.getByTestId("stages").locator(`[data-stage="${STAGE}"]`).click()
    const editor = page.getByTestId("stage-editor")
    await editor.getByRole("heading", { name: STAGE }).waitFor()
    const variant = editor.getByTestId("stage-variant")
    await variant.getByRole("button", { name: "Add variant B" }).click()
    await variant.locator('input[id$=".variant_split"]').fill("30")
    await variant.locator("#variant_b_subject_template").fill("Second look at your account, {{customer.company}}")

    const preview = page.getByTestId("live-preview")
    const subject = preview.getByTestId("preview-subject")
    await page.getByRole("tab", { name: "Variant B" }).click()
    await shows(() => textOf(subject), "Second look at your account, Keller Gastronomie GmbH")
    await page.getByRole("tab", { name: "Variant A" }).click()
    await shows(async () => (await textOf(subject)).startsWith("Second look"), false)
    await showsText(subject, "Keller Gastronomie GmbH")

    const saved = page.waitForResponse((r) => r.request().method() === "POST" && /\/admin\/dunning\/policies\/dpol_/.test(r.url()))
    await page.getByTestId("policy-form").getByRole("button", { name: "Save" }).click()
    expect((await saved).status()).toBe(200)
    await toast(page, "Policy saved")
    const { policies } = await host.api<{ policies: any[] }>("/admin/dunning/policies")
    const stage = policies.find((p) => p.is_default).stages.find((s: any) => s.name === STAGE)
    expect(stage).toMatchObject({ variant_split: 30, variant_b: { subject_template: "Second look at your account, {{customer.company}}" } })

    // a reload shows the saved split and B's own preview
    await page.reload()
    await page.getByTestId("stages").locator(`[data-stage="${STAGE}"]`).click()
    await editor.getByRole("heading", { name: STAGE }).waitFor()
    await shows(() => variant.locator('input[id$=".variant_split"]').inputValue(), "30")
    await page.getByRole("tab", { name: "Variant B" }).click()
    await shows(() => textOf(subject), "Second look at your account, Keller Gastronomie GmbH")
    await shot(page, "settings-variant-b", editor.locator(".."))
  })

  it("compares the two wordings on the Performance tab once a run sent under the split", async () => {
    const { page, host } = ctx
    const { run } = await host.api<{ run: { id: string } }>("/admin/dunning/runs", { method: "POST", body: {} })
    await until(
      async () => (await host.api<{ run: { status: string } }>(`/admin/dunning/runs/${run.id}`)).run.status === "succeeded",
      120_000,
      () => `run ${run.id} did not succeed`
    )
    const day = (d: Date) => d.toISOString().slice(0, 10)
    const from = day(daysFrom(new Date(), -30))
    const to = day(daysFrom(new Date(), 1))
    let comparison: any
    await until(
      async () => {
        // every notice of the run delivered (or failed) first, so the counts read below are the final ones
        const waiting = await host.api<{ notices: any[] }>(`/admin/dunning/notices?run_id=${run.id}&status=scheduled`)
        if (waiting.notices.length) {
          return false
        }
        const { kpis } = await host.api<{ kpis: any }>(`/admin/dunning/kpis?from=${from}&to=${to}`)
        const eur = kpis.currencies.find((c: any) => c.currency_code === "eur")
        comparison = eur?.collection_rate_by_variant.find((c: any) => c.stage_name === STAGE && c.channel === "email")
        return Boolean(comparison)
      },
      // the delivery job sends the run's notices on its next minute
      150_000,
      () => "the KPIs compare no variants of the stage"
    ).catch(async (error) => {
      const { notices } = await host.api<{ notices: any[] }>(`/admin/dunning/notices?customer_id=${people.brandt}`)
      const { run: after } = await host.api<{ run: any }>(`/admin/dunning/runs/${run.id}`)
      throw new Error(`${error.message}; run ${JSON.stringify(after)}; Brandt's notices ${JSON.stringify(notices.map((n) => [n.stage_name, n.status, n.variant, n.sent_at]))}`)
    })
    expect(comparison.test.status).toBe("not_enough_data")

    await page.goto(`${host.base}/app/dunning`)
    await page.getByRole("tab", { name: "Performance" }).click()
    await page.locator("#kpi-from").fill(from)
    await page.locator("#kpi-to").fill(to)
    const results = page.getByTestId("variant-results-eur")
    const arm = (a: any) => [String(a?.notices ?? 0), String(a?.receivables ?? 0), String(a?.paid_count ?? 0)]
    await shows(async () => (await rowsOf(results)).map((row) => [...row.slice(0, 6), row[8]]), [
      [STAGE, "Email", "A", ...arm(comparison.a), "Not enough data yet (at least 30 invoices per variant)"],
      ["", "", "B", ...arm(comparison.b), ""],
    ])
    await shot(page, "collections-variants", results)
  })
}
