import { noticeTemplates, type StageTemplates } from "../../../workflows/dunning/notice-content"
import { chooseLanguage, formattingLocale, languageCandidates } from "../domain/notice-language"
import { DEFAULT_STAGES } from "../domain/policy"
import { renderNotice, sampleNoticeContext } from "../templates"

const stage: StageTemplates = {
  subject_template: "Overdue invoices – {{store.name}}",
  body_html_template: "<p>Dear {{customer.name}},</p>{{> invoiceTable}}",
  body_text_template: null,
  translations: {
    fr: { subject_template: "Factures impayées – {{store.name}}", body_html_template: "<p>Bonjour {{customer.name}},</p>{{> invoiceTable}}" },
    "pt-BR": { subject_template: "Faturas vencidas – {{store.name}}", body_html_template: "<p>Prezado(a) {{customer.name}},</p>{{> invoiceTable}}" },
    de: { subject_template: "Überfällige Rechnungen – {{store.name}}", body_html_template: "<p>Guten Tag {{customer.name}},</p>{{> invoiceTable}}" },
  },
}

const overdue = DEFAULT_STAGES.find((s) => s.action === "send" && s.offset_days > 0)!

describe("the language a notice is written in", () => {
  it("tries the customer's variant, its language, the store's language, then English", () => {
    expect(languageCandidates("fr-CA", "de")).toEqual(["fr-CA", "fr", "de", "en"])
    expect(languageCandidates("pt_BR", "de-CH")).toEqual(["pt-BR", "pt", "de-CH", "de", "en"])
    expect(languageCandidates(null, "en")).toEqual(["en"])
    expect(languageCandidates("EN-gb", "en")).toEqual(["EN-gb", "en"])
    expect(chooseLanguage(["sw", "de", "en"], (l) => l === "de")).toBe("de")
    expect(chooseLanguage(["fr", "en", "de"], (l) => l === "de")).toBe("en")
  })

  it("formats money and dates as the customer's own variant when the notice speaks its language", () => {
    expect(formattingLocale("de", "de-AT", "en")).toBe("de-AT")
    expect(formattingLocale("fr", "fr_CA", "en")).toBe("fr-CA")
    expect(formattingLocale("de", "sw", "de-CH")).toBe("de-CH")
    expect(formattingLocale("en", "fr-CA", "de")).toBe("en")
  })

  it.each([
    ["fr-CA", "en", "fr", "fr-CA", "Factures impayées"],
    ["pt-BR", "en", "pt-BR", "pt-BR", "Faturas vencidas"],
    ["pt-br", "en", "pt-BR", "pt-br", "Faturas vencidas"],
    ["sw", "de", "de", "de", "Überfällige Rechnungen"],
    ["it", "de", "de", "de", "Überfällige Rechnungen"],
    ["it", "nl", "en", "en", "Overdue invoices"],
    [null, "fr-BE", "fr", "fr-BE", "Factures impayées"],
    ["en-GB", "de", "en", "en-GB", "Overdue invoices"],
  ])("a customer speaking %s in a store speaking %s gets the %s templates, formatted for %s", (customer, store, language, locale, subject) => {
    const written = noticeTemplates(stage, customer, store)
    expect({ language: written.language, locale: written.locale }).toEqual({ language, locale })
    expect(written.templates.subject).toMatch(new RegExp(`^${subject}`))
  })

  it("never mixes: English templates come with an English table, a translation with its own", () => {
    const render = (customer: string) => {
      const written = noticeTemplates(stage, customer, "en")
      return renderNotice(written.templates, { ...sampleNoticeContext(new Date("2026-03-23T09:00:00.000Z")), locale: written.locale })
    }
    // a stage without Spanish: the Spanish customer reads the English notice, table and money included
    const english = render("es")
    expect(english.html).toContain("Days overdue")
    expect(english.html).toContain("€1,250.50")
    expect(english.html).not.toContain("Días de retraso")
    const french = render("fr-CA")
    expect(french.html).toContain("Jours de retard")
    expect(french.html).not.toContain("Days overdue")
  })

  it("passes over a blank translation and matches languages whatever their case", () => {
    const blank = { ...stage, translations: { ...stage.translations, fr: { subject_template: " ", body_html_template: "" } } }
    expect(noticeTemplates(blank, "fr", "de").language).toBe("de")
    expect(noticeTemplates(stage, "PT-br", "en").language).toBe("pt-BR")
  })

  it("ships the default policy's stages in every language, so a customer in any of them reads their own", () => {
    for (const [customer, opening] of [
      ["es-MX", "Estimado/a"],
      ["de-CH", "Guten Tag"],
      ["fr", "Bonjour"],
      ["pt-BR", "Prezado(a)"],
      ["it", "Gentile"],
      ["nl-BE", "Beste"],
      ["en-US", "Dear"],
    ]) {
      expect(noticeTemplates(overdue, customer, "en").templates.body_html).toMatch(new RegExp(`^<p>${opening.replace(/[()]/g, "\\$&")} `))
    }
  })
})
