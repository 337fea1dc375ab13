// This host app runs the plugin as a merchant runs it in production: with `allowTimeTravel` off (the
// repository's medusa-config.ts turns it on for every other test host unless told otherwise).
process.env.DUNNING_ALLOW_TIME_TRAVEL = "false"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DELIVERY_LEASE } from "../../src/jobs/dunning-deliver"
import { SCHEDULED_RUN_LEASE } from "../../src/jobs/dunning-run"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { expectStatus } from "../helpers/http"
import { createBusinessCustomer } from "../helpers/store"

jest.setTimeout(120_000)

const REFUSED = "now: only accepted when the plugin option allowTimeTravel is true"
const NOW = "2026-11-20T09:00:00.000Z"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    let customerId: string
    let receivableId: string
    let eventId: string

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)

    beforeAll(async () => {
      admin = await createAdminSession(getContainer())
      // the scheduled jobs act at the wall clock too: their leases keep them from changing what is compared here
      for (const name of [DELIVERY_LEASE, SCHEDULED_RUN_LEASE]) {
        await dunning().acquireLease({ name, holder: "time-travel-test", until: new Date(Date.now() + 86_400_000), now: new Date() })
      }
      customerId = (await createBusinessCustomer(getContainer(), { email: "ap@present.test", company_name: "Present Tense" })).customer.id
      await api.post(`/admin/dunning/profiles/${customerId}`, { billing_emails: ["ap@present.test"] }, admin)
      const issued = new Date(Date.now() - 60 * 86_400_000)
      const created = await api.post(
        "/admin/dunning/receivables",
        {
          customer_id: customerId,
          number: "NOW-1",
          external_ref: "NOW-1",
          currency_code: "eur",
          amount: 500,
          issued_at: issued.toISOString(),
          due_at: new Date(issued.getTime() + 30 * 86_400_000).toISOString(),
        },
        admin
      )
      receivableId = created.data.receivable.id
      const event = await api.post(`/admin/customers/${customerId}/collection-events`, { type: "call_logged", outcome: "no_answer", follow_up: true }, admin)
      eventId = event.data.collection_event.id
    })

    /** Every dunning table's row count and the fields that change when anything happens to the receivable. */
    const state = async () => {
      const { rows: tables } = await dbConnection.raw(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'dunning_%' ORDER BY table_name"
      )
      const counts: Record<string, number> = {}
      for (const { table_name } of tables) {
        counts[table_name] = (await dbConnection.raw(`SELECT count(*)::int AS n FROM "${table_name}"`)).rows[0].n
      }
      const { rows } = await dbConnection.raw(
        "SELECT number, amount_paid, status, next_action_at, hold_until, hold_reason, updated_at FROM dunning_receivable WHERE id = ?",
        [receivableId]
      )
      const events = await dbConnection.raw("SELECT note, follow_up_status, updated_at FROM dunning_collection_event ORDER BY id")
      return { counts, receivable: rows[0], events: events.rows }
    }

    it("refuses `now` on every admin route with a 400 naming the option, and changes nothing", async () => {
      const before = await state()
      const invoice = { customer_id: customerId, number: "NOW-2", currency_code: "eur", amount: 10, issued_at: "2026-10-01", due_at: "2026-11-01" }
      const requests: Array<[string, () => Promise<unknown>]> = [
        ["start a run", () => api.post("/admin/dunning/runs", { now: NOW }, admin)],
        ["preview a run", () => api.post("/admin/dunning/runs", { now: NOW, dry_run: true }, admin)],
        ["send a customer's next reminder", () => api.post("/admin/dunning/runs", { now: NOW, customer_id: customerId }, admin)],
        ["list receivables", () => api.get(`/admin/dunning/receivables?overdue=true&now=${NOW}`, admin)],
        ["create a receivable", () => api.post("/admin/dunning/receivables", { ...invoice, now: NOW }, admin)],
        ["import receivables", () => api.post("/admin/dunning/receivables/batch", { receivables: [{ ...invoice, external_ref: "NOW-2" }], now: NOW }, admin)],
        ["change a receivable", () => api.post(`/admin/dunning/receivables/${receivableId}`, { number: "NOW-1-A", now: NOW }, admin)],
        ["book a payment", () => api.post(`/admin/dunning/receivables/${receivableId}/payments`, { amount: 10, external_ref: "BANK-NOW", now: NOW }, admin)],
        ["record an event", () => api.post(`/admin/customers/${customerId}/collection-events`, { type: "note", note: "Called back", now: NOW }, admin)],
        ["work a follow-up", () => api.post(`/admin/dunning/events/${eventId}`, { follow_up_status: "done", now: NOW }, admin)],
        ["place a hold", () => api.post("/admin/dunning/holds", { customer_id: customerId, reason: "Audit", until: "2026-12-20", now: NOW }, admin)],
        ["release a hold", () => api.post("/admin/dunning/holds/release", { customer_id: customerId, now: NOW }, admin)],
        ["send a failed notice again", () => api.post("/admin/dunning/notices/dntc_any/retry", { now: NOW }, admin)],
        ["preview a template", () => api.post("/admin/dunning/templates/preview", { subject_template: "Hi", body_html_template: "<p>Hi</p>", now: NOW }, admin)],
        ["read the aging", () => api.get(`/admin/dunning/aging?now=${NOW}`, admin)],
        ["read the KPIs", () => api.get(`/admin/dunning/kpis?now=${NOW}`, admin)],
        ["read a customer's summary", () => api.get(`/admin/customers/${customerId}/collection-summary?now=${NOW}`, admin)],
        ["list overdue receivables", () => api.get(`/admin/dunning/overdue?now=${NOW}`, admin)],
        ["read the call list", () => api.get(`/admin/dunning/follow-ups?now=${NOW}`, admin)],
      ]
      for (const [label, request] of requests) {
        const body = await expectStatus(request(), 400, label)
        expect({ label, message: body.message }).toEqual({ label, message: REFUSED })
      }
      expect(await state()).toEqual(before)
    })

    it("acts at the wall clock when no `now` is passed", async () => {
      // the invoice fell due 30 days ago: overdue now, whatever today is
      const overdue = await api.get("/admin/dunning/receivables?overdue=true", admin)
      expect(overdue.data.receivables.map((r: any) => r.id)).toEqual([receivableId])
      const before = Date.now()
      const preview = await api.post("/admin/dunning/runs", { dry_run: true }, admin)
      expect(preview.data).toMatchObject({ dry_run: true, run: null })
      const asOf = new Date(preview.data.as_of).getTime()
      expect(asOf).toBeGreaterThanOrEqual(before)
      expect(asOf).toBeLessThanOrEqual(Date.now())
    })
  },
})
