import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import DunningModuleService from "../service"

jest.setTimeout(60_000)

const NOW = new Date("2026-07-15T12:00:00Z")
const d = (iso: string) => new Date(iso)

/**
 * Invoice e-mails (notices of kind `invoice`) beside the reminders: the customer's summary counts the
 * reminders sent and failed, never the invoice e-mails, and reads them from the partial index of reminders
 * alone; a dry run of the planning lists the invoice e-mails it would create and writes nothing.
 */
moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-summary-kinds-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service, MikroOrmWrapper }) => {
    let n = 0
    const notice = (kind: "reminder" | "invoice", status: "sent" | "failed", at: string) => ({
      customer_id: "cus_k",
      kind,
      stage_id: kind === "reminder" ? "dstg_over" : null,
      stage_name: kind === "reminder" ? "Overdue" : "Invoice",
      stage_offset_days: kind === "reminder" ? 5 : 0,
      channel: "email",
      status,
      recipients: { to: ["ap@example.com"], cc: [], bcc: [], reply_to: null },
      receivable_ids: [`rcv_${++n}`],
      lines: [],
      totals: [],
      scheduled_for: d(at),
      sent_at: status === "sent" ? d(at) : null,
      failed_at: status === "failed" ? d(at) : null,
      idempotency_key: `kind-test-${n}`,
    })

    it("counts the reminders sent and failed, not the invoice e-mails, and dates the last reminder", async () => {
      await service.createNotices([
        notice("invoice", "sent", "2026-05-01T09:00:00Z"),
        notice("reminder", "sent", "2026-06-01T09:00:00Z"),
        notice("invoice", "sent", "2026-07-10T09:00:00Z"),
        notice("invoice", "failed", "2026-07-11T09:00:00Z"),
        notice("reminder", "failed", "2026-07-12T09:00:00Z"),
      ] as any)
      const summary = await service.getCollectionSummary({ customer_id: "cus_k", now: NOW })
      expect(summary).toMatchObject({ notices_sent: 1, notices_failed: 1, last_notice_at: d("2026-06-01T09:00:00Z") })
    })

    it("lists the invoice e-mails a dry run would plan, writes nothing, and plans them when it is not a dry run", async () => {
      const [invoice] = await service.createReceivables([
        {
          customer_id: "cus_p",
          order_id: "order_p",
          number: "INV-P1",
          currency_code: "eur",
          amount: 100,
          issued_at: d("2026-07-14T10:00:00Z"),
          due_at: d("2026-08-13T10:00:00Z"),
          invoice_email_at: d("2026-07-14T10:00:00Z"),
        },
      ] as any)
      const customer = {
        customer_id: "cus_p",
        policy_id: "dpol_p",
        recipients: { to: ["ap@p.test"], cc: [], bcc: [], reply_to: null },
        do_not_dun: false,
        language: "fr",
      }
      const plan = (dry_run: boolean) =>
        service.planInvoiceEmails({
          now: NOW,
          run_id: null,
          limit: 10,
          channel: "email",
          describe: async () => [customer as any],
          settingsOf: () => ({ send_invoice_on_issue: true }),
          dry_run,
        })
      const preview = await plan(true)
      expect(preview).toEqual({
        claimed: 1,
        notice_ids: [],
        not_sent: 0,
        preview: [{ receivable_id: invoice.id, customer_id: "cus_p", policy_id: "dpol_p", channel: "email", recipients: customer.recipients, language: "fr" }],
      })
      expect(await service.listNotices({ customer_id: "cus_p" })).toEqual([])
      expect((await service.retrieveReceivable(invoice.id)).invoice_email_at).toEqual(d("2026-07-14T10:00:00Z"))

      const planned = await plan(false)
      expect(planned).toMatchObject({ claimed: 1, not_sent: 0, preview: [] })
      const notices = await service.listNotices({ customer_id: "cus_p" })
      expect(notices.map((x: any) => [x.id, x.kind, x.receivable_ids])).toEqual([[planned.notice_ids[0], "invoice", [invoice.id]]])
      expect((await service.retrieveReceivable(invoice.id)).invoice_email_at).toBeNull()
    })

    it("reads the reminders' counts from the partial index of reminders alone", async () => {
      const manager = MikroOrmWrapper.forkManager()
      await manager.execute("SET enable_seqscan = off")
      const plan = await manager.execute(
        `EXPLAIN SELECT count(*) FILTER (WHERE status = 'sent' AND sent_at >= now() - interval '1 year')
           FROM dunning_notice
          WHERE customer_id = 'cus_k' AND deleted_at IS NULL AND kind = 'reminder' AND status IN ('sent', 'failed')`
      )
      const text = plan.map((row: any) => row["QUERY PLAN"]).join("\n")
      expect(text).toMatch(/Index Only Scan using "?IDX_dunning_notice_customer_reminder_status"?/)
    })
  },
})
