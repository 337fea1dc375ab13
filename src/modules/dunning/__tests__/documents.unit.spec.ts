import fs from "fs"
import os from "os"
import path from "path"
import { invoicePdf, invoicePdfFilename, readDocumentLogo, statementPdf, statementPdfFilename, type StatementInput } from "../documents"
import { metadataAddressLines, stockAddressLines } from "../../../workflows/dunning/document-store"
import { parseDunningOptions } from "../options"
import { pdfText } from "../../../../integration-tests/helpers/pdf-text"

const store = { name: "Ferretería Norte", address: ["Calle Mayor 1", "28013 Madrid"] }
const customer = { name: "Ana Ruiz", company: "Acme Ibérica", email: "ap@acme.example" }
const now = "2026-03-23T10:00:00Z"
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
const INVOICE = { number: "INV-1", currency_code: "eur", amount: "10", amount_paid: "0", issued_at: "2026-03-01T09:00:00Z", due_at: null }

const statement = (over: Partial<StatementInput> = {}): StatementInput => ({
  language: "es",
  timeZone: "Europe/Madrid",
  now,
  store,
  customer,
  invoices: [
    { number: "INV-1001", currency_code: "eur", outstanding: "12500.5", issued_at: "2026-01-10T09:00:00Z", due_at: "2026-02-09T09:00:00Z" },
    { number: "INV-1002", currency_code: "eur", outstanding: "100", issued_at: "2026-03-01T09:00:00Z", due_at: "2026-03-31T09:00:00Z" },
    { number: "INV-1003", currency_code: "usd", outstanding: "40.25", issued_at: "2025-11-01T09:00:00Z", due_at: "2025-12-01T09:00:00Z" },
  ],
  ...over,
})

describe("the statement of account PDF", () => {
  it("lists the open invoices with dates, days overdue and totals per currency, in Spanish", async () => {
    const text = await pdfText(await statementPdf(statement()))
    expect(text).toContain("Extracto de cuenta")
    expect(text).toContain("Ferretería Norte")
    expect(text).toContain("Acme Ibérica")
    expect(text).toContain("Número de factura")
    expect(text).toContain("Días de retraso")
    // INV-1001: issued 10 Jan, due 9 Feb, 42 days overdue on 23 Mar; Spanish groups thousands from five digits on
    expect(text).toMatch(/INV-1001 10 ene 2026 9 feb 2026 42 12\.500,50 €/)
    expect(text).toContain("Total EUR 12.600,50 €")
    expect(text).toContain("Total USD 40,25 US$")
    expect(text).toContain("Fecha 23 mar 2026")
  })

  it("sums the outstanding by age in an aging line per currency", async () => {
    const text = await pdfText(await statementPdf(statement()))
    expect(text).toContain("No vencido 1–30 días 31–60 días 61–90 días Más de 90 días")
    expect(text).toContain("Antigüedad EUR 100,00 € – 12.500,50 € – –")
    expect(text).toContain("Antigüedad USD – – – – 40,25 US$")
  })

  it("speaks English to a customer in a language the plugin does not ship, and German to a German one", async () => {
    const english = await pdfText(await statementPdf(statement({ language: "ja" })))
    expect(english).toContain("Statement of account")
    const german = await pdfText(await statementPdf(statement({ language: "de-DE" })))
    expect(german).toContain("Kontoauszug")
    expect(german).toContain("Summe EUR 12.600,50 €")
  })

  it("says there are no open invoices when there are none", async () => {
    const text = await pdfText(await statementPdf(statement({ invoices: [] })))
    expect(text).toContain("No hay facturas pendientes.")
  })

  it("is refused with a clear error when it is larger than the size option allows", async () => {
    await expect(statementPdf(statement({ maxBytes: 1000 }))).rejects.toThrow(
      /The document is \d+ bytes, over the limit of 1000 bytes \(option documents\.maxAttachmentBytes\)/
    )
  })

  it("is named in the customer's language", () => {
    expect(statementPdfFilename({ language: "es", timeZone: "Europe/Madrid", now, customer })).toBe("extracto-acme-iberica-2026-03-23.pdf")
    expect(statementPdfFilename({ language: "en", timeZone: "Europe/Madrid", now, customer: { name: "Bo" } })).toBe("statement-bo-2026-03-23.pdf")
  })
})

describe("the invoice PDF", () => {
  const receivable = { number: "INV-1001", currency_code: "eur", amount: "1210", amount_paid: "200", issued_at: "2026-01-10T09:00:00Z", due_at: "2026-02-09T09:00:00Z" }

  it("shows an order's lines, shipping, taxes and totals in the customer's language", async () => {
    const order = {
      items: [
        { title: "Tornillos M6", quantity: 10, unit_price: "50", total: "500" },
        { title: "Taladro", quantity: 1, unit_price: "480", total: "480" },
      ],
      subtotal: "980",
      shipping_total: "20",
      tax_total: "210",
      total: "1210",
    }
    const text = await pdfText(await invoicePdf({ language: "es", timeZone: "Europe/Madrid", now, store, customer, receivable, order }))
    expect(text).toContain("Factura INV-1001")
    expect(text).toContain("Fecha de emisión 10 ene 2026")
    expect(text).toContain("Vencimiento 9 feb 2026")
    expect(text).toContain("Tornillos M6 10 50,00 € 500,00 €")
    expect(text).toContain("Subtotal 980,00 €")
    expect(text).toContain("Envío 20,00 €")
    expect(text).toContain("Impuestos 210,00 €")
    expect(text).toContain("Total 1210,00 €")
    expect(text).toContain("Importe Pagado Pendiente 1210,00 € 200,00 € 1010,00 €")
  })

  it("shows the header and amount of a receivable without an order", async () => {
    const text = await pdfText(
      await invoicePdf({ language: "fr", timeZone: "Europe/Paris", now, store, customer, receivable: { ...receivable, amount_paid: "0" } })
    )
    expect(text).toContain("Facture INV-1001")
    expect(text).toContain("Montant 1 210,00 €")
    expect(text).not.toContain("Sous-total")
    expect(text).not.toContain("Payé")
  })

  it("is named in the customer's language", () => {
    expect(invoicePdfFilename({ language: "es", number: "INV/1001" })).toBe("factura-INV-1001.pdf")
    expect(invoicePdfFilename({ language: "de", number: "R-7" })).toBe("rechnung-R-7.pdf")
  })
})

describe("the documents option", () => {
  it("is 5 MB by default and refuses a size that is not a whole number of bytes in range", () => {
    expect(parseDunningOptions({}).documents.maxAttachmentBytes).toBe(5 * 1024 * 1024)
    expect(parseDunningOptions({ documents: { maxAttachmentBytes: 200_000 } }).documents.maxAttachmentBytes).toBe(200_000)
    expect(() => parseDunningOptions({ documents: { maxAttachmentBytes: 10 } })).toThrow(/'documents\.maxAttachmentBytes'/)
    expect(() => parseDunningOptions({ documents: { maxAttachmentBytes: 1.5e6 + 0.5 } })).toThrow(/'documents\.maxAttachmentBytes'/)
  })
})

describe("the store's letterhead", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dunning-logo-"))
  const png = path.join(dir, "logo.png")
  fs.writeFileSync(png, Buffer.from(ONE_PIXEL_PNG, "base64"))

  it("shows the store's address lines and its logo on the statement and the invoice", async () => {
    const logo = readDocumentLogo(png).dataUrl
    const withLogo = await statementPdf(statement({ store: { ...store, logo } }))
    const text = await pdfText(withLogo)
    expect(text).toContain("Ferretería Norte Calle Mayor 1 28013 Madrid")
    expect(withLogo.toString("latin1")).toContain("/Subtype /Image")
    expect((await statementPdf(statement())).toString("latin1")).not.toContain("/Subtype /Image")
    const invoice = await invoicePdf({ language: "en", timeZone: "UTC", now, store: { ...store, logo }, customer, receivable: INVOICE })
    expect(invoice.toString("latin1")).toContain("/Subtype /Image")
    expect(await pdfText(invoice)).toContain("Calle Mayor 1 28013 Madrid")
  })

  it("takes the logo from a PNG or JPEG file and refuses anything else, naming the option", () => {
    expect(readDocumentLogo(png).format).toBe("png")
    const jpeg = path.join(dir, "logo.jpg")
    fs.writeFileSync(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))
    expect(readDocumentLogo(jpeg).dataUrl).toMatch(/^data:image\/jpeg;base64,/)
    const text = path.join(dir, "logo.txt")
    fs.writeFileSync(text, "not an image")
    expect(() => readDocumentLogo(text)).toThrow(/'documents\.logo' must be a PNG or JPEG image/)
    expect(() => readDocumentLogo(path.join(dir, "missing.png"))).toThrow(/'documents\.logo' names no readable file/)
    expect(() => readDocumentLogo(dir)).toThrow(/'documents\.logo' must name a file/)
  })

  it("reads the address from the store's stock location, else from its metadata", () => {
    expect(stockAddressLines({ address_1: "Calle Mayor 1", postal_code: "28013", city: "Madrid", country_code: "es" })).toEqual(["Calle Mayor 1", "28013 Madrid", "ES"])
    expect(metadataAddressLines("Rue 1\n75001 Paris\n")).toEqual(["Rue 1", "75001 Paris"])
    expect(metadataAddressLines(["A", 3, "B"])).toEqual(["A", "B"])
    expect(metadataAddressLines({ street: "x" })).toEqual([])
  })

  it("accepts address lines and a logo path as options, bounded", () => {
    expect(parseDunningOptions({ documents: { address: ["Calle Mayor 1"], logo: "./logo.png" } }).documents).toMatchObject({ address: ["Calle Mayor 1"], logo: "./logo.png" })
    expect(() => parseDunningOptions({ documents: { address: [] } })).toThrow(/'documents\.address'/)
    expect(() => parseDunningOptions({ documents: { address: ["x".repeat(201)] } })).toThrow(/'documents\.address\.0'/)
  })
})

describe("the payments of the statement's period", () => {
  const period = { from: "2026-01-01T00:00:00Z", to: "2026-03-23T00:00:00Z" }
  const payments = [
    { invoice_number: "INV-0990", currency_code: "eur", amount: "1500", kind: "payment" as const, paid_at: "2026-03-02T10:00:00Z", reference: "SEPA-42" },
    { invoice_number: "INV-0980", currency_code: "eur", amount: "20", kind: "refund" as const, paid_at: "2026-03-05T10:00:00Z" },
    { invoice_number: "INV-0970", currency_code: "usd", amount: "99.5", kind: "payment" as const, paid_at: "2026-01-15T10:00:00Z", reference: "WIRE-1" },
  ]

  it("lists each payment with its date, invoice and amount, oldest first, refunds taken off, totals per currency", async () => {
    const text = await pdfText(await statementPdf(statement({ language: "en", period, payments })))
    expect(text).toContain("Period Jan 1, 2026 – Mar 23, 2026")
    expect(text).toContain("Payments received Jan 1, 2026 – Mar 23, 2026")
    expect(text).toMatch(/Jan 15, 2026 INV-0970 WIRE-1 \$99\.50 Mar 2, 2026 INV-0990 SEPA-42 €1,500\.00 Mar 5, 2026 INV-0980 Refund -€20\.00/)
    expect(text).toContain("Payments EUR €1,480.00")
    expect(text).toContain("Payments USD $99.50")
  })

  it("says so when no payment came in, and leaves the section out without a period", async () => {
    expect(await pdfText(await statementPdf(statement({ period, payments: [] })))).toContain("No se recibieron pagos en este periodo.")
    expect(await pdfText(await statementPdf(statement()))).not.toContain("Pagos recibidos")
  })
})
