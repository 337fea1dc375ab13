// notices go to an in-process SMTP server (read when the host app boots)
const SMTP_PORT = 2800 + Number(process.env.JEST_WORKER_ID ?? 1)
process.env.DUNNING_SMTP_PORT = String(SMTP_PORT)

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import dunningRiskJob from "../../src/jobs/dunning-risk"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { SmtpPeer } from "../helpers/smtp-peer"
import { seedTwoHistories } from "../helpers/risk-histories"

jest.setTimeout(240_000)

/*
 * Sequences by risk and suggestions from the pattern, on the history of risk.spec.ts (see there):
 * Prompt Foods pays on time and is "low"; Slow Trading pays 30 days late, breaks a promise to pay S-5 by
 * 25 May and is "medium" on 1 June; a second promise, for 5 June, broken too, takes it to "high" on 15 June.
 * Nobody has been sent a notice yet. On Monday 15 June at 09:00 the dunning run finds P-5 36 days and S-5
 * 31 days overdue:
 *  - under the default policy (escalation at 45 days) both get the overdue notice, nobody is escalated;
 *  - with the shipped "High risk" policy enabled (escalation at 21 days), Slow Trading moves to it: its
 *    notice is sent under it, it is escalated, and its history says "Policy changed: risk medium → high".
 * Suggestions: Slow broke two promises in the last 90 days (deadlines 27 May and 7 June): "ask for a partial
 * payment today"; Prompt's history suggests nothing: the usual "call the customer".
 */
const NOW1 = "2026-06-01T02:40:00.000Z"
const NOW2 = "2026-06-15T02:40:00.000Z"
const RUN = "2026-06-15T09:00:00.000Z"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: AdminSession
    let prompt: string
    let slow: string
    let ids: Record<string, string> = {}
    let pay: Awaited<ReturnType<typeof seedTwoHistories>>["pay"]
    let promise: Awaited<ReturnType<typeof seedTwoHistories>>["promise"]
    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const get = async (url: string) => (await api.get(url, admin)).data

    const smtp = new SmtpPeer(SMTP_PORT)
    afterAll(async () => {
      await smtp.stop()
    })

    beforeAll(async () => {
      await smtp.start()
      admin = await createAdminSession(getContainer())
      const history = await seedTwoHistories(api as any, admin, getContainer(), NOW1)
      prompt = history.prompt
      slow = history.slow
      ids = history.ids
      pay = history.pay
      promise = history.promise
      await dunningRiskJob(getContainer(), { scheduledFor: new Date(NOW1) })
      await promise(slow, { promised_date: "2026-06-05", now: "2026-06-01T09:00:00.000Z" })
      await dunningRiskJob(getContainer(), { scheduledFor: new Date(NOW2) })
    })

    const policies = async () => (await get("/admin/dunning/policies")).policies
    const events = async (customerId: string) =>
      (await dunning().listCollectionEvents({ customer_id: customerId }, { take: null, order: { occurred_at: "ASC" } })) as any[]
    const noticesOf = async (customerId: string) => (await dunning().listNotices({ customer_id: customerId })) as any[]


    it("ships a High risk policy, disabled, stricter than the default", async () => {
      const [standard, highRisk, ...others] = await policies()
      expect(others).toEqual([])
      expect(standard).toMatchObject({ name: "Standard collections", is_default: true, risk_bands: [] })
      expect(highRisk).toMatchObject({ name: "High risk", enabled: false, risk_bands: ["high"], tolerance_days: 2, resend_days: 4 })
      const escalation = (p: any) => p.stages.find((s: any) => s.action === "escalate").offset_days
      expect([escalation(standard), escalation(highRisk)]).toEqual([45, 21])
      // disabled: the run chases Slow Trading under the default policy, and nobody is escalated yet
      const { result } = await runDunningWorkflow(getContainer()).run({ input: { now: RUN } })
      expect(result.totals.escalations_created).toBe(0)
      expect((await noticesOf(slow)).map((n) => n.policy_id)).toEqual([standard.id])
      expect((await events(slow)).filter((e) => e.title === "Policy changed")).toEqual([])
    })

    it("moves a customer who went high to the enabled High risk policy at the next run, and says so once", async () => {
      const [standard, highRisk] = await policies()
      await api.post(`/admin/dunning/policies/${highRisk.id}`, { enabled: true }, admin)
      const { result } = await runDunningWorkflow(getContainer()).run({ input: { now: RUN } })
      expect(result.totals.notices_created).toBe(2)

      // two histories, two policies
      expect((await noticesOf(slow)).map((n) => n.policy_id)).toEqual([highRisk.id])
      expect((await noticesOf(prompt)).map((n) => n.policy_id)).toEqual([standard.id])
      const slowEvents = await events(slow)
      expect(slowEvents.filter((e) => e.title === "Policy changed").map((e) => [e.type, e.note, e.occurred_at.toISOString()])).toEqual([
        ["note", "Policy changed: risk medium → high, now under 'High risk'", RUN],
      ])
      expect((await events(prompt)).filter((e) => e.title === "Policy changed")).toEqual([])
      // the escalation's next step comes from Slow Trading's own pattern

      // a week later, 38 days overdue: escalated under High risk (21 days), not under the default (45) at 43 days;
      // the escalation's next step comes from Slow Trading's own pattern, and the move is not said again
      const later = await runDunningWorkflow(getContainer()).run({ input: { now: "2026-06-22T09:00:00.000Z" } })
      expect(later.result.totals.escalations.map((e: any) => [e.customer_id, e.note])).toEqual([
        [slow, "1 notice unanswered, 38 days overdue, 1,500.00 EUR: broke 2 promises in 90 days: ask for a partial payment today"],
      ])
      expect((await events(slow)).filter((e) => e.title === "Policy changed")).toHaveLength(1)
    })

    it("gives each customer of the call list the suggestion its own history makes", async () => {
      await runDunningWorkflow(getContainer()).run({ input: { now: RUN } })
      const followUps = (await get(`/admin/dunning/follow-ups?now=${RUN}&order=risk`)).follow_ups
      const suggestionOf = new Map(followUps.map((f: any) => [f.customer_id, f.suggestion]))
      expect(suggestionOf.get(slow)).toEqual({ code: "broken_promises", params: { count: 2, days: 90 } })
      expect(suggestionOf.get(prompt)).toEqual({ code: "call_now", params: { long_overdue: 0 } })
    })

    it("shows the channel after which a customer paid: e-mail delivered, paid within 14 days", async () => {
      smtp.messages = []
      await api.post(`/admin/dunning/profiles/${prompt}`, { billing_emails: ["ap@prompt.test"] }, admin)
      await runDunningWorkflow(getContainer()).run({ input: { now: RUN } })
      await deliverNoticesWorkflow(getContainer()).run({ input: { now: RUN } })
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["ap@prompt.test"]])
      const after = "2026-06-21T00:00:00.000Z"
      expect((await get(`/admin/customers/${prompt}/risk?now=${after}`)).channel_that_worked).toBeNull()
      // five days after the notice: it worked
      await pay("P-5", 2000, "2026-06-20T10:00:00.000Z")
      expect((await get(`/admin/customers/${prompt}/risk?now=${after}`)).channel_that_worked).toEqual({ channel: "email", payments: 1, within_days: 14 })
      // Slow Trading's notice could not be delivered (no billing e-mail): nothing worked
      expect((await get(`/admin/customers/${slow}/risk?now=${after}`)).channel_that_worked).toBeNull()
    })

    it("refuses a risk band that does not exist, and risk bands on the default policy, changing nothing", async () => {
      const [standard, highRisk] = await policies()
      const purple = await expectStatus(api.post(`/admin/dunning/policies/${highRisk.id}`, { risk_bands: ["purple"] }, admin), 400)
      expect(purple.message).toContain("risk_bands")
      const onDefault = await expectStatus(api.post(`/admin/dunning/policies/${standard.id}`, { risk_bands: ["high"] }, admin), 400)
      expect(onDefault.message).toContain("risk_bands")
      expect((await policies()).map((p: any) => p.risk_bands)).toEqual([[], ["high"]])
    })
  },
})
