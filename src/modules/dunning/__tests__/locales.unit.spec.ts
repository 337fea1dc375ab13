import fs from "fs"
import path from "path"
import { onRequestNote } from "../domain/customer-decision"
import { claimNote, escalationSuggestion } from "../domain/notice-lines"
import { statementCsv, statementFilename } from "../domain/statement-csv"
import { renderNotice, sampleNoticeContext, validateTemplates } from "../templates"
import {
  countedText,
  creditHoldMessage,
  SHIPPED_LANGUAGES,
  shippedStage,
  shippedText,
  shippedTextOf,
  type ShippedLanguage,
  type ShippedStageKey,
} from "../templates/shipped-text"

/**
 * The shipped languages are data: one file per language in templates/locales, English the reference.
 * Each must say everything English says, with the same placeholders, and its stage templates must compile
 * and render the sample notice entirely in that language.
 */
const LOCALES = path.join(__dirname, "..", "templates", "locales")
const read = (language: string) => JSON.parse(fs.readFileSync(path.join(LOCALES, `${language}.json`), "utf8"))
const OTHERS = SHIPPED_LANGUAGES.filter((l) => l !== "en")
const STAGES = Object.keys(shippedTextOf("en").stages) as ShippedStageKey[]
const PLURAL = new Set(["zero", "one", "two", "few", "many", "other"])

type Leaf = { path: string; kind: "text" | "lines" | "counted"; value: unknown }

const isCounted = (value: unknown) =>
  !!value && typeof value === "object" && !Array.isArray(value) && "other" in value && Object.keys(value).every((k) => PLURAL.has(k))

/** Every message of a file by its path: a text, the lines of a template, or the forms of a counted message. */
function leaves(value: unknown, at = ""): Leaf[] {
  if (typeof value === "string") {
    return [{ path: at, kind: "text", value }]
  }
  if (Array.isArray(value)) {
    return [{ path: at, kind: "lines", value }]
  }
  if (isCounted(value)) {
    return [{ path: at, kind: "counted", value }]
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => leaves(inner, at ? `${at}.${key}` : key))
}

/** The `{name}` placeholders of a message (all its forms), sorted. */
function placeholders(leaf: Leaf): string[] {
  const texts = leaf.kind === "counted" ? Object.values(leaf.value as Record<string, string>) : leaf.kind === "lines" ? [] : [leaf.value as string]
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1])))].sort()
}

/** The Handlebars expressions of a template, sorted: a translation uses the same data, in its own order. */
const expressions = (template: string) => [...template.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]).sort()

describe("the shipped languages", () => {
  const english = leaves(read("en"))

  it("are one file per language, each saying which language it is", () => {
    expect(fs.readdirSync(LOCALES).filter((f) => f.endsWith(".json")).sort()).toEqual(SHIPPED_LANGUAGES.map((l) => `${l}.json`).sort())
    for (const language of SHIPPED_LANGUAGES) {
      expect(read(language).language).toBe(language)
    }
  })

  it.each(OTHERS)("%s has every message of en.json, of the same kind, and nothing else", (language) => {
    const own = leaves(read(language))
    expect(own.map((l) => `${l.path}: ${l.kind}`).sort()).toEqual(english.map((l) => `${l.path}: ${l.kind}`).sort())
    for (const leaf of own) {
      if (leaf.kind === "text") {
        expect({ path: leaf.path, empty: !(leaf.value as string).trim() }).toEqual({ path: leaf.path, empty: false })
      }
    }
  })

  it.each(OTHERS)("%s fills in the same values as English in every message", (language) => {
    const own = new Map(leaves(read(language)).map((l) => [l.path, l]))
    for (const leaf of english) {
      const translated = own.get(leaf.path)!
      if (leaf.kind === "counted") {
        // a form may say "one" in words instead of {count}, but none names a value English does not have
        expect({ path: leaf.path, extra: placeholders(translated).filter((p) => !placeholders(leaf).includes(p)) }).toEqual({ path: leaf.path, extra: [] })
        const others = (translated.value as Record<string, string>).other
        expect({ path: leaf.path, other: placeholders({ ...translated, kind: "text", value: others }) }).toEqual({ path: leaf.path, other: placeholders(leaf) })
      } else {
        expect({ path: leaf.path, placeholders: placeholders(translated) }).toEqual({ path: leaf.path, placeholders: placeholders(leaf) })
      }
    }
  })

  it.each(OTHERS)("%s's stage templates use the same data and partial as English", (language) => {
    for (const key of STAGES) {
      const en = shippedStage("en", key)
      const own = shippedStage(language, key)
      expect({ key, subject: expressions(own.subject) }).toEqual({ key, subject: expressions(en.subject) })
      expect({ key, html: expressions(own.html) }).toEqual({ key, html: expressions(en.html) })
    }
  })
})

describe("the default policy's stages in every shipped language", () => {
  const now = new Date("2026-03-23T09:00:00.000Z")
  // words of the English notice that no other language's notice contains
  const ENGLISH_ONLY = ["Dear ", "Kind regards", "following invoices", "Days overdue", "Outstanding", "Pay now", "open invoices online"]

  it.each(SHIPPED_LANGUAGES.flatMap((language) => STAGES.map((key) => [language, key] as [ShippedLanguage, ShippedStageKey])))(
    "%s %s compiles and renders the sample notice, table included, in that language",
    (language, key) => {
      const stage = shippedStage(language, key)
      const templates = { subject: stage.subject, body_html: stage.html, body_text: null }
      expect(validateTemplates(templates)).toEqual([])
      const notice = renderNotice(templates, { ...sampleNoticeContext(now), locale: language })
      const table = shippedText(language).invoice_table
      expect(notice.subject.length).toBeGreaterThan(10)
      expect(notice.html).toContain(table.days_overdue)
      expect(notice.html).toContain(`${table.total.replace("{currency}", "EUR")}`)
      expect(notice.text).toContain("INV-2026-0141")
      if (language !== "en") {
        for (const words of ENGLISH_ONLY) {
          expect({ language, key, words, found: notice.html.includes(words) || notice.text.includes(words) }).toEqual({ language, key, words, found: false })
        }
      }
    }
  )
})

describe("the shipped texts outside the templates", () => {
  it("counts in each language's plural rules, with its own digits", () => {
    const more = shippedTextOf("en").invoice_table.more
    expect(countedText(more, 1, "en")).toBe("… and 1 more open invoice")
    expect(countedText(more, 1200, "en")).toBe("… and 1,200 more open invoices")
    expect(countedText(shippedTextOf("de").invoice_table.more, 1200, "de")).toBe("… und 1.200 weitere offene Rechnungen")
    expect(countedText(shippedTextOf("it").invoice_table.more, 1, "it")).toBe("… e un'altra fattura da pagare")
    // French counts 0 and 1 as "one"
    expect(countedText(shippedTextOf("fr").collection_page.days_overdue, 0, "fr")).toBe("0 jour de retard")
  })

  it("writes the statement's headings, totals and file name in the notice's language", () => {
    const csv = (language: string) =>
      statementCsv(
        [{ id: "r1", number: "INV-1", currency_code: "eur", amount: "10", amount_paid: "0", outstanding: "10", issued_at: "2026-02-01T00:00:00.000Z", due_at: "2026-03-01T00:00:00.000Z", days_overdue: 9 }],
        [{ currency_code: "eur", outstanding: "10", count: 1 }],
        "UTC",
        language
      ).split("\r\n")
    expect(csv("es")).toEqual(["Factura,Fecha de emisión,Vencimiento,Días de retraso,Moneda,Importe,Pagado,Pendiente", "INV-1,2026-02-01,2026-03-01,9,EUR,10,0,10", "Total EUR,,,,EUR,,,10", ""])
    expect(csv("de-AT")[0]).toBe("Rechnung,Rechnungsdatum,Fällig am,Tage überfällig,Währung,Betrag,Bezahlt,Offen")
    expect(csv("it")[2]).toBe("Totale EUR,,,,EUR,,,10")
    expect(csv("sw")[0]).toBe("Invoice,Issued,Due,Days overdue,Currency,Amount,Paid,Outstanding")
    expect(statementFilename("2026-03-23", "nl")).toBe("openstaande-facturen-2026-03-23.csv")
    expect(statementFilename("2026-03-23", null)).toBe("open-invoices-2026-03-23.csv")
  })

  it("tells a customer on credit hold in their language, else the store's, else English", () => {
    expect(creditHoldMessage("en")).toBe("Your account has overdue invoices. Please pay them or contact us.")
    expect(creditHoldMessage("es-MX")).toBe("Su cuenta tiene facturas vencidas. Le rogamos que las abone o que se ponga en contacto con nosotros.")
    expect(creditHoldMessage("sw", "nl")).toBe(shippedTextOf("nl").credit_hold.checkout_refused)
    expect(creditHoldMessage(null, "sw")).toBe(shippedTextOf("en").credit_hold.checkout_refused)
    for (const language of SHIPPED_LANGUAGES) {
      expect(creditHoldMessage(language)).toBe(shippedTextOf(language).credit_hold.checkout_refused)
      expect(creditHoldMessage(language, null, "manual")).toBe(shippedTextOf(language).credit_hold.orders_paused)
    }
    expect(creditHoldMessage("de-AT", null, "manual")).toBe("Bestellungen auf Rechnung sind für Ihr Konto derzeit ausgesetzt. Bitte kontaktieren Sie uns.")
  })
})

describe("the notes a rep reads, in the store's language", () => {
  const totals = [
    { currency_code: "eur", outstanding: "12400", count: 3 },
    { currency_code: "usd", outstanding: "300.5", count: 1 },
  ]
  const line = (days_overdue: number) => ({ id: "r", number: "INV", currency_code: "eur", amount: "1", amount_paid: "0", outstanding: "1", issued_at: "", due_at: "", days_overdue })

  it("writes the escalation's suggestion", () => {
    expect(escalationSuggestion({ notices_sent: 6, days_overdue: 49, totals: totals.slice(0, 1) })).toBe(
      "6 notices unanswered, 49 days overdue, 12,400.00 EUR: call the customer; consider a credit hold"
    )
    expect(escalationSuggestion({ notices_sent: 1, days_overdue: 61, totals }, "de")).toBe(
      "1 Zahlungserinnerung unbeantwortet, 61 Tage überfällig, 12.400,00 EUR und 300,50 USD: Kunden anrufen; eine Kreditsperre oder ein Inkassobüro erwägen"
    )
    expect(escalationSuggestion({ notices_sent: 2, days_overdue: 1, totals: [] }, "fr")).toBe(
      "2 relances sans réponse, 1 jour de retard, rien : appeler le client ; envisager un blocage de l'encours"
    )
  })

  it("writes the claim's note and the reminder sent on request", () => {
    const claim = { stage_name: "Notification of Overdue Invoices", lines: [line(3), line(0)], totals: totals.slice(0, 1), to: ["ap@nordwind.test"] }
    expect(claimNote(claim)).toBe('"Notification of Overdue Invoices" to ap@nordwind.test covering 2 invoices (1 overdue), 12,400.00 EUR outstanding')
    expect(claimNote({ ...claim, to: [] }, "es")).toBe("«Notification of Overdue Invoices» para el cliente (sin correo de facturación en el perfil): 2 facturas (vencidas: 1), importe pendiente: 12.400,00 EUR")
    expect(onRequestNote(null, ["send_window", "contact_cap"], "nl")).toBe("op verzoek van een beheerder verzonden, buiten het verzendvenster en boven het contactmaximum")
    expect(onRequestNote("Avery Admin", ["send_window", "contact_cap"], "sw")).toBe("sent on request by Avery Admin, outside the send window and over the contact cap")
  })
})
