import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { pdfText } from "../helpers/pdf-text"
import { createBusinessCustomer, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const NOW = "2026-03-23T09:00:00.000Z"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
    })

    const download = (url: string) => api.get(url, { ...admin, responseType: "arraybuffer" })
    const postReceivable = (body: Record<string, unknown>) => api.post("/admin/dunning/receivables", { currency_code: "eur", now: NOW, ...body }, admin)

    it("downloads a Spanish customer's statement of account: open invoices, days overdue, totals and aging in Spanish", async () => {
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "cuentas@iberica.test",
        company_name: "Ibérica Cafés",
        profile: { preferred_language: "es", terms_days: 30 },
      })
      await postReceivable({ customer_id: customer.id, number: "F-2001", amount: "12500.50", issued_at: "2026-01-10", due_at: "2026-02-09" })
      await postReceivable({ customer_id: customer.id, number: "F-2002", amount: "300.00", issued_at: "2026-03-01", due_at: "2026-03-31" })

      const res = await download(`/admin/customers/${customer.id}/statement.pdf?now=${NOW}`)
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toBe("application/pdf")
      expect(res.headers["content-disposition"]).toBe('attachment; filename="extracto-iberica-cafes-2026-03-23.pdf"')
      const text = await pdfText(Buffer.from(res.data))
      expect(text).toContain("Extracto de cuenta")
      expect(text).toContain("Ibérica Cafés")
      expect(text).toContain("F-2001 10 ene 2026 9 feb 2026 42 12.500,50 €")
      expect(text).toContain("F-2002 1 mar 2026 31 mar 2026 300,00 €")
      expect(text).toContain("Total EUR 12.800,50 €")
      expect(text).toContain("Antigüedad EUR 300,00 € – 12.500,50 € – –")
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
      const text = await pdfText(Buffer.from(res.data))
      expect(text).toContain(`Rechnung ${receivable.number}`)
      expect(text).toMatch(/Espresso beans 6 kg.* 2 125,50 € 251,00 €/)
      expect(text).toContain("Zwischensumme 251,00 €")
      expect(text).toContain("Gesamtbetrag 251,00 €")

      const erp = await postReceivable({ customer_id: customer.id, number: "ERP-77", amount: "99.90", issued_at: "2026-03-01", due_at: "2026-03-31" })
      const erpText = await pdfText(Buffer.from((await download(`/admin/dunning/receivables/${erp.data.receivable.id}/document`)).data))
      expect(erpText).toContain("Rechnung ERP-77")
      expect(erpText).toContain("Betrag 99,90 €")
      expect(erpText).not.toContain("Zwischensumme")
    })

    it("answers 404 naming the customer or receivable that does not exist", async () => {
      const customer = await expectStatus(api.get("/admin/customers/cus_missing/statement.pdf", admin), 404)
      expect(customer.message).toBe("Customer 'cus_missing' was not found")
      const receivable = await expectStatus(api.get("/admin/dunning/receivables/rcv_missing/document", admin), 404)
      expect(receivable.message).toBe("Receivable 'rcv_missing' was not found")
    })
  },
})
