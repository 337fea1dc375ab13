// The host app reads these when it boots: notices go to an in-process SMTP server and are handed to
// delivery as soon as a run ends.
const SMTP_PORT = 2700 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "true"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"
import { pdfText } from "../helpers/pdf-text"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, placeOrder, seedStore, type TestStore } from "../helpers/store"

jest.setTimeout(180_000)

const DAY = 86_400_000

/**
 * Documents with notices, through the real app and a real SMTP server, read back as a mail client and a
 * PDF reader would: the invoice e-mailed when it is issued (once, in the customer's language, not counted
 * by the contact cap), the statement of account with each reminder as PDF and CSV or as the policy says,
 * and a message whose documents are too large failing its attempt with the reason on the notice.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let store: TestStore
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      // the delivery job acts at the wall clock: keep it from sending these notices beside the runs' own delivery
      await dunning().acquireLease({ name: DELIVERY_LEASE, holder: "documents-delivery-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      await smtp.start()
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      const stores = getContainer().resolve(Modules.STORE)
      const [medusaStore] = await stores.listStores()
      await stores.updateStores(medusaStore.id, { name: "Acme Wholesale" })
    })
    afterAll(async () => {
      await smtp.stop()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)
    const runAndDeliver = async (now: Date) => {
      const delivered = TestEventUtils.waitSubscribersExecution("dunning.run.completed", eventBus())
      const data = await runDunningNow(api, admin, { now: now.toISOString() })
      await delivered
      return data
    }
    const noticesOf = (customerId: string) => dunning().listNotices({ customer_id: customerId }, { order: { scheduled_for: "ASC" }, take: null })
    const updatePolicy = async (changes: (policy: any) => Record<string, unknown>) => {
      const { data } = await api.get("/admin/dunning/policies", admin)
      const policy = data.policies.find((p: any) => p.is_default)
      await api.post(`/admin/dunning/policies/${policy.id}`, changes(policy), admin)
    }
    const importInvoices = async (customerId: string, count: number, issued: string, due: string) =>
      api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: Array.from({ length: count }, (_, i) => ({
            customer_id: customerId,
            number: `ERP-${1000 + i}`,
            external_ref: `erp:${customerId}:${i}`,
            source: "erp",
            currency_code: "eur",
            amount: 120.5,
            issued_at: issued,
            due_at: due,
          })),
        },
        admin
      )

    it("e-mails a German customer's new order invoice at issue with its PDF, once, and the contact cap still lets the overdue notice with the statement through", async () => {
      // one contact a month, any day and hour, and only the overdue reminder: the invoice e-mail must not use up the month
      await updatePolicy((p) => ({
        max_contacts_per_30_days: 1,
        send_days: [1, 2, 3, 4, 5, 6, 7],
        send_hour_start: 0,
        send_hour_end: 24,
        stages: p.stages.filter((s: any) => s.offset_days > 0),
      }))
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "einkauf@northwind.test",
        company_name: "Northwind",
        profile: { preferred_language: "de", terms_days: 3, billing_emails: ["ap@northwind.test"] },
      })
      const { order } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
      const receivable = (await api.get(`/admin/orders/${order.id}/dunning-receivable`, admin)).data.receivable
      const issued = new Date(receivable.issued_at)

      // a dry run lists the invoice e-mail it would plan, and writes nothing
      const preview = (await api.post("/admin/dunning/runs", { dry_run: true, now: new Date(issued.getTime() + 60_000).toISOString() }, admin)).data
      expect(preview.invoice_emails.items.filter((e: any) => e.customer_id === customer.id)).toEqual([
        expect.objectContaining({ receivable_id: receivable.id, channel: "email", language: "de", recipients: expect.objectContaining({ to: ["ap@northwind.test"] }) }),
      ])
      expect(preview.invoice_emails.created).toBeGreaterThanOrEqual(1)
      expect(await noticesOf(customer.id)).toEqual([])

      const first = await runAndDeliver(new Date(issued.getTime() + 60_000))
      expect(first.totals.notices_created).toBe(0)
      // the run's record counts the invoice e-mail apart from the reminders
      const runRecord = (await api.get(`/admin/dunning/runs/${first.run.id}`, admin)).data.run
      expect(runRecord).toMatchObject({ notices_created: 0, invoice_emails_created: 1 })
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap@northwind.test"]])
      const mail = smtp.messages[0]
      expect(mail.subject).toBe(`Rechnung ${receivable.number} – Acme Wholesale`)
      expect(String(mail.html)).toMatch(/über <strong>251,00\s€<\/strong>/)
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`rechnung-${receivable.number}.pdf`, "application/pdf"]])
      const invoice = await pdfText(mail.attachments[0].content)
      const day = (at: Date) => new Intl.DateTimeFormat("de", { dateStyle: "medium", timeZone: "UTC" }).format(at)
      expect(invoice).toContain(`Rechnung ${receivable.number}`)
      expect(invoice).toContain(`Rechnungsdatum ${day(issued)}`)
      expect(invoice).toContain("Gesamtbetrag 251,00 €")

      const [sent] = await noticesOf(customer.id)
      expect(sent).toMatchObject({ kind: "invoice", status: "sent", stage_id: null, receivable_ids: [receivable.id], lines: [], subject: mail.subject })
      // the notices API says which notices are invoice e-mails, and filters by kind
      const listed = (await api.get(`/admin/dunning/notices?customer_id=${customer.id}&kind=invoice&fields=id,kind`, admin)).data
      expect(listed.notices).toEqual([{ id: sent.id, kind: "invoice" }])
      expect((await api.get(`/admin/dunning/notices?customer_id=${customer.id}&kind=reminder`, admin)).data.notices).toEqual([])
      expect((await api.get(`/admin/dunning/notices/${sent.id}`, admin)).data.notice.kind).toBe("invoice")
      // the customer's summary counts reminders: the invoice e-mail is none
      const summaryAt = (at: Date) =>
        api.get(`/admin/customers/${customer.id}/collection-summary?now=${at.toISOString()}`, admin).then((r) => r.data.collection_summary)
      expect(await summaryAt(new Date(issued.getTime() + 2 * DAY))).toMatchObject({ notices_sent: 0, notices_failed: 0, last_notice_at: null })
      const history = await dunning().listCollectionEvents({ customer_id: customer.id, type: "invoice_sent" })
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({ title: "Invoice sent", notice_id: sent.id, receivable_ids: [receivable.id] })
      expect(history[0].note).toBe(`Invoice ${receivable.number} sent to ap@northwind.test with its PDF (rechnung-${receivable.number}.pdf).`)

      // later runs send the invoice no second time
      await runAndDeliver(new Date(issued.getTime() + 3_600_000))
      expect(smtp.messages).toHaveLength(1)

      // overdue past the grace days: the reminder goes out (the invoice e-mail took no contact) with the statement as PDF and CSV
      await runAndDeliver(new Date(issued.getTime() + 9 * DAY))
      expect(smtp.messages).toHaveLength(2)
      const reminder = smtp.messages[1]
      expect(reminder.subject).toBe("Zahlungserinnerung – überfällige Rechnungen – Northwind")
      expect(reminder.attachments.map((a) => a.contentType)).toEqual(["text/csv", "application/pdf"])
      expect(reminder.attachments[1].filename).toMatch(/^kontoauszug-northwind-\d{4}-\d{2}-\d{2}\.pdf$/)
      expect(reminder.attachments[0].content.toString("utf-8")).toContain(`${receivable.number},`)
      const statement = await pdfText(reminder.attachments[1].content)
      expect(statement).toContain("Kontoauszug")
      expect(statement).toContain("Acme Wholesale")
      expect(statement).toMatch(new RegExp(`${receivable.number} ${day(issued)} .* 6 251,00 €`))
      expect(statement).toContain("Summe EUR 251,00 €")
      const notices = await noticesOf(customer.id)
      expect(notices.map((n: any) => [n.kind, n.status])).toEqual([
        ["invoice", "sent"],
        ["reminder", "sent"],
      ])
      expect(await summaryAt(new Date(issued.getTime() + 10 * DAY))).toMatchObject({ notices_sent: 1, notices_failed: 0 })
      expect((await api.get(`/admin/dunning/notices?customer_id=${customer.id}&kind=reminder&fields=id`, admin)).data.notices).toEqual([
        { id: notices[1].id },
      ])
    })

    it("sends an imported invoice no e-mail by default, and a reminder of a policy set to CSV only carries no PDF", async () => {
      await updatePolicy(() => ({ statement_attachment: "csv", send_days: [1, 2, 3, 4, 5, 6, 7], send_hour_start: 0, send_hour_end: 24 }))
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "ap@contoso.test",
        company_name: "Contoso",
        profile: { billing_emails: ["ap@contoso.test"] },
      })
      await importInvoices(customer.id, 2, "2026-02-01", "2026-03-01")

      await runAndDeliver(new Date("2026-03-23T09:00:00.000Z"))
      expect(smtp.messages).toHaveLength(1)
      const [mail] = smtp.messages
      expect(mail.subject).toBe("Notification of Overdue Invoices – Contoso")
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([["open-invoices-2026-03-23.csv", "text/csv"]])
      expect((await noticesOf(customer.id)).map((n: any) => n.kind)).toEqual(["reminder"])

      const refused = await expectStatus(
        api.post(`/admin/dunning/policies/${(await api.get("/admin/dunning/policies", admin)).data.policies[0].id}`, { statement_attachment: "xml" }, admin),
        400
      )
      expect(refused.message).toMatch(/statement_attachment/)
    })

    it("fails the attempt of a notice whose documents are over documents.maxAttachmentBytes, with the sizes on the notice, and sends nothing", async () => {
      const options = dunning().getOptions()
      const limit = options.documents.maxAttachmentBytes
      // the smallest limit the option accepts: the statements of two hundred invoices are larger
      options.documents.maxAttachmentBytes = 10_000
      try {
        const { customer } = await createBusinessCustomer(getContainer(), {
          email: "ap@fabrikam.test",
          company_name: "Fabrikam",
          profile: { billing_emails: ["ap@fabrikam.test"], rep_user_id: admin.userId },
        })
        await importInvoices(customer.id, 200, "2026-02-01", "2026-03-01")
        await runAndDeliver(new Date("2026-03-24T09:00:00.000Z"))

        expect(smtp.messages).toHaveLength(0)
        const [notice] = await noticesOf(customer.id)
        expect(notice.status).toBe("failed")
        expect(notice.last_error).toMatch(/^documents: .*over the limit of 10000 bytes.*documents\.maxAttachmentBytes/)
        const [followUp] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "delivery_failed" })
        expect(followUp).toMatchObject({ follow_up_status: "open", assigned_to: admin.userId, notice_id: notice.id })
        expect(followUp.note).toMatch(/was not sent: .*over the limit of 10000 bytes/)
      } finally {
        options.documents.maxAttachmentBytes = limit
      }
    })
  },
})
