import type { Page } from "playwright-core"
import type { AdminHost } from "./admin-host"
import { daysFrom, historyEntries, rowsOf, shot, showsText, textOf } from "./admin-page"

/**
 * Dates and amounts as Chromium writes them in Spanish ("8 dic 2026", "1200,00 €"): the browser's own Intl
 * data, which may name a month differently from Node's.
 */
const spanish = (page: Page) => ({
  day: (value: string | Date) =>
    page.evaluate(
      (iso) => new Intl.DateTimeFormat("es", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(iso)),
      new Date(value).toISOString()
    ),
  // folded as the page's texts are read (rowsOf): the space before "€" is a no-break space
  euros: async (amount: number) =>
    (await page.evaluate((n) => new Intl.NumberFormat("es", { style: "currency", currency: "EUR" }).format(n), amount)).replace(/\s+/g, " "),
})

/** "40 días de retraso": days overdue in whole UTC calendar days, as the Spanish admin labels them. */
function retraso(due: string | Date): string {
  const utcDay = (d: Date) => Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000)
  const days = utcDay(new Date()) - utcDay(new Date(due))
  return `${days} ${days === 1 ? "día" : "días"} de retraso`
}

/**
 * The dashboard's language switch (Profile → Edit → Language, kept by the dashboard in the `lng` cookie and
 * local storage) turns the plugin's screens to the admin user's language too: the customer page's widget, the
 * Collections page and its menu entry read Spanish, with Spanish dates and amounts. Switched back to English
 * the same way at the end, so the tests after it read English.
 */
export function adminLanguageTests(ctx: { host: AdminHost; page: Page }) {
  const chooseLanguage = async (from: { label: string; save: string }, to: string) => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/settings/profile/edit`)
    const drawer = page.getByRole("dialog")
    await drawer.getByText(from.label, { exact: true }).first().waitFor({ timeout: 60_000 })
    await drawer.getByRole("combobox").click()
    await page.getByRole("option", { name: to, exact: true }).click()
    await drawer.getByRole("button", { name: from.save, exact: true }).click()
    await drawer.waitFor({ state: "detached", timeout: 30_000 })
  }

  it("speaks Spanish on the customer page and the Collections page once the admin user picks Español", async () => {
    const { page, host } = ctx
    const { seed } = host
    const es = spanish(page)
    await chooseLanguage({ label: "Language", save: "Save" }, "Español")
    try {
      await page.goto(`${host.base}/app/customers/${seed.nordwind.customer_id}`)
      const widget = page.getByTestId("dunning-customer-widget")
      await widget.getByRole("heading", { name: "Historial de cobro" }).waitFor({ timeout: 60_000 })
      await showsText(widget.getByTestId("collection-summary"), "Plazo medio de cobro 40 días Retraso medio 10 días Pagado a tiempo 0 %")
      expect(await textOf(widget)).toContain("Cobros Cómo paga este cliente, en los últimos 12 meses")
      expect(await textOf(widget)).toContain("Facturas abiertas")
      const due = daysFrom(seed.now, -20)
      const nw1002 = (await rowsOf(widget.getByTestId("open-receivables"))).find((row) => row[0] === "NW-1002")
      expect(nw1002?.[1]).toBe(`${await es.day(due)} ${retraso(due)}`)
      expect(nw1002?.[4]).toBe(await es.euros(800))
      const claim = historyEntries(widget, "claim_for_non_payment").first()
      expect(await textOf(claim)).toContain("Reclamación por impago")
      expect(await claim.getByRole("button", { name: "Ver el aviso" }).count()).toBe(1)
      await shot(page, "customer-widget-es", widget)

      // the main menu's entry, translated by the dashboard from the route's label key
      await page.getByRole("link", { name: "Cobros", exact: true }).first().click()
      const collections = page.getByTestId("dunning-collections-page")
      await collections.getByRole("heading", { name: "Cobros" }).waitFor({ timeout: 60_000 })
      await showsText(page.getByTestId("call-list"), "Lista de llamadas")
      expect(await page.getByRole("tab").allInnerTexts()).toEqual(["Llamadas", "Facturas vencidas", "Ejecuciones", "Rendimiento"])
      await page.getByRole("tab", { name: "Facturas vencidas" }).click()
      const overdue = page.getByTestId("overdue-table")
      await showsText(overdue, "Grupo de clientes")
      const kiefer = async () => (await rowsOf(overdue)).find((row) => row[0] === "KB-2001")
      const kbDue = daysFrom(seed.now, -15)
      await showsText(overdue.locator("tbody"), "KB-2001")
      expect((await kiefer())?.slice(1)).toEqual([
        "Kiefer Bau AG",
        `${await es.day(kbDue)} ${retraso(kbDue)}`,
        "Notification of Overdue Invoices",
        await es.euros(900),
      ])
      await shot(page, "collections-es")

      await page.getByRole("tab", { name: "Rendimiento" }).click()
      await showsText(page.getByTestId("aging-chart").getByRole("img", { name: "Antigüedad de saldos por moneda" }), "Al corriente (aún sin vencer)")
      await showsText(page.getByTestId("kpis-eur"), "Tasa de cobro por etapa")
      await shot(page, "collections-performance-es")
    } finally {
      await chooseLanguage({ label: "Idioma", save: "Guardar" }, "English")
    }
    await page.goto(`${host.base}/app/dunning`)
    await page.getByTestId("dunning-collections-page").getByRole("heading", { name: "Collections" }).waitFor({ timeout: 60_000 })
  })
}
