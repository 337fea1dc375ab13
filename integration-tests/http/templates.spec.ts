// Notices go to an in-process SMTP server and are delivered as soon as a run ends.
const SMTP_PORT = 3390 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)
process.env.DUNNING_DELIVER_AFTER_RUN = "true"

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { closeRenderPool } from "../../src/modules/dunning/templates"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { runDunningNow } from "../helpers/dunning-run"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(180_000)

const DUE = "2026-03-16T00:00:00.000Z"
const RUN_AT = "2026-03-23T09:00:00.000Z"
// repeats the customer's name for every invoice: far more than 256 KB for the largest notice
const COSTLY = `{{#each receivables}}${"{{@root.customer.name}} ".repeat(2500)}{{/each}}`
// passes every check a template gets without data, and is too large with a single invoice
const TOO_LARGE_WITH_ANY_DATA = "{{> invoiceTable}}".repeat(300)

/**
 * Templates in a running app: saved, previewed and delivered through the render workers. A template too
 * costly for the largest notice is refused when saved, one that is too large at delivery fails that
 * notice with a follow-up for the rep, and a blank translation never replaces the stage's own template.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    const smtp = new SmtpPeer(SMTP_PORT)

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
    })
    afterAll(async () => {
      await smtp.stop()
      await closeRenderPool()
    })
    beforeEach(() => {
      smtp.messages = []
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const defaultPolicy = async () => (await api.get("/admin/dunning/policies", admin)).data.policies.find((p: any) => p.is_default)
    const overdueStage = (policy: any) => policy.stages.find((s: any) => s.action === "send" && s.offset_days > 0)

    const customerWithInvoice = async (email: string, profile: Record<string, unknown> = {}) => {
      const { customer } = await createBusinessCustomer(getContainer(), { email, company_name: `${email.split("@")[0]} GmbH` })
      await api.post(`/admin/dunning/profiles/${customer.id}`, { billing_emails: [`ap.${email}`], rep_user_id: admin.userId, ...profile }, admin)
      await api.post(
        "/admin/dunning/receivables/batch",
        { receivables: [{ customer_id: customer.id, number: `INV-${email}`, external_ref: email, currency_code: "eur", amount: 480, issued_at: "2026-02-14", due_at: DUE }] },
        admin
      )
      return customer
    }
    const runAndDeliver = async () => {
      const delivered = TestEventUtils.waitSubscribersExecution("dunning.run.completed", getContainer().resolve(Modules.EVENT_BUS))
      await runDunningNow(api, admin, { now: RUN_AT })
      await delivered
    }

    it("stores a blank translation as none and sends that language the stage's own template", async () => {
      const policy = await defaultPolicy()
      const overdue = overdueStage(policy)
      const stages = policy.stages.map((s: any) =>
        s.id === overdue.id ? { ...s, translations: { de: { subject_template: "", body_html_template: "  ", body_text_template: "" } } } : s
      )
      await api.post(`/admin/dunning/policies/${policy.id}`, { stages }, admin)
      expect(overdueStage(await defaultPolicy()).translations).toBeNull()

      await customerWithInvoice("kunde@test.dev", { preferred_language: "de" })
      await runAndDeliver()
      expect(smtp.messages.map((m) => [m.envelope.to, m.subject])).toEqual([[["ap.kunde@test.dev"], "Notification of Overdue Invoices – kunde GmbH"]])
    })

    it("refuses a template too costly for the largest notice with a 400 naming the field, and changes nothing", async () => {
      const policy = await defaultPolicy()
      const index = policy.stages.findIndex((s: any) => s.action === "send" && s.offset_days > 0)
      const stages = policy.stages.map((s: any, i: number) => (i === index ? { ...s, translations: { fr: { body_html_template: COSTLY } } } : s))
      const refused = await expectStatus(api.post(`/admin/dunning/policies/${policy.id}`, { stages }, admin), 400)
      expect(refused.message).toContain(`stages.${index}.translations.fr.body_html_template: For the largest notice (50 invoices, the longest names and links): the notice would be larger than 256 KB`)
      expect(overdueStage(await defaultPolicy())).toEqual(overdueStage(policy))

      const preview = await expectStatus(api.post("/admin/dunning/templates/preview", { subject_template: "Hi", body_html_template: COSTLY }, admin), 400)
      expect(preview.problems).toEqual([expect.objectContaining({ field: "body_html", message: expect.stringMatching(/^For the largest notice .*larger than 256 KB$/) })])
    })

    it("fails a notice whose stored template is too large at delivery, and tells the rep", async () => {
      const policy = await defaultPolicy()
      // written straight to the database, past the check when saving
      await dbConnection.raw(`UPDATE dunning_stage SET body_html_template = ? WHERE id = ?`, [TOO_LARGE_WITH_ANY_DATA, overdueStage(policy).id])
      const customer = await customerWithInvoice("large@test.dev")
      await runAndDeliver()

      const [notice] = await dunning().listNotices({ customer_id: customer.id }, { take: null })
      expect(notice).toMatchObject({ status: "failed", last_error: "template: body_html: The notice would be larger than 256 KB" })
      const [followUp] = await dunning().listCollectionEvents({ customer_id: customer.id, type: "delivery_failed" })
      expect(followUp.note).toMatch(/its template could not be rendered \(body_html: The notice would be larger than 256 KB\)/)
      expect(smtp.messages).toHaveLength(0)
    })
  },
})
