// Notices go to an in-process SMTP server.
const SMTP_PORT = 3390 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { variantFor } from "../../src/modules/dunning/domain/template-variants"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { createBusinessCustomer } from "../helpers/store"
import { closeRenderPool } from "../../src/modules/dunning/templates"

jest.setTimeout(240_000)

/*
 * Template versions and variants through the admin API and real runs. The default policy's overdue stage
 * (+5) gets a variant B for 50% of customers. Customers are added until each variant has two; each owes
 * one EUR invoice due 2026-04-01 (100, 200, 300 … by order of creation), reminded on Monday 04-06 09:00.
 * Those who read B pay on 04-10 (within 14 days); the first who reads A pays on 04-30 (within 30 days,
 * not 14); the other A customers do not pay. KPI period [2026-04-01, 2026-05-01), now 2026-05-15.
 */
const NOW = "2026-05-15T12:00:00.000Z"
const B = {
  subject_template: "Please settle {{#each totals}}{{money outstanding currency_code}}{{/each}} today",
  body_html_template: "<p>Dear {{customer.name}}, a short note: {{> invoiceTable}}</p>",
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let policy: any
    let overdue: any
    const customers: Array<{ id: string; amount: number; variant: "A" | "B"; receivable: string }> = []
    const smtp = new SmtpPeer(SMTP_PORT)

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const savePolicy = (stages: any[]) => api.post(`/admin/dunning/policies/${policy.id}`, { stages }, admin)
    const withVariant = (variant: Record<string, unknown>) =>
      policy.stages.map((s: any) => (s.id === overdue.id ? { ...s, ...variant } : s))
    // the database is restored before each test: each one that needs variant B saves it
    const saveVariantB = async () => (await savePolicy(withVariant({ variant_b: B, variant_split: 50 }))).data.policy

    afterAll(async () => {
      await smtp.stop()
      await closeRenderPool()
    })

    beforeAll(async () => {
      await smtp.start()
      const container = getContainer()
      admin = await createAdminSession(container)
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE]) {
        await dunning().acquireLease({ name, holder: "variants-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
      const { policies } = (await api.get("/admin/dunning/policies", admin)).data
      policy = policies.find((p: any) => p.is_default)
      overdue = policy.stages.find((s: any) => s.offset_days === 5)
    })

    it("keeps version 1 of each stage, adds a version when the wording changes, and refuses a bad variant B", async () => {
      const before = await dunning().listTemplateVersions({ stage_id: overdue.id }, { order: { version: "ASC" } })
      expect(before.map((v: any) => [v.version, v.variant_b])).toEqual([[1, null]])

      // a share out of bounds, or a variant B that does not compile, answers 400 naming the field, and changes nothing
      const bounds = await expectStatus(savePolicy(withVariant({ variant_b: B, variant_split: 100 })), 400)
      expect(bounds.message).toMatch(/variant_split/)
      const broken = await expectStatus(savePolicy(withVariant({ variant_b: { ...B, body_html_template: "<p>{{#if customer.name}}</p>" }, variant_split: 50 })), 400)
      expect(broken.message).toMatch(/stages\.\d\.variant_b\.body_html_template/)
      const noShare = await expectStatus(savePolicy(withVariant({ variant_b: B })), 400)
      expect(noShare.message).toMatch(/variant_split: is required with a variant B/)
      expect(await dunning().listTemplateVersions({ stage_id: overdue.id })).toHaveLength(1)

      const saved = await saveVariantB()
      expect(saved.stages.find((s: any) => s.id === overdue.id)).toMatchObject({ variant_b: expect.objectContaining(B), variant_split: 50 })
      const after = await dunning().listTemplateVersions({ stage_id: overdue.id }, { order: { version: "ASC" } })
      expect(after.map((v: any) => [v.version, v.variant_split, v.created_by])).toEqual([[1, null, null], [2, 50, admin.userId]])
      const [stage] = await dunning().listDunningStages({ id: overdue.id })
      expect(stage.template_version_id).toBe(after[1].id)

      // saved again as it is: no new version
      await savePolicy(saved.stages)
      expect(await dunning().listTemplateVersions({ stage_id: overdue.id })).toHaveLength(2)
    })

    it("previews variant B of the saved stage", async () => {
      await saveVariantB()
      const { data } = await api.post("/admin/dunning/templates/preview", { stage_id: overdue.id, variant: "B" }, admin)
      expect(data.subject).toMatch(/^Please settle /)
      expect(data.html).toContain("a short note")
      const none = await expectStatus(api.post("/admin/dunning/templates/preview", { stage_id: policy.stages[0].id, variant: "B" }, admin), 400)
      expect(none.message).toMatch(/variant: this stage has no variant B/)
    })

    it("sends each customer its variant, records the version on each notice, and the KPIs compare both variants", async () => {
      const container = getContainer()
      await saveVariantB()
      for (let i = 0; customers.filter((c) => c.variant === "A").length < 2 || customers.filter((c) => c.variant === "B").length < 2; i++) {
        expect(i).toBeLessThan(40)
        const { customer } = await createBusinessCustomer(container, {
          email: `ap${i}@variant.test`,
          company_name: `Variant ${i}`,
          profile: { billing_emails: [`ap${i}@variant.test`] },
        })
        const amount = (i + 1) * 100
        const { data } = await api.post(
          "/admin/dunning/receivables",
          { customer_id: customer.id, number: `V-${i}`, external_ref: `V-${i}`, currency_code: "eur", amount, issued_at: "2026-03-01", due_at: "2026-04-01" },
          admin
        )
        customers.push({ id: customer.id, amount, variant: variantFor(customer.id, overdue.id, { variant_b: B as any, variant_split: 50 }), receivable: data.receivable.id })
      }
      await runDunningWorkflow(container).run({ input: { now: "2026-04-06T09:00:00.000Z", trigger: "manual" } })
      await deliverNoticesWorkflow(container).run({ input: { now: "2026-04-06T09:00:00.000Z" } })

      const [version2] = await dunning().listTemplateVersions({ stage_id: overdue.id, version: 2 })
      const sent = await dunning().listNotices({ status: "sent", customer_id: customers.map((c) => c.id) }, { take: null })
      expect(sent).toHaveLength(customers.length)
      for (const notice of sent as any[]) {
        const customer = customers.find((c) => c.id === notice.customer_id)!
        expect([notice.stage_id, notice.template_version_id, notice.template_variant]).toEqual([overdue.id, version2.id, customer.variant])
        expect(notice.subject.startsWith("Please settle ")).toBe(customer.variant === "B")
      }

      // what the SMTP server received says the same
      const subjects = smtp.messages.map((m) => m.subject ?? "")
      expect(subjects.filter((subject) => subject.startsWith("Please settle "))).toHaveLength(customers.filter((c) => c.variant === "B").length)
      expect(subjects).toHaveLength(customers.length)

      const readB = customers.filter((c) => c.variant === "B")
      const readA = customers.filter((c) => c.variant === "A")
      const pay = (c: (typeof customers)[number], paid_at: string) =>
        api.post(`/admin/dunning/receivables/${c.receivable}/payments`, { amount: c.amount, paid_at, external_ref: `pay-${c.id}` }, admin)
      for (const c of readB) {
        await pay(c, "2026-04-10T10:00:00Z")
      }
      await pay(readA[0], "2026-04-30T10:00:00Z")

      const sum = (list: typeof customers) => list.reduce((t, c) => t + c.amount, 0)
      const kpis = async (days: number) =>
        (await api.get(`/admin/dunning/kpis?from=2026-04-01&to=2026-05-01&paid_within_days=${days}&now=${NOW}`, admin)).data.kpis
      const eur14 = (await kpis(14)).currencies.find((c: any) => c.currency_code === "eur")
      expect(eur14.collection_rate_by_variant).toEqual([
        {
          stage_id: overdue.id,
          stage_name: overdue.name,
          channel: "email",
          a: { variant: "A", notices: readA.length, receivables: readA.length, paid_count: 0, paid_rate: 0, amount: sum(readA), recovered_amount: 0 },
          b: { variant: "B", notices: readB.length, receivables: readB.length, paid_count: readB.length, paid_rate: 1, amount: sum(readB), recovered_amount: sum(readB) },
          test: { status: "not_enough_data", min_per_arm: 30, z: null, p_value: null, difference: 1 },
        },
      ])
      const eur30 = (await kpis(30)).currencies.find((c: any) => c.currency_code === "eur")
      expect(eur30.collection_rate_by_variant[0].a).toMatchObject({ paid_count: 1, recovered_amount: readA[0].amount })
      expect(eur30.collection_rate_by_variant[0].b).toMatchObject({ paid_count: readB.length, recovered_amount: sum(readB) })
    })
  },
})
