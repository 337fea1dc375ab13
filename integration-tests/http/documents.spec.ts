import fs from "fs"
import http from "http"
import os from "os"
import path from "path"

// The host app reads these when it boots: the documents carry a logo, and the collection page is on.
const LOGO = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dunning-documents-")), "logo.png")
fs.writeFileSync(LOGO, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"))
process.env.DUNNING_DOCUMENTS_LOGO = LOGO
process.env.DUNNING_SELF_SERVICE_SECRET = "documents-test-secret-of-at-least-32-characters"

import type { AddressInfo } from "net"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { renderPdf } from "../../src/modules/dunning/documents/pdf"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { PageClient } from "../helpers/collection-page"
import { expectStatus } from "../helpers/http"
import { pdfText } from "../helpers/pdf-text"
import { createBusinessCustomer, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const NOW = "2026-03-23T09:00:00.000Z"
const hasImage = (pdf: Buffer) => pdf.toString("latin1").includes("/Subtype /Image")

/**
 * The PDF documents through the real app, read back with a PDF parser: the statement of account and the
 * invoice from the admin (letterhead from the Medusa store and its default stock location, the logo
 * option, the payments of a period, the ERP's own PDF through the file module or an http address) and
 * from the customer's collection page, behind its link.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    let erpServer: http.Server
    let erpBase = ""
    const erpPdf = async () => renderPdf({ title: "ERP", language: "en", content: ["ERP ORIGINAL DOCUMENT 77"] })
    const page = new PageClient(api as any)
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      const [location] = await getContainer()
        .resolve(Modules.STOCK_LOCATION)
        .createStockLocations([{ name: "Main warehouse", address: { address_1: "Calle Mayor 1", postal_code: "28013", city: "Madrid", country_code: "es" } }])
      const stores = getContainer().resolve(Modules.STORE)
      const [medusaStore] = await stores.listStores()
      await stores.updateStores(medusaStore.id, { name: "Acme Wholesale", default_location_id: location.id })
      const pdf = await erpPdf()
      erpServer = http.createServer((req, res) => {
        if (req.url === "/invoices/77.pdf") {
          res.writeHead(200, { "content-type": "application/pdf" }).end(pdf)
        } else {
          res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>")
        }
      })
      await new Promise<void>((resolve) => erpServer.listen(0, "127.0.0.1", resolve))
      erpBase = `http://127.0.0.1:${(erpServer.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      await new Promise((resolve) => erpServer.close(resolve))
    })

    const download = (url: string) => api.get(url, { ...admin, responseType: "arraybuffer" })
    const postReceivable = (body: Record<string, unknown>) => api.post("/admin/dunning/receivables", { currency_code: "eur", now: NOW, ...body }, admin)
    const pay = (id: string, body: Record<string, unknown>) => api.post(`/admin/dunning/receivables/${id}/payments`, { now: NOW, ...body }, admin)

    it("downloads a Spanish customer's statement: letterhead, open invoices, totals, aging and the payments of the period", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "cuentas@iberica.test",
        company_name: "Ibérica Cafés",
        profile: { preferred_language: "es", terms_days: 30 },
      })
      const old = await postReceivable({ customer_id: customer.id, number: "F-1999", amount: "80.00", issued_at: "2025-10-01", due_at: "2025-10-31" })
      const first = await postReceivable({ customer_id: customer.id, number: "F-2001", amount: "12500.50", issued_at: "2026-01-10", due_at: "2026-02-09" })
      await postReceivable({ customer_id: customer.id, number: "F-2002", amount: "300.00", issued_at: "2026-03-01", due_at: "2026-03-31" })
      await pay(old.data.receivable.id, { amount: "80.00", paid_at: "2025-11-15", external_ref: "BANK-1" })
      await pay(first.data.receivable.id, { amount: "500.50", paid_at: "2026-03-10", external_ref: "BANK-2" })

      const res = await download(`/admin/customers/${customer.id}/statement.pdf?now=${NOW}`)
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toBe("application/pdf")
      expect(res.headers["content-disposition"]).toBe('attachment; filename="extracto-iberica-cafes-2026-03-23.pdf"')
      const pdf = Buffer.from(res.data)
      expect(hasImage(pdf)).toBe(true)
      const text = await pdfText(pdf)
      expect(text).toContain("Acme Wholesale Calle Mayor 1 28013 Madrid ES")
      expect(text).toContain("Extracto de cuenta")
      expect(text).toContain("Ibérica Cafés")
      expect(text).toContain("Fecha 23 mar 2026 Periodo 24 dic 2025 – 23 mar 2026")
      expect(text).toContain("F-2001 10 ene 2026 9 feb 2026 42 12.000,00 €")
      expect(text).toContain("F-2002 1 mar 2026 31 mar 2026 300,00 €")
      expect(text).toContain("Total EUR 12.300,00 €")
      expect(text).toContain("Antigüedad EUR 300,00 € – 12.000,00 € – –")
      expect(text).toContain("Pagos recibidos 24 dic 2025 – 23 mar 2026 Fecha de pago Número de factura Referencia Importe 10 mar 2026 F-2001 BANK-2 500,50 €")
      expect(text).toContain("Pagos EUR 500,50 €")
      expect(text).not.toContain("BANK-1")

      const november = await pdfText(Buffer.from((await download(`/admin/customers/${customer.id}/statement.pdf?now=${NOW}&from=2025-11-01&to=2025-11-30`)).data))
      expect(november).toContain("15 nov 2025 F-1999 BANK-1 80,00 €")
      expect(november).not.toContain("BANK-2")
    })

    it("refuses a statement period that is half given, reversed or longer than a year", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), { email: "period@test.dev", company_name: "Period" })
      const ask = (query: string) => expectStatus(api.get(`/admin/customers/${customer.id}/statement.pdf?${query}`, admin), 400, query)
      expect((await ask("from=2026-01-01")).message).toMatch(/from and to must be given together/)
      expect((await ask("from=2026-02-01&to=2026-01-01")).message).toMatch(/to: must not be before from/)
      expect((await ask("from=2025-01-01&to=2026-03-01")).message).toMatch(/at most 366 days/)
      expect((await ask("from=2026-02-30&to=2026-03-01")).message).toMatch(/from: must be a date/)
    })

    it("downloads the invoice of an order receivable with the order's lines and totals, and of an ERP receivable with its amount", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "ap@northwind.test",
        company_name: "Northwind",
        profile: { preferred_language: "de", terms_days: 30 },
      })
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
      const { data } = await api.get(`/admin/orders/${order.id}/dunning-receivable`, admin)
      const receivable = data.receivable

      const res = await download(`/admin/dunning/receivables/${receivable.id}/document`)
      expect(res.headers["content-type"]).toBe("application/pdf")
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="rechnung-${receivable.number}.pdf"`)
      expect(hasImage(Buffer.from(res.data))).toBe(true)
      const text = await pdfText(Buffer.from(res.data))
      expect(text).toContain("Acme Wholesale Calle Mayor 1 28013 Madrid ES")
      expect(text).toContain(`Rechnung ${receivable.number}`)
      expect(text).toMatch(/Espresso beans 6 kg.* 2 125,50 € 251,00 €/)
      expect(text).toContain("Zwischensumme 251,00 €")
      expect(text).toContain("Versand 0,00 €")
      expect(text).toContain("Gesamtbetrag 251,00 €")

      const erp = await postReceivable({ customer_id: customer.id, number: "ERP-77", amount: "99.90", issued_at: "2026-03-01", due_at: "2026-03-31" })
      const erpText = await pdfText(Buffer.from((await download(`/admin/dunning/receivables/${erp.data.receivable.id}/document`)).data))
      expect(erpText).toContain("Rechnung ERP-77")
      expect(erpText).toContain("Betrag 99,90 €")
      expect(erpText).not.toContain("Zwischensumme")
    })

    it("serves the ERP's own PDF of an imported invoice from Medusa's file module or an http address, and refuses what is no PDF", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), { email: "ap@erp.test", company_name: "ERP Buyer" })
      const files = getContainer().resolve(Modules.FILE)
      const [file] = await files.createFiles([{ filename: "erp-77.pdf", mimeType: "application/pdf", content: (await erpPdf()).toString("base64") }])
      const invoice = (number: string, metadata: Record<string, unknown>) =>
        postReceivable({ customer_id: customer.id, number, amount: "10.00", issued_at: "2026-03-01", due_at: "2026-03-31", metadata })

      try {
        const fromFile = await invoice("ERP-F", { document_file_id: file.id })
        const fileRes = await download(`/admin/dunning/receivables/${fromFile.data.receivable.id}/document`)
        expect(fileRes.headers["content-type"]).toBe("application/pdf")
        expect(await pdfText(Buffer.from(fileRes.data))).toContain("ERP ORIGINAL DOCUMENT 77")
      } finally {
        // the local file provider keeps it under static/
        await files.deleteFiles([file.id])
      }

      const fromUrl = await invoice("ERP-U", { document_url: `${erpBase}/invoices/77.pdf` })
      expect(await pdfText(Buffer.from((await download(`/admin/dunning/receivables/${fromUrl.data.receivable.id}/document`)).data))).toContain("ERP ORIGINAL DOCUMENT 77")

      const notPdf = await invoice("ERP-H", { document_url: `${erpBase}/login` })
      const refused = await expectStatus(api.get(`/admin/dunning/receivables/${notPdf.data.receivable.id}/document`, admin), 400)
      expect(refused.message).toBe("The ERP document of invoice ERP-H could not be used: it is not a PDF file")

      const bad = await expectStatus(invoice("ERP-X", { document_url: "file:///etc/passwd" }), 400)
      expect(bad.message).toMatch(/metadata\.document_url|document_url: must be an http\(s\) address/)
    })

    it("lets the customer download the statement and their invoices from the collection page, behind its link", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), { email: "ap@contoso.test", company_name: "Contoso", profile: { terms_days: 30 } })
      const { customer: other } = await createBusinessCustomer(getContainer(), { email: "ap@litware.test", company_name: "Litware" })
      const mine = await postReceivable({ customer_id: customer.id, number: "CO-1", amount: "450.00", issued_at: "2026-03-01", due_at: "2026-03-31", now: undefined })
      const theirs = await postReceivable({ customer_id: other.id, number: "LW-1", amount: "40.00", issued_at: "2026-03-01", due_at: "2026-03-31", now: undefined })
      const token = dunning().issueCollectionLink({ customer_id: customer.id, link_version: 0, now: new Date() })!.token
      const base = `/dunning/c/${token}`

      const html = (await page.open(base)).data as string
      expect(html).toContain(`href="${base}/statement.pdf" download>Download statement (PDF)</a>`)
      expect(html).toContain(`href="${base}/invoice.pdf?receivable=${mine.data.receivable.id}" download aria-label="Invoice (PDF) CO-1">Invoice (PDF)</a>`)

      const get = (url: string) => api.get(url, { responseType: "arraybuffer", validateStatus: () => true, headers: { "x-forwarded-for": "198.51.100.77" } })
      const statement = await get(`${base}/statement.pdf`)
      expect(statement.status).toBe(200)
      expect(statement.headers["content-type"]).toBe("application/pdf")
      const statementText = await pdfText(Buffer.from(statement.data))
      expect(statementText).toContain("Statement of account")
      expect(statementText).toContain("CO-1")
      expect(statementText).toContain("€450.00")
      expect(statementText).not.toContain("LW-1")

      const invoice = await get(`${base}/invoice.pdf?receivable=${mine.data.receivable.id}`)
      expect(invoice.headers["content-type"]).toBe("application/pdf")
      expect(await pdfText(Buffer.from(invoice.data))).toContain("Invoice CO-1")

      // another period: the page's form is preset to the last 90 days; a payment of half a year ago is on the
      // statement of its own period only; a period that cannot be is refused naming the field
      const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
      const older = await postReceivable({ customer_id: customer.id, number: "CO-0", amount: "120.00", issued_at: day(230), due_at: day(200), now: undefined })
      await pay(older.data.receivable.id, { amount: "120.00", paid_at: day(180), external_ref: "OLD-PAY", now: undefined })
      expect(html).toContain(`<form method="get" action="${base}/statement.pdf">`)
      expect(html).toContain(`name="from" value="${day(89)}" max="${day(0)}" required`)
      expect(html).toContain(`name="to" value="${day(0)}" max="${day(0)}" required`)
      expect(await pdfText(Buffer.from((await get(`${base}/statement.pdf?from=&to=`)).data))).not.toContain("OLD-PAY")
      const period = await get(`${base}/statement.pdf?from=${day(200)}&to=${day(150)}`)
      expect(period.status).toBe(200)
      expect(await pdfText(Buffer.from(period.data))).toContain("OLD-PAY")
      const reversed = await get(`${base}/statement.pdf?from=${day(10)}&to=${day(20)}`)
      expect([reversed.status, reversed.headers["content-type"]]).toEqual([400, "text/html; charset=utf-8"])
      expect(Buffer.from(reversed.data).toString("utf8")).toContain("to: must not be before from")
      const tooLong = await get(`${base}/statement.pdf?from=${day(400)}&to=${day(0)}`)
      expect([tooLong.status, Buffer.from(tooLong.data).toString("utf8")]).toEqual([400, expect.stringContaining("at most 366 days")])

      const refusal = (await page.open("/dunning/c/not-a-token")) as { status: number; data: string }
      expect(refusal.status).toBe(404)
      for (const url of [
        `/dunning/c/not-a-token/statement.pdf`,
        `/dunning/c/${token.slice(0, -2)}xx/statement.pdf`,
        `/dunning/c/not-a-token/invoice.pdf?receivable=${mine.data.receivable.id}`,
        `${base}/invoice.pdf?receivable=${theirs.data.receivable.id}`,
        `${base}/invoice.pdf?receivable=rcv_missing`,
      ]) {
        const res = await get(url)
        expect([url, res.status, res.headers["content-type"]]).toEqual([url, 404, "text/html; charset=utf-8"])
        expect(Buffer.from(res.data).toString("utf8")).toBe(refusal.data)
      }
    })

    it("answers 404 naming the customer or receivable that does not exist", async () => {
      const customer = await expectStatus(api.get("/admin/customers/cus_missing/statement.pdf", admin), 404)
      expect(customer.message).toBe("Customer 'cus_missing' was not found")
      const receivable = await expectStatus(api.get("/admin/dunning/receivables/rcv_missing/document", admin), 404)
      expect(receivable.message).toBe("Receivable 'rcv_missing' was not found")
    })
  },
})
