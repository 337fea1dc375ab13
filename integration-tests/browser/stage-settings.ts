import type { Locator, Page } from "playwright-core"
import type { AdminHost } from "./admin-host"
import { shot, shows, showsText, textOf, toast } from "./admin-page"

/**
 * Settings → Collections, a stage at a time: the credit hold a stage places, saved and read back after a
 * reload; and the shipped translations of a stage whose English text the merchant changed, flagged as out
 * of date until the admin confirms one with "Still fits".
 */
export function stageSettingsTests(ctx: { host: AdminHost; page: Page }) {
  const defaultPolicy = async () => (await ctx.host.api<{ policies: any[] }>("/admin/dunning/policies")).policies.find((p) => p.is_default)

  /** Settings → Collections with the default policy's stage `name` open in the stage editor. */
  const openStage = async (name: string): Promise<Locator> => {
    const { page, host } = ctx
    await page.goto(`${host.base}/app/settings/collections`)
    await page.getByTestId("policy-form").getByRole("heading", { name: "Standard collections" }).waitFor({ timeout: 60_000 })
    await page.getByTestId("stages").locator(`[data-stage="${name}"]`).click()
    const editor = page.getByTestId("stage-editor")
    await editor.getByRole("heading", { name }).waitFor()
    return editor
  }

  /** Saves the policy and waits for the server's answer (an earlier save's toast may still be showing). */
  const save = async () => {
    const saved = ctx.page.waitForResponse((r) => r.request().method() === "POST" && /\/admin\/dunning\/policies\/dpol_/.test(r.url()))
    await ctx.page.getByTestId("policy-form").getByRole("button", { name: "Save" }).click()
    expect((await saved).status()).toBe(200)
    await toast(ctx.page, "Policy saved")
  }

  it("saves the policy's credit hold rules, showing a bad amount next to its field, and a reload shows them", async () => {
    const { page } = ctx
    await openStage("Friendly reminder")
    const rules = page.getByTestId("credit-hold-rules")
    expect(await page.locator("#credit_hold_days_overdue").inputValue()).toBe("")
    await showsText(rules, "Empty: no rule on days overdue. Overdue limit per currency No limit: add one per currency.")
    await page.locator("#credit_hold_days_overdue").fill("60")
    await showsText(rules, "A customer is held while an invoice is more than 60 days overdue.")
    await rules.getByRole("button", { name: "Add limit" }).click()
    await rules.getByRole("textbox", { name: "Currency" }).fill("eur")
    await rules.getByRole("textbox", { name: "Amount" }).fill("12,5")
    await page.getByTestId("policy-form").getByRole("button", { name: "Save" }).click()
    await showsText(rules.locator('[data-limit="0"] [role="alert"]'), "must be a non-negative decimal such as '1250.00'")
    expect((await defaultPolicy()).credit_hold_days_overdue).toBeNull()

    await rules.getByRole("textbox", { name: "Amount" }).fill("10000")
    await save()
    await page.reload()
    await openStage("Friendly reminder")
    await shows(() => page.locator("#credit_hold_days_overdue").inputValue(), "60")
    expect(await rules.getByRole("textbox", { name: "Currency" }).inputValue()).toBe("EUR")
    expect(await rules.getByRole("textbox", { name: "Amount" }).inputValue()).toBe("10000")
    expect(await defaultPolicy()).toMatchObject({ credit_hold_days_overdue: 60, credit_hold_overdue_above: [{ currency_code: "eur", amount: "10000" }] })

    // taken away again: no rule but the stages'
    await rules.getByRole("button", { name: "Remove limit" }).click()
    await page.locator("#credit_hold_days_overdue").fill("")
    await save()
    expect(await defaultPolicy()).toMatchObject({ credit_hold_days_overdue: null, credit_hold_overdue_above: [] })
  })

  it("saves a stage's credit hold, which a reload shows", async () => {
    const { page } = ctx
    const stage = "Notification of Overdue Invoices"
    let editor = await openStage(stage)
    const creditHold = () => editor.getByRole("checkbox", { name: "Credit hold from this stage on: no new orders on terms" })
    expect(await creditHold().getAttribute("aria-checked")).toBe("false")
    expect(await textOf(editor.locator('[data-field="stages.2.credit_hold"]'))).toContain(
      "Once an unpaid invoice reaches this stage, the customer cannot order on terms until it is paid."
    )
    await creditHold().click()
    await save()

    await page.reload()
    editor = await openStage(stage)
    await shows(() => creditHold().getAttribute("aria-checked"), "true")
    // the stage list says which stages place a credit hold: this one and the shipped escalation
    const summary = (name: string) => textOf(page.getByTestId("stages").locator(`[data-stage="${name}"]`))
    expect(await summary(stage)).toContain("· credit hold")
    expect(await summary("Escalation to account rep")).toContain("· credit hold")
    expect(await summary("Due today")).not.toContain("credit hold")
    const stages = (await defaultPolicy()).stages.map((s: any) => [s.name, s.credit_hold])
    expect(stages).toEqual([
      ["Friendly reminder", false],
      ["Due today", false],
      [stage, true],
      ["Escalation to account rep", true],
    ])
  })

  it("flags the translations written before the English subject changed, and clears one with 'Still fits'", async () => {
    const { page } = ctx
    const stage = "Friendly reminder"
    const before = await defaultPolicy()
    const friendly = before.stages.find((s: any) => s.name === stage)
    const languages = Object.keys(friendly.translations).sort()
    expect(languages).toEqual(["de", "es", "fr", "it", "nl", "pt"])
    expect(before.stale_translations).toEqual([])

    let editor = await openStage(stage)
    let translations = editor.getByTestId("stage-translations")
    await showsText(translations, "French Written for the current English text")
    expect(await translations.getByText("Out of date").count()).toBe(0)
    await page.locator("#subject_template").fill(`${friendly.subject_template} (account {{customer.company}})`)
    await save()

    // every shipped translation was written against the old English subject
    const french = () => translations.locator('li[data-language="fr"]')
    await showsText(french(), "French Out of date The English text changed after this translation Still fits")
    await shows(() => translations.getByText("Out of date", { exact: true }).count(), 6)
    await showsText(page.getByTestId("stages").locator(`[data-stage="${stage}"]`), "6 translations out of date")
    expect((await defaultPolicy()).stale_translations.map((s: any) => [s.stage_id, s.language])).toEqual(languages.map((l) => [friendly.id, l]))
    await shot(page, "settings-stale-translations", translations)

    await french().getByRole("button", { name: "Still fits" }).click()
    await showsText(french(), "French Still fits: confirmed when you save Undo")
    await showsText(page.getByTestId("stages").locator(`[data-stage="${stage}"]`), "5 translations out of date")
    await save()
    // the editor holds the policy as saved: the confirmation went with it and is not sent again
    await showsText(french(), "French Written for the current English text")

    await page.reload()
    editor = await openStage(stage)
    translations = editor.getByTestId("stage-translations")
    await showsText(french(), "French Written for the current English text")
    await showsText(translations.locator('li[data-language="de"]'), "German Out of date The English text changed after this translation")
    expect(await translations.getByText("Out of date", { exact: true }).count()).toBe(5)
    const after = await defaultPolicy()
    expect(after.stale_translations.map((s: any) => s.language)).toEqual(["de", "es", "it", "nl", "pt"])
    // the French text itself is as it was; only its confirmation was sent
    expect(after.stages.find((s: any) => s.name === stage).translations.fr).toEqual(friendly.translations.fr)
  })
}
