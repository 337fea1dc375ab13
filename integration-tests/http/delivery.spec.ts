// The host app reads these when it boots: notices go to an in-process SMTP server and a local webhook
// receiver, are handed to delivery as soon as a run ends, and give up after three attempts.
const SMTP_PORT = 2600 + Number(process.env.JEST_WORKER_ID ?? 1)
const WEBHOOK_PORT = 4600 + Number(process.env.JEST_WORKER_ID ?? 1)
const WEBHOOK_SECRET = "delivery-test-secret-of-at-least-32-chars"
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_WEBHOOK_URL = `http://127.0.0.1:${WEBHOOK_PORT}/dunning`
process.env.DUNNING_WEBHOOK_SECRET = WEBHOOK_SECRET
process.env.DUNNING_DELIVER_AFTER_RUN = "true"
process.env.DUNNING_DELIVERY_MAX_ATTEMPTS = "3"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverBatch } from "../../src/workflows/delivery/deliver"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { describeCustomers, loadPolicies } from "../../src/workflows/dunning/run-context"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer, placeOrder, seedStore, type TestStore } from "../helpers/store"
import { WebhookPeer } from "../helpers/webhook-peer"

jest.setTimeout(180_000)

const DUE = "2026-03-16T00:00:00.000Z"
const at = (iso: string) => `${iso}T09:00:00.000Z`

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    let store: TestStore
    const smtp = new SmtpPeer(SMTP_PORT)
    const webhook = new WebhookPeer(WEBHOOK_PORT, WEBHOOK_SECRET)

    beforeAll(async () => {
      await smtp.start()
      await webhook.start()
      admin = await createAdminSession(getContainer())
      store = await seedStore(getContainer())
      const { data } = await api.get("/admin/dunning/policies", admin)
      // the collections manager in CC, replies to accounts receivable, SMS-bridge webhook as fallback
      await api.post(
        `/admin/dunning/policies/${data.policies[0].id}`,
        { cc: ["collections@acme-wholesale.test"], reply_to: "ar@acme-wholesale.test", channels: ["email", "webhook"] },
        admin
      )
    })
    afterAll(async () => {
      await smtp.stop()
      await webhook.stop()
    })
    beforeEach(async () => {
      smtp.messages = []
      smtp.setMode({ kind: "accept" })
      webhook.received = []
      webhook.status = 200
      await smtp.start()
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)

    const customerWithInvoices = async (
      email: string,
      invoices: Array<{ number: string; amount: number; currency_code?: string }>,
      profile: Record<string, unknown> = {},
      company = `${email.split("@")[0]} GmbH`
    ) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: company })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], rep_user_id: admin.userId, ...profile }, admin)
      const { data } = await api.post(
        "/admin/dunning/receivables/batch",
        {
          receivables: invoices.map((i) => ({
            customer_id: customer.id,
            number: i.number,
            external_ref: `${email}:${i.number}`,
            currency_code: i.currency_code ?? "eur",
            amount: i.amount,
            issued_at: "2026-02-14",
            due_at: DUE,
          })),
        },
        admin
      )
      return { customer, receivableIds: data.receivables.map((r: any) => r.id) as string[] }
    }

    /** Runs dunning and waits for the delivery that the end of the run sets off. */
    const runAndDeliver = async (now: string, body: Record<string, unknown> = {}) => {
      const delivered = TestEventUtils.waitSubscribersExecution("dunning.run.completed", eventBus())
      const data = await runDunningNow(api, admin, { now, ...body })
      await delivered
      return data
    }
    const deliver = async (now: string) => (await deliverNoticesWorkflow(getContainer()).run({ input: { now } })).result
    const noticesOf = (customerId: string) => dunning().listNotices({ customer_id: customerId }, { order: { scheduled_for: "ASC" }, take: null })

    it("e-mails one notice per customer with every overdue invoice, CC, reply-to, both parts, escaped data and pay links", async () => {
      const { customer } = await customerWithInvoices(
        "northwind@test.dev",
        [
          { number: "INV-1", amount: 1250.5 },
          { number: "INV-2", amount: 300 },
          { number: "INV-3", amount: 99.99, currency_code: "usd" },
        ],
        {},
        "<script>alert(1)</script> & Söhne"
      )
      await runAndDeliver(at("2026-03-23"))

      // the customer's message, then the same message to the collections manager in CC
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap.northwind@test.dev"], ["collections@acme-wholesale.test"]])
      const mail = smtp.messages[0]
      expect(mail.subject).toBe("Notification of Overdue Invoices – <script>alert(1)</script> & Söhne")
      expect((mail.cc as any).value.map((v: any) => v.address)).toEqual(["collections@acme-wholesale.test"])
      expect((mail.replyTo as any).value[0].address).toBe("ar@acme-wholesale.test")
      expect(mail.from?.value[0].address).toBe("collections@acme-wholesale.test")
      const html = String(mail.html)
      for (const n of ["INV-1", "INV-2", "INV-3"]) {
        expect(html).toContain(n)
        expect(mail.text).toContain(n)
      }
      expect(html).not.toContain("<script>alert(1)</script>")
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Söhne")
      expect(html).toContain("€1,550.50")
      expect(html).toContain("$99.99")
      expect(html).toMatch(/https:\/\/shop\.example\/pay\/rcv_/)
      expect(html).toContain(`https://shop.example/account/invoices?customer&#x3D;${customer.id}`)

      // the invoices as a CSV statement for the customer's accounts payable, and as the PDF statement of account
      expect(mail.attachments.map((a) => a.contentType)).toEqual(["text/csv", "application/pdf"])
      expect(mail.attachments[0].filename).toBe("open-invoices-2026-03-23.csv")
      expect(mail.attachments[1].filename).toMatch(/^statement-.*-2026-03-23\.pdf$/)
      const csv = mail.attachments[0].content.toString("utf-8").split("\r\n")
      expect(csv[0]).toBe("Invoice,Issued,Due,Days overdue,Currency,Amount,Paid,Outstanding")
      expect(csv).toContain("INV-3,2026-02-14,2026-03-16,7,USD,99.99,0,99.99")

      const [notice] = await noticesOf(customer.id)
      expect(notice).toMatchObject({ status: "sent", channel: "email", attempts: 1, subject: mail.subject, provider_message_id: mail.messageId })
      expect(notice.recipients).toMatchObject({ to: ["ap.northwind@test.dev"], cc: ["collections@acme-wholesale.test"] })
      expect(notice.body_html).toContain("INV-1")
      expect(notice.body_text).toContain("INV-1")
      expect(notice.sent_at).not.toBeNull()

      // delivering again sends nothing
      expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 0 })
      expect(smtp.messages).toHaveLength(2)
    })

    it("keeps a notice queued while the SMTP server is down and delivers it once when it is back", async () => {
      const { customer } = await customerWithInvoices("outage@test.dev", [{ number: "O-1", amount: 10 }])
      await smtp.stop()
      await runAndDeliver(at("2026-03-23"))
      let [notice] = await noticesOf(customer.id)
      expect(notice).toMatchObject({ status: "scheduled", attempts: 1 })
      expect(notice.last_error).toMatch(/ECONNECTION|ECONNREFUSED/)
      expect(new Date(notice.next_attempt_at!).getTime()).toBeGreaterThan(new Date(at("2026-03-23")).getTime())

      // not due again yet: nothing happens
      expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 0 })
      await smtp.start()
      const result = await deliver("2026-03-23T12:00:00.000Z")
      expect(result).toMatchObject({ claimed: 1, sent: 1 })
      ;[notice] = await noticesOf(customer.id)
      expect(notice).toMatchObject({ status: "sent", attempts: 2 })
      expect(smtp.messages.filter((m) => m.envelope.to.includes("ap.outage@test.dev"))).toHaveLength(1)
    })

    it("retries after a 4xx and gives up after the last attempt with a follow-up for the rep", async () => {
      const { customer } = await customerWithInvoices("greylist@test.dev", [{ number: "G-1", amount: 10 }])
      smtp.setMode({ kind: "reply", code: 451, message: "Greylisted, try again", on: "rcpt", times: 1 })
      await runAndDeliver(at("2026-03-23"))
      expect((await noticesOf(customer.id))[0]).toMatchObject({ status: "scheduled", attempts: 1 })
      expect(smtp.messages).toHaveLength(0)
      expect(await deliver("2026-03-23T15:00:00.000Z")).toMatchObject({ sent: 1 })
      // exactly one copy for the customer and one for the manager, despite the retry
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap.greylist@test.dev"], ["collections@acme-wholesale.test"]])

      const { customer: stubborn } = await customerWithInvoices("stubborn@test.dev", [{ number: "S-1", amount: 10 }], { rep_user_id: admin.userId })
      smtp.setMode({ kind: "reply", code: 421, message: "Service not available", on: "rcpt" })
      await runAndDeliver(at("2026-03-30"))
      await deliver("2026-03-31T09:00:00.000Z")
      await deliver("2026-04-01T09:00:00.000Z")
      const [notice] = await noticesOf(stubborn.id)
      expect(notice).toMatchObject({ status: "failed", attempts: 3 })
      const [followUp] = await dunning().listCollectionEvents({ customer_id: stubborn.id, type: "delivery_failed" })
      expect(followUp).toMatchObject({ follow_up_status: "open", assigned_to: admin.userId, notice_id: notice.id })
      expect(followUp.note).toMatch(/could not be delivered after 3 attempts/)

      // the admin sends it again once the mail server is fixed
      smtp.setMode({ kind: "accept" })
      const retried = await api.post(`/admin/dunning/notices/${notice.id}/retry`, { now: "2026-04-01T10:00:00.000Z" }, admin)
      expect(retried.data.notice).toMatchObject({ status: "sent", attempts: 1 })
      await expectStatus(api.post(`/admin/dunning/notices/${notice.id}/retry`, {}, admin), 400)
    })

    it("on a hard bounce fails over to the webhook, tells the rep, and skips the bad address next time", async () => {
      const { customer } = await customerWithInvoices("bounce@test.dev", [{ number: "B-1", amount: 10 }])
      smtp.setMode({ kind: "reply", code: 550, message: "No such mailbox", on: "rcpt", only: "ap.bounce@test.dev" })
      await runAndDeliver(at("2026-03-23"))
      const [notice] = await noticesOf(customer.id)
      expect(notice).toMatchObject({ status: "sent", channel: "webhook" })
      expect(webhook.received).toHaveLength(1)
      expect(webhook.received[0]).toMatchObject({ signatureValid: true, body: { to: customer.id, subject: expect.stringContaining("Overdue") } })
      const [followUp] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "delivery_failed" })
      expect(followUp.note).toMatch(/550/)
      const [profile] = await dunning().listCollectionProfiles({ customer_id: customer.id })
      expect(profile.email_failed_at).not.toBeNull()

      // the next notice goes straight to the webhook, without trying the bad address again
      smtp.setMode({ kind: "accept" })
      await runAndDeliver(at("2026-03-30"))
      expect(smtp.messages).toHaveLength(0)
      expect(webhook.received).toHaveLength(2)

      // fixing the billing e-mail brings e-mail back
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: ["finance@bounce.test"] }, admin)
      await runAndDeliver(at("2026-04-06"))
      expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(["finance@bounce.test", "collections@acme-wholesale.test"])
    })

    it("fails with a follow-up when no channel can carry the notice", async () => {
      const { data } = await api.get("/admin/dunning/policies", admin)
      const policy = data.policies[0]
      await api.post(`/admin/dunning/policies/${policy.id}`, { channels: ["email"] }, admin)
      const [silent] = await getContainer().resolve("customer").createCustomers([{ company_name: "No Mail Ltd", first_name: "Sam" }])
      await api.post(
        "/admin/dunning/receivables",
        { customer_id: silent.id, number: "N-1", currency_code: "eur", amount: 10, issued_at: "2026-02-14", due_at: DUE },
        admin
      )
      await api.post(`/admin/dunning/profiles/${silent.id}`, { rep_user_id: admin.userId }, admin)
      await runAndDeliver(at("2026-03-23"))
      const [notice] = await noticesOf(silent.id)
      expect(notice).toMatchObject({ status: "failed" })
      const [followUp] = await dunning().listCollectionEvents({ customer_id: silent.id, type: "delivery_failed" })
      expect(followUp).toMatchObject({ follow_up_status: "open", assigned_to: admin.userId })
      expect(followUp.note).toMatch(/email: the customer's collection profile has no billing e-mail/)
      expect(smtp.messages).toHaveLength(0)
    })

    it("sends no reminder for an invoice paid between the run and the delivery, even when the payment event was lost", async () => {
      // about the reminders alone: the invoice e-mails of its orders (on by default) are switched off
      const policies = (await api.get("/admin/dunning/policies", admin)).data.policies
      await api.post(`/admin/dunning/policies/${policies.find((p: any) => p.is_default).id}`, { send_invoice_on_issue: false }, admin)
      const { customer } = await createBusinessCustomer(getContainer(), {
        email: "ap@lostevent.test",
        company_name: "Lost Event",
        profile: { terms_days: 30, billing_emails: ["ap@lostevent.test"] },
      })
      const { order, paymentId } = await placeOrder(getContainer(), store, { customerId: customer.id, email: customer.email, quantity: 2 })
      const [receivable] = await dunning().listReceivables({ order_id: order.id })
      const runAt = new Date(new Date(receivable.due_at).getTime() + 6 * 86_400_000)
      // the mail server is down when the run's notice is first delivered: it waits for a retry
      await smtp.stop()
      await runAndDeliver(runAt.toISOString(), { customer_id: customer.id })
      expect((await noticesOf(customer.id))[0]).toMatchObject({ status: "scheduled", attempts: 1 })
      // …meanwhile the customer pays, but payment.captured never reaches the plugin
      await getContainer().resolve(Modules.PAYMENT).capturePayment({ payment_id: paymentId })
      expect((await dunning().listReceivables({ order_id: order.id }))[0].status).toBe("open")

      await smtp.start()
      await deliver(new Date(runAt.getTime() + 86_400_000).toISOString())
      const [notice] = await noticesOf(customer.id)
      expect(notice).toMatchObject({ status: "cancelled", cancel_reason: "paid before delivery" })
      expect(smtp.messages).toHaveLength(0)
      const [paid] = await dunning().listReceivables({ order_id: order.id })
      expect(paid.status).toBe("paid")
    })

    it("a delivery that dies after claiming leaves nothing stuck, and a message that went out is not sent again", async () => {
      const { customer } = await customerWithInvoices("crash@test.dev", [{ number: "C-1", amount: 10 }])
      // the run creates the notice (no delivery is set off when the batch is recorded directly)
      await dunning().processDunningBatch({
        now: new Date(at("2026-03-23")),
        run_id: null,
        limit: 100,
        customer_ids: [customer.id],
        describe: async (ids) => describeCustomers(getContainer(), ids, await loadPolicies(getContainer()), { force: true }),
      })
      // a worker claims it, sends it through the notification module, and dies before recording anything
      const [claimed] = await dunning().claimDeliverableNotices({ now: new Date(at("2026-03-23")), limit: 10, lease_seconds: 300 })
      expect(claimed.customer_id).toBe(customer.id)
      await getContainer().resolve(Modules.NOTIFICATION).createNotifications({
        to: "ap.crash@test.dev",
        channel: "email",
        template: "dunning-notice",
        content: { subject: "Overdue", html: "<p>C-1</p>", text: "C-1" },
        idempotency_key: `${claimed.idempotency_key}:email:${new Date(claimed.scheduled_for).getTime()}:1`,
      })
      expect(smtp.messages).toHaveLength(1)

      // while the dead worker's lease lasts, nobody else touches the notice
      expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 0 })
      // once it ends, the next delivery sees the attempt went out and records it instead of sending again
      await dbConnection.raw(`UPDATE dunning_notice SET delivery_lease_until = now() - interval '1 second' WHERE id = ?`, [claimed.id])
      expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 1, sent: 1 })
      expect(smtp.messages).toHaveLength(1)
      const [recorded] = await noticesOf(customer.id)
      expect(recorded).toMatchObject({ status: "sent", attempts: 2 })
    })

    it("a batch that outlives its lease leaves the notices another delivery took over, so none goes out twice", async () => {
      const now = new Date(at("2026-03-23"))
      const slow = await customerWithInvoices("slow@test.dev", [{ number: "S-1", amount: 10 }])
      const other = await customerWithInvoices("other@test.dev", [{ number: "O-1", amount: 10 }])
      await dunning().processDunningBatch({
        now,
        run_id: null,
        limit: 100,
        customer_ids: [slow.customer.id, other.customer.id],
        describe: async (ids) => describeCustomers(getContainer(), ids, await loadPolicies(getContainer()), { force: true }),
      })
      // worker A claims both notices, then stalls longer than its lease before sending
      const claimedByA = await dunning().claimDeliverableNotices({ now, limit: 10, lease_seconds: 300 })
      expect(claimedByA).toHaveLength(2)
      const stalled = claimedByA.find((n) => n.customer_id === slow.customer.id)!
      await dbConnection.raw(`UPDATE dunning_notice SET delivery_lease_until = now() - interval '1 second' WHERE id = ?`, [stalled.id])
      // worker B finds that notice free and delivers it
      expect(await deliver(at("2026-03-23"))).toMatchObject({ claimed: 1, sent: 1 })
      // (the collections manager's copies go to other addresses)
      const customerAddresses = () => smtp.messages.flatMap((m) => m.envelope.to.filter((a) => a.startsWith("ap."))).sort()
      expect(customerAddresses()).toEqual(["ap.slow@test.dev"])

      // worker A wakes up and goes on with its batch: it sends only what is still its own
      const tally = await deliverBatch(getContainer(), claimedByA, { now, options: dunning().getOptions(), store_name: "Test store" })
      expect(tally).toMatchObject({ claimed: 2, sent: 1, taken_over: 1 })
      expect(customerAddresses()).toEqual(["ap.other@test.dev", "ap.slow@test.dev"])
      const notices = await dunning().listNotices({ id: claimedByA.map((n) => n.id) }, { take: null })
      expect(notices.map((n) => [n.customer_id === slow.customer.id ? "slow" : "other", n.status, n.attempts]).sort()).toEqual([
        ["other", "sent", 1],
        ["slow", "sent", 2],
      ])
    })

    it("fails a notice whose stored template cannot be rendered, and tells the rep", async () => {
      const { customer } = await customerWithInvoices("tpl@test.dev", [{ number: "T-1", amount: 10 }])
      const [policy] = await dunning().listDunningPolicies({ is_default: true }, { relations: ["stages"] })
      const overdue = (policy as any).stages.find((s: any) => s.offset_days === 5)
      // written straight to the database, past the validation of the API
      await dbConnection.raw(`UPDATE dunning_stage SET body_html_template = '{{constructor.constructor "return process"}}' WHERE id = ?`, [overdue.id])
      await runAndDeliver(at("2026-03-23"))
      const [notice] = await noticesOf(customer.id)
      expect(notice.status).toBe("failed")
      expect(notice.last_error).toMatch(/^template: /)
      const [followUp] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "delivery_failed" })
      expect(followUp.note).toMatch(/template could not be rendered/)
      expect(smtp.messages).toHaveLength(0)
      expect(({} as any).constructor.constructor).toBe(Function)
    })

    it("writes to each customer in their language when the stage has a translation", async () => {
      const policy = (await api.get("/admin/dunning/policies", admin)).data.policies[0]
      const stages = policy.stages.map((s: any) =>
        s.offset_days === 5
          ? {
              ...s,
              translations: {
                de: {
                  subject_template: "Zahlungserinnerung: überfällige Rechnungen{{#if customer.company}} – {{customer.company}}{{/if}}",
                  body_html_template: "<p>Guten Tag {{customer.name}},</p>{{> invoiceTable}}",
                },
              },
            }
          : s
      )
      await api.post(`/admin/dunning/policies/${policy.id}`, { stages }, admin)
      await customerWithInvoices("kunde@test.dev", [{ number: "DE-1", amount: 480 }], { preferred_language: "de-AT" })
      await customerWithInvoices("client@test.dev", [{ number: "EN-1", amount: 480 }])
      await runAndDeliver(at("2026-03-23"))
      const german = smtp.messages.find((m) => m.envelope.to.includes("ap.kunde@test.dev"))!
      const english = smtp.messages.find((m) => m.envelope.to.includes("ap.client@test.dev"))!
      expect(german.subject).toBe("Zahlungserinnerung: überfällige Rechnungen – kunde GmbH")
      // Austrian German: "€ 480,00"
      expect(String(german.html)).toMatch(/€\s480,00/)
      expect(String(german.html)).toContain("Guten Tag")
      expect(english.subject).toBe("Notification of Overdue Invoices – client GmbH")
    })

    describe("template preview", () => {
      it("renders saved or edited templates for a real customer or sample data, and points at errors by line", async () => {
        const { customer } = await customerWithInvoices("preview@test.dev", [{ number: "PV-1", amount: 480 }], { preferred_language: "de" })
        const policy = (await api.get("/admin/dunning/policies", admin)).data.policies[0]
        const stage = policy.stages.find((s: any) => s.offset_days === 5)

        // the customer reads German: the preview is the German notice, as the customer would receive it
        const real = await api.post("/admin/dunning/templates/preview", { stage_id: stage.id, customer_id: customer.id, now: at("2026-03-23") }, admin)
        expect(real.data.subject).toBe("Zahlungserinnerung – überfällige Rechnungen – preview GmbH")
        expect(real.data.html).toContain("PV-1")
        expect(real.data.html).toContain("Tage überfällig")
        expect(real.data.html).toMatch(/480,00\s€/)
        const english = await api.post("/admin/dunning/templates/preview", { stage_id: stage.id, customer_id: customer.id, language: "en", now: at("2026-03-23") }, admin)
        expect(english.data.subject).toBe("Notification of Overdue Invoices – preview GmbH")
        expect(english.data.html).toContain("€480.00")
        expect(real.data.text).toContain("PV-1")

        const edited = await api.post(
          "/admin/dunning/templates/preview",
          { subject_template: "Hello {{customer.company}}", body_html_template: "<p>{{#each totals}}{{money outstanding currency_code}}{{/each}}</p>" },
          admin
        )
        expect(edited.data).toMatchObject({ sample: true })
        expect(edited.data.subject).toMatch(/^Hello /)

        const broken = await expectStatus(
          api.post("/admin/dunning/templates/preview", { subject_template: "Hi", body_html_template: "<p>ok</p>\n<p>{{customer.nmae}}</p>" }, admin),
          400
        )
        expect(broken.problems[0]).toMatchObject({ field: "body_html", line: 2 })
        expect(broken.problems[0].message).toMatch(/customer.nmae/)
        await expectStatus(api.post("/admin/dunning/templates/preview", { subject_template: "x" }, admin), 400)
        await expectStatus(api.post("/admin/dunning/templates/preview", { stage_id: "dstg_ghost" }, admin), 404)

        const { data } = await api.get("/admin/dunning/templates/variables", admin)
        expect(data.variables.map((v: any) => v.name)).toEqual(expect.arrayContaining(["customer.company", "receivables", "money", "invoiceTable"]))
      })
    })
  },
})
