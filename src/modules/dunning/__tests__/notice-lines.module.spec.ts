import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import DunningModuleService from "../service"

jest.setTimeout(60_000)

const AT = new Date("2026-03-02T09:00:00Z")
const SENT = new Date("2026-03-02T09:05:00Z")

const line = (id: string, currency_code: string, outstanding: string) => ({
  id,
  number: id,
  currency_code,
  amount: outstanding,
  amount_paid: "0",
  outstanding,
  issued_at: "2026-01-01T00:00:00.000Z",
  due_at: "2026-01-31T00:00:00.000Z",
  days_overdue: 30,
})

const receivable = (number: string) => ({
  customer_id: "cus_lines",
  number,
  currency_code: "eur",
  amount: 100,
  issued_at: new Date("2026-01-01T00:00:00Z"),
  due_at: new Date("2026-01-31T00:00:00Z"),
})

const payment = (receivable_id: string, ref: string, amount: string, paid_at: Date, kind: "payment" | "refund" = "payment") => ({
  receivable_id,
  kind,
  amount,
  currency_code: "eur",
  paid_at,
  source: "erp",
  external_ref: ref,
})

/** Resolves once a statement on dunning_notice (the delivery under test) waits for a row lock. */
async function waitForLockWait(knex: any) {
  const waiting = async () =>
    (
      await knex.raw(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query ILIKE '%dunning_notice%' AND pid <> pg_backend_pid()`
      )
    ).rows[0].n > 0
  for (let i = 0; i < 2000 && !(await waiting()); i++) {
    await new Promise((resolve) => setImmediate(resolve))
  }
  expect(await waiting()).toBe(true)
}

let key = 0
const notice = (lines: ReturnType<typeof line>[], extra: Record<string, unknown> = {}) => ({
  customer_id: "cus_lines",
  stage_id: "dstg_first",
  stage_name: "First reminder",
  stage_offset_days: 5,
  channel: "email",
  status: "scheduled",
  recipients: { to: ["ap@example.com"], cc: [], bcc: [], reply_to: null },
  receivable_ids: lines.map((l) => l.id),
  lines,
  totals: [],
  scheduled_for: AT,
  next_attempt_at: AT,
  idempotency_key: `lines-${++key}`,
  ...extra,
})

/*
 * `dunning_notice_line` is what the collection rate per stage reads: one row per receivable listed on a
 * sent notice. The database keeps it in step with the notices, whichever way a notice is written.
 */
moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  dbName: "medusa-dunning-notice-lines-integration",
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const rows = async () =>
      (
        await MikroOrmWrapper.forkManager().execute(
          `SELECT notice_id, receivable_id, customer_id, stage_key, stage_name, stage_offset_days, channel, scheduled_for,
                  currency_code, outstanding::text AS outstanding, counts_notice, sent_at, receivable_paid_at
             FROM dunning_notice_line ORDER BY notice_id, receivable_id`
        )
      ).map((r: any) => ({ ...r, sent_at: new Date(r.sent_at), scheduled_for: new Date(r.scheduled_for) }))

    it("writes the lines of a notice when delivery records it sent, as delivery sent them", async () => {
      const [created] = await service.createNotices([notice([line("rcv_a", "eur", "100.50"), line("rcv_b", "usd", "50")])] as any)
      expect(await rows()).toEqual([])

      const [claimed] = await service.claimDeliverableNotices({ now: AT, limit: 10, lease_seconds: 60 })
      expect(claimed.id).toBe(created.id)
      expect(await rows()).toEqual([])

      // by the time it went out, rcv_b had been paid and rcv_a partly: the message listed what was still owed
      const recorded = await service.recordDeliveryOutcome({
        notice_id: created.id,
        attempt: claimed.attempts,
        at: SENT,
        status: "sent",
        receivable_ids: ["rcv_a"],
        lines: [line("rcv_a", "eur", "80.50")] as any,
      })
      expect(recorded).toBe(true)
      expect(await rows()).toEqual([
        {
          notice_id: created.id,
          receivable_id: "rcv_a",
          customer_id: "cus_lines",
          stage_key: "dstg_first",
          stage_name: "First reminder",
          stage_offset_days: 5,
          channel: "email",
          scheduled_for: AT,
          currency_code: "eur",
          outstanding: "80.50",
          counts_notice: true,
          sent_at: SENT,
          receivable_paid_at: null,
        },
      ])
    })

    it("has no lines for notices that were not sent", async () => {
      const [failing, cancelled] = await service.createNotices([
        notice([line("rcv_f", "eur", "10")]),
        notice([line("rcv_c", "eur", "20")]),
      ] as any)
      await service.createNotices([notice([line("rcv_s", "eur", "30")])] as any)
      const claimed = await service.claimDeliverableNotices({ now: AT, limit: 10, lease_seconds: 60 })
      const attempt = (id: string) => claimed.find((c) => c.id === id)!.attempts
      await service.recordDeliveryOutcome({ notice_id: failing.id, attempt: attempt(failing.id), at: SENT, status: "failed", last_error: "550" })
      await service.recordDeliveryOutcome({
        notice_id: cancelled.id,
        attempt: attempt(cancelled.id),
        at: SENT,
        status: "cancelled",
        cancel_reason: "paid",
      })
      expect(await rows()).toEqual([])
    })

    it("takes the lines of a notice stored as sent, keyed by stage name when it has no stage, currency in lower case", async () => {
      const [sent] = await service.createNotices([
        notice([line("rcv_1", "EUR", "10"), line("rcv_2", "chf", "20"), line("rcv_3", "eur", "5"), line("rcv_1", "eur", "10")], {
          status: "sent",
          sent_at: SENT,
          stage_id: null,
          stage_name: "Manual reminder",
          channel: "webhook",
        }),
      ] as any)
      // one row per receivable (a repeated line counts once); one row per currency counts the notice
      expect(
        (await rows()).map((r) => [r.notice_id, r.receivable_id, r.stage_key, r.channel, r.currency_code, r.outstanding, r.counts_notice])
      ).toEqual([
        [sent.id, "rcv_1", "Manual reminder", "webhook", "eur", "10", true],
        [sent.id, "rcv_2", "Manual reminder", "webhook", "chf", "20", true],
        [sent.id, "rcv_3", "Manual reminder", "webhook", "eur", "5", false],
      ])
    })

    it("follows a sent notice through changes, soft delete, restore and delete", async () => {
      const [sent] = await service.createNotices([
        notice([line("rcv_x", "eur", "40")], { status: "sent", sent_at: SENT }),
      ] as any)
      const later = new Date("2026-03-03T10:00:00Z")

      await service.updateNotices({ id: sent.id, lines: [line("rcv_x", "eur", "35"), line("rcv_y", "eur", "5")], sent_at: later } as any)
      expect((await rows()).map((r) => [r.receivable_id, r.outstanding, r.sent_at])).toEqual([
        ["rcv_x", "35", later],
        ["rcv_y", "5", later],
      ])

      // a change to anything else leaves the rows as they are
      await service.updateNotices({ id: sent.id, subject: "Reminder" } as any)
      expect(await rows()).toHaveLength(2)

      await service.softDeleteNotices([sent.id])
      expect(await rows()).toEqual([])
      await service.restoreNotices([sent.id])
      expect(await rows()).toHaveLength(2)

      await service.deleteNotices([sent.id])
      expect(await rows()).toEqual([])
    })

    describe("when the receivables were paid", () => {
      const paidAt = async () =>
        (await rows()).map((r: any) => [r.receivable_id, r.receivable_paid_at ? new Date(r.receivable_paid_at) : null])

      it("takes the payment already made when the notice is recorded sent, and follows later ones", async () => {
        const [early, late] = await service.createReceivables([receivable("INV-E"), receivable("INV-L")])
        const earlyPaid = new Date("2026-03-01T15:00:00Z")
        await service.bookLedgerEntries([payment(early.id, "p-early", "100", earlyPaid)])
        const [sent] = await service.createNotices([
          notice([line(early.id, "eur", "100"), line(late.id, "eur", "100")], { status: "sent", sent_at: SENT }),
        ] as any)
        const byId = (pairs: any[]) => new Map(pairs.map(([id, at]) => [id, at]))
        expect(byId(await paidAt())).toEqual(byId([[early.id, earlyPaid], [late.id, null]]))

        // a partial payment leaves it open; the one that settles it sets the time
        const part = new Date("2026-03-05T10:00:00Z")
        const settled = new Date("2026-03-09T10:00:00Z")
        await service.bookLedgerEntries([payment(late.id, "p-late-1", "40", part)])
        expect(byId(await paidAt()).get(late.id)).toBeNull()
        await service.bookLedgerEntries([payment(late.id, "p-late-2", "60", settled)])
        expect(byId(await paidAt()).get(late.id)).toEqual(settled)

        // a refund re-opens it; deleting a receivable takes its payment out, restoring puts it back
        await service.bookLedgerEntries([payment(late.id, "r-late", "10", new Date("2026-03-10T10:00:00Z"), "refund")])
        expect(byId(await paidAt()).get(late.id)).toBeNull()
        await service.softDeleteReceivables([early.id])
        expect(byId(await paidAt()).get(early.id)).toBeNull()
        await service.restoreReceivables([early.id])
        expect(byId(await paidAt()).get(early.id)).toEqual(earlyPaid)
        expect((await rows()).every((r: any) => r.notice_id === sent.id)).toBe(true)
      })

      it("locks the receivables before the notice, so a run writing the same notice meanwhile never deadlocks with it", async () => {
        const [r] = await service.createReceivables([receivable("INV-LOCK")])
        const [created] = await service.createNotices([notice([line(r.id, "eur", "100")])] as any)
        const [claimed] = await service.claimDeliverableNotices({ now: AT, limit: 10, lease_seconds: 60 })

        // a run has locked the customer's receivables for its batch
        const knex = MikroOrmWrapper.getOrm().em.getKnex()
        const run = await knex.transaction()
        await run.raw(`SELECT id FROM dunning_receivable WHERE id = ? FOR UPDATE`, [r.id])
        const delivery = service.recordDeliveryOutcome({ notice_id: created.id, attempt: claimed.attempts, at: SENT, status: "sent" })
        await waitForLockWait(knex)

        // ...and writes a notice with the same key: delivery has not touched the notice yet, so the run does
        // not wait for delivery while delivery waits for the run
        const inserted = await run.raw(
          `INSERT INTO dunning_notice (id, customer_id, stage_name, recipients, receivable_ids, lines, totals, scheduled_for, idempotency_key)
           SELECT 'dntc_again', customer_id, stage_name, recipients, receivable_ids, lines, totals, scheduled_for, idempotency_key
             FROM dunning_notice WHERE id = ?
           ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
          [created.id]
        )
        expect(inserted.rows).toEqual([])
        await run.commit()
        expect(await delivery).toBe(true)
        expect((await rows()).map((l) => [l.notice_id, l.receivable_id])).toEqual([[created.id, r.id]])
      })

      it("does not lose a payment recorded while delivery records the notice sent", async () => {
        const [r] = await service.createReceivables([receivable("INV-RACE")])
        const [created] = await service.createNotices([notice([line(r.id, "eur", "100")])] as any)
        const [claimed] = await service.claimDeliverableNotices({ now: AT, limit: 10, lease_seconds: 60 })
        const paid = new Date("2026-03-02T09:04:00Z")

        // the payment's transaction has changed the receivable but not committed yet
        const knex = MikroOrmWrapper.getOrm().em.getKnex()
        const payer = await knex.transaction()
        await payer.raw(`UPDATE dunning_receivable SET status = 'paid', amount_paid = amount, paid_at = ? WHERE id = ?`, [paid, r.id])

        const delivery = service.recordDeliveryOutcome({
          notice_id: created.id,
          attempt: claimed.attempts,
          at: SENT,
          status: "sent",
        })
        // delivery waits for the receivable (its share lock), so it sees the payment once committed
        await waitForLockWait(knex)
        await payer.commit()
        expect(await delivery).toBe(true)
        expect(await paidAt()).toEqual([[r.id, paid]])
      })
    })

    it("stores a sent notice whose lines it cannot read, without lines", async () => {
      const [odd] = await service.createNotices([
        notice([], { status: "sent", sent_at: SENT, lines: { unexpected: true } }),
        notice([{ number: "no id" } as any, line("rcv_ok", "eur", "1")], { status: "sent", sent_at: SENT }),
      ] as any)
      expect(odd.status).toBe("sent")
      expect((await rows()).map((r) => r.receivable_id)).toEqual(["rcv_ok"])
    })
  },
})
