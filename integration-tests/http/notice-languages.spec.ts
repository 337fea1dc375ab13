// The host app reads these when it boots: notices go to an in-process SMTP server, the store speaks Dutch
// (so a customer whose language the plugin does not ship is visibly written to in the store's language),
// and the collection page is on.
const SMTP_PORT = 3450 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DEFAULT_LANGUAGE = "nl"
process.env.DUNNING_SELF_SERVICE_SECRET = "notice-languages-test-secret-of-32-chars"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { PageClient, pagePathIn } from "../helpers/collection-page"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, seedStore } from "../helpers/store"

jest.setTimeout(240_000)

/** What only the overdue notice in one language says: subject, body, table heading, total, due date, statement. */
type Expected = { subject: string; body: string; table: string; total: [string, string]; due: string; csv: string; file: string }

// the invoices are 1,250.50 + 300.00 EUR, due on 16 March 2026
const EXPECTED: Record<string, Expected> = {
  en: {
    subject: "Notification of Overdue Invoices – ",
    body: "According to our records the following invoices for",
    table: "Days overdue",
    total: ["Total EUR", "€1,550.50"],
    due: "Mar 16, 2026",
    csv: "Invoice,Issued,Due,Days overdue,Currency,Amount,Paid,Outstanding",
    file: "open-invoices-",
  },
  es: {
    subject: "Aviso de facturas vencidas – ",
    body: "Según nuestros registros, las siguientes facturas de",
    table: "Días de retraso",
    total: ["Total EUR", "1550,50 €"],
    due: "16 mar 2026",
    csv: "Factura,Fecha de emisión,Vencimiento,Días de retraso,Moneda,Importe,Pagado,Pendiente",
    file: "facturas-pendientes-",
  },
  de: {
    subject: "Zahlungserinnerung – überfällige Rechnungen – ",
    body: "laut unserer Buchhaltung sind die folgenden Rechnungen für",
    table: "Tage überfällig",
    total: ["Summe EUR", "1.550,50 €"],
    due: "16.03.2026",
    csv: "Rechnung,Rechnungsdatum,Fällig am,Tage überfällig,Währung,Betrag,Bezahlt,Offen",
    file: "offene-rechnungen-",
  },
  fr: {
    subject: "Relance : factures échues impayées – ",
    body: "Sauf erreur de notre part, les factures suivantes de",
    table: "Jours de retard",
    total: ["Total EUR", "1 550,50 €"],
    due: "16 mars 2026",
    csv: "Facture,Date d'émission,Échéance,Jours de retard,Devise,Montant,Réglé,Reste dû",
    file: "factures-en-attente-",
  },
  pt: {
    subject: "Aviso de faturas vencidas – ",
    body: "De acordo com os nossos registros, as seguintes faturas de",
    table: "Dias em atraso",
    total: ["Total EUR", "€ 1.550,50"],
    due: "16 de mar. de 2026",
    csv: "Fatura,Emissão,Vencimento,Dias em atraso,Moeda,Valor,Pago,Em aberto",
    file: "faturas-em-aberto-",
  },
  it: {
    subject: "Sollecito di pagamento: fatture scadute – ",
    body: "dalle nostre verifiche risulta che le seguenti fatture intestate a",
    table: "Giorni di ritardo",
    total: ["Totale EUR", "1550,50 €"],
    due: "16 mar 2026",
    csv: "Fattura,Data emissione,Scadenza,Giorni di ritardo,Valuta,Importo,Pagato,Da pagare",
    file: "fatture-aperte-",
  },
  nl: {
    subject: "Betalingsherinnering: vervallen facturen – ",
    body: "Volgens onze administratie zijn de volgende facturen van",
    table: "Dagen te laat",
    total: ["Totaal EUR", "€ 1.550,50"],
    due: "16 mrt 2026",
    csv: "Factuur,Factuurdatum,Vervaldatum,Dagen te laat,Valuta,Bedrag,Betaald,Openstaand",
    file: "openstaande-facturen-",
  },
}
const LANGUAGES = Object.keys(EXPECTED)

// Intl writes some amounts and dates with no-break spaces; mail clients show them as spaces
const plain = (text: unknown) => String(text ?? "").replace(/[\u00a0\u202f]/g, " ")
/** The total's row of the invoice table in the text part: its label, then the amount further right. */
const totalRow = ([label, amount]: [string, string]) => new RegExp(`^${label}\\s+${amount.replace(/[.$()]/g, "\\$&")}$`, "m")

/**
 * Notices in the customer's language through the real app: a customer in each shipped language receives
 * the overdue notice with subject, body, table, totals, dates and CSV statement in that language and no
 * other; a language the plugin does not ship falls back to the store's; a merchant's own translation wins
 * for its stage; and editing a stage's English text marks its translations as out of date.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    const smtp = new SmtpPeer(SMTP_PORT)
    const page = new PageClient(api as any)
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
      await seedStore(getContainer())
      const { data } = await api.get("/admin/dunning/policies", admin)
      // notices go out whenever the test runs
      await api.post(`/admin/dunning/policies/${data.policies[0].id}`, { send_days: [1, 2, 3, 4, 5, 6, 7], send_hour_start: 0, send_hour_end: 24 }, admin)
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    /** A customer with two overdue invoices and, when given, a language on the collection profile. */
    const customerSpeaking = async (language: string | null) => {
      const email = `buyer-${language ?? "unknown"}@test.dev`.toLowerCase()
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `Buyer ${language ?? "unknown"} Ltd` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], ...(language ? { preferred_language: language } : {}) }, admin)
      await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: [
            { number: `${language}-1`, amount: 1250.5 },
            { number: `${language}-2`, amount: 300 },
          ].map((i) => ({ ...i, customer_id: customer.id, external_ref: `${email}:${i.number}`, currency_code: "eur", issued_at: "2026-02-14", due_at: "2026-03-16" })),
        },
        admin
      )
      return { customer, email }
    }

    const runAndDeliver = async () => {
      const now = new Date().toISOString()
      await runDunningWorkflow(getContainer()).run({ input: { now } })
      await deliverNoticesWorkflow(getContainer()).run({ input: { now } })
    }
    const mailTo = (email: string) => {
      const mail = smtp.messages.find((m) => m.envelope.to.includes(`ap.${email}`))
      if (!mail) {
        throw new Error(`no notice to ap.${email}; received: ${smtp.messages.map((m) => m.envelope.to.join(",")).join(" | ")}`)
      }
      return mail
    }
    /** The notice to a customer as the customer sees it: subject, both bodies, and the attached statement. */
    const noticeTo = (email: string) => {
      const mail = mailTo(email)
      const [attachment] = mail.attachments
      return {
        subject: plain(mail.subject),
        html: plain(mail.html),
        text: plain(mail.text),
        csv: attachment.content.toString("utf-8").split("\r\n"),
        file: attachment.filename ?? "",
      }
    }

    it("writes to a customer in each shipped language entirely in it: subject, body, table, totals, dates and statement", async () => {
      const customers = new Map<string, { id: string; email: string }>()
      for (const language of LANGUAGES) {
        const { customer, email } = await customerSpeaking(language)
        customers.set(language, { id: customer.id, email })
      }
      await runAndDeliver()

      for (const language of LANGUAGES) {
        const { id, email } = customers.get(language)!
        const notice = noticeTo(email)
        const own = EXPECTED[language]
        expect(notice.subject).toBe(`${own.subject}Buyer ${language} Ltd`)
        expect(notice.html).toContain(own.body)
        expect(notice.html).toContain(own.table)
        expect(notice.text).toMatch(totalRow(own.total))
        expect(notice.html).toContain(own.due)
        expect(notice.csv[0]).toBe(own.csv)
        expect(notice.csv).toContain(`${own.total[0]},,,,EUR,,,1550.5`)
        expect(notice.file).toMatch(new RegExp(`^${own.file}\\d{4}-\\d{2}-\\d{2}\\.csv$`))
        // nothing another language's notice says
        for (const other of LANGUAGES.filter((l) => l !== language)) {
          const theirs = EXPECTED[other]
          for (const said of [theirs.subject, theirs.body, theirs.table, theirs.csv]) {
            expect({ language, other, said, found: [notice.subject, notice.html, notice.text, notice.csv[0]].some((part) => part.includes(said)) }).toEqual({
              language,
              other,
              said,
              found: false,
            })
          }
        }
        const [stored] = await dunning().listNotices({ customer_id: id }, { take: 1 })
        expect({ language, stored: stored.language, status: stored.status }).toEqual({ language, stored: language, status: "sent" })
      }
    })

    it("falls back from pt-BR to pt, and from a language the plugin does not ship to the store's; the page speaks as the notice did", async () => {
      const brazil = await customerSpeaking("pt-BR")
      const swahili = await customerSpeaking("sw")
      const unknown = await customerSpeaking(null)
      const english = await customerSpeaking("en-GB")
      await runAndDeliver()

      const portuguese = noticeTo(brazil.email)
      expect(portuguese.subject).toBe("Aviso de faturas vencidas – Buyer pt-BR Ltd")
      expect(portuguese.text).toMatch(totalRow(EXPECTED.pt.total))
      expect(portuguese.csv[0]).toBe(EXPECTED.pt.csv)

      // the store speaks Dutch: so does the notice to a Swahili speaker and to one whose language is not known
      for (const { customer, email } of [swahili, unknown]) {
        const dutch = noticeTo(email)
        expect(dutch.subject).toMatch(/^Betalingsherinnering: vervallen facturen – Buyer (sw|unknown) Ltd$/)
        expect(dutch.html).toContain(EXPECTED.nl.table)
        expect(dutch.text).toMatch(totalRow(EXPECTED.nl.total))
        expect(dutch.csv[0]).toBe(EXPECTED.nl.csv)
        const [stored] = await dunning().listNotices({ customer_id: customer.id }, { take: 1 })
        expect(stored.language).toBe("nl")
      }
      // a customer who reads English is not written to in the store's language; British English writes dates its way
      const british = noticeTo(english.email)
      expect(british.subject).toBe("Notification of Overdue Invoices – Buyer en-GB Ltd")
      expect(british.html).toContain("16 Mar 2026")

      // the collection page the Swahili speaker's notice links to speaks Dutch too, statement included
      const path = pagePathIn(String(mailTo(swahili.email).html))
      const opened = await page.open(path)
      expect(opened.status).toBe(200)
      expect(opened.data).toContain('<html lang="nl">')
      expect(opened.data).toContain("Openstaande facturen van")
      const statement = await page.open(`${path}/statement`)
      expect(String(statement.data).split("\r\n")[0]).toBe(EXPECTED.nl.csv)
      expect(statement.headers["content-disposition"]).toMatch(/^attachment; filename="openstaande-facturen-\d{4}-\d{2}-\d{2}\.csv"$/)
    })

    it("sends a merchant's own translation of a stage, and says which translations the English text changed under until they are rewritten or confirmed", async () => {
      const policy = (await api.get("/admin/dunning/policies", admin)).data.policies[0]
      expect(policy.stale_translations).toEqual([])
      const index = policy.stages.findIndex((s: any) => s.offset_days === 5)
      const overdue = policy.stages[index]
      const edit = (changes: Record<string, unknown>) =>
        api.post(`/admin/dunning/policies/${policy.id}`, { stages: policy.stages.map((s: any, i: number) => (i === index ? { ...s, ...changes } : s)) }, admin)

      const spanish = { subject_template: "Facturas pendientes de pago – {{store.name}}", body_html_template: "<p>Hola {{customer.name}}:</p>{{> invoiceTable}}" }
      const subject_template = "Overdue invoices: please pay{{#if customer.company}} – {{customer.company}}{{/if}}"
      const saved = await edit({ subject_template, translations: { ...overdue.translations, es: spanish } })
      expect(saved.status).toBe(200)
      const stale = (answer: any) => answer.stale_translations.filter((t: any) => t.stage_id === overdue.id).map((t: any) => t.language)
      expect(stale(saved.data.policy)).toEqual(["de", "fr", "it", "nl", "pt"])

      // a translation confirmed is current again; confirming one the stage does not have is refused and changes nothing
      const confirmed = await edit({ subject_template, translations: saved.data.policy.stages[index].translations, reviewed_translations: ["de"] })
      expect(stale(confirmed.data.policy)).toEqual(["fr", "it", "nl", "pt"])
      const refused = await expectStatus(edit({ reviewed_translations: ["sv"] }), 400)
      expect(refused.message).toContain(`stages.${index}.reviewed_translations: the stage has no 'sv' translation to confirm`)
      await expectStatus(edit({ translation_sources: { fr: "0000" } }), 400)
      expect(stale((await api.get(`/admin/dunning/policies/${policy.id}`, admin)).data.policy)).toEqual(["fr", "it", "nl", "pt"])

      const es = await customerSpeaking("es")
      const fr = await customerSpeaking("fr")
      const en = await customerSpeaking("en")
      await runAndDeliver()
      // the merchant's Spanish, with the shipped Spanish table; the French written for the old English, still sent
      expect(noticeTo(es.email).subject).toMatch(/^Facturas pendientes de pago – \S/)
      expect(noticeTo(es.email).html).toContain("Hola Jo Buyer:")
      expect(noticeTo(es.email).html).toContain(EXPECTED.es.table)
      expect(noticeTo(fr.email).subject).toBe("Relance : factures échues impayées – Buyer fr Ltd")
      expect(noticeTo(en.email).subject).toBe("Overdue invoices: please pay – Buyer en Ltd")
    })
  },
})
