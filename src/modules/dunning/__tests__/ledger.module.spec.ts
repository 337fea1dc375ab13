import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import DunningModuleService from "../service"

jest.setTimeout(60_000)

const receivable = (overrides: Record<string, unknown> = {}) => ({
  customer_id: "cus_1",
  number: "INV-1",
  currency_code: "eur",
  amount: 100,
  issued_at: new Date("2026-01-01T00:00:00Z"),
  due_at: new Date("2026-01-31T00:00:00Z"),
  next_action_at: new Date("2026-01-28T00:00:00Z"),
  ...overrides,
})

const entry = (receivable_id: string, ref: string, amount: string, kind: "payment" | "refund" = "payment") => ({
  receivable_id,
  kind,
  amount,
  currency_code: "eur",
  paid_at: new Date("2026-02-01T00:00:00Z"),
  source: "erp",
  external_ref: ref,
})

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service, MikroOrmWrapper }) => {
    describe("receivables ledger", () => {
      it("books a partial payment, then settles on the payment that completes the amount", async () => {
        const r = await service.createReceivables(receivable())
        const first = await service.bookLedgerEntries([entry(r.id, "p1", "40")])
        expect(first.created).toHaveLength(1)
        expect(first.after[0]).toMatchObject({ status: "open", amount_paid: "40" })

        const second = await service.bookLedgerEntries([entry(r.id, "p2", "60")])
        expect(second.after[0]).toMatchObject({ status: "paid", amount_paid: "100", next_action_at: null })

        const stored = await service.retrieveReceivable(r.id)
        expect(stored.status).toBe("paid")
        expect(Number(stored.amount_paid)).toBe(100)
        expect(stored.paid_at).toEqual(new Date("2026-02-01T00:00:00Z"))
        expect(stored.next_action_at).toBeNull()
      })

      it("ignores an entry booked before under the same source and reference", async () => {
        const r = await service.createReceivables(receivable())
        await service.bookLedgerEntries([entry(r.id, "p1", "40")])
        const replay = await service.bookLedgerEntries([entry(r.id, "p1", "40"), entry(r.id, "p1", "40")])
        expect(replay.created).toHaveLength(0)
        expect(Number((await service.retrieveReceivable(r.id)).amount_paid)).toBe(40)
        expect(await service.listReceivablePayments({ receivable_id: r.id })).toHaveLength(1)
      })

      it("serialises concurrent payments on one receivable so none is lost", async () => {
        const r = await service.createReceivables(receivable({ amount: 1000 }))
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => service.bookLedgerEntries([entry(r.id, `c${i}`, "100")]))
        )
        const stored = await service.retrieveReceivable(r.id)
        expect(Number(stored.amount_paid)).toBe(1000)
        expect(stored.status).toBe("paid")
      })

      it("re-opens a paid receivable on a refund and reverts a booking exactly", async () => {
        const r = await service.createReceivables(receivable())
        await service.bookLedgerEntries([entry(r.id, "p1", "100")])
        const refund = await service.bookLedgerEntries([entry(r.id, "r1", "30", "refund")])
        expect(refund.after[0]).toMatchObject({ status: "open", amount_paid: "70" })
        expect(refund.after[0].next_action_at).not.toBeNull()

        await service.revertLedgerEntries({
          ledger_entry_ids: refund.created.map((c) => c.id),
          before: refund.before,
        })
        const stored = await service.retrieveReceivable(r.id)
        expect(stored.status).toBe("paid")
        expect(Number(stored.amount_paid)).toBe(100)
        expect(await service.listReceivablePayments({ receivable_id: r.id })).toHaveLength(1)
      })

      it("refuses to book on a receivable that does not exist", async () => {
        await expect(service.bookLedgerEntries([entry("rcv_missing", "x", "1")])).rejects.toThrow(
          /Receivable\(s\) not found: rcv_missing/
        )
      })

      it("keeps one receivable per order and per (source, external_ref)", async () => {
        await service.createReceivables(receivable({ order_id: "order_1" }))
        await expect(service.createReceivables(receivable({ order_id: "order_1" }))).rejects.toThrow()
        await service.createReceivables(receivable({ source: "erp", external_ref: "INV-9" }))
        await expect(
          service.createReceivables(receivable({ source: "erp", external_ref: "INV-9" }))
        ).rejects.toThrow()
        await service.createReceivables(receivable({ source: "other-erp", external_ref: "INV-9" }))
      })

      it("scans due work through the partial index on next_action_at", async () => {
        const manager = MikroOrmWrapper.forkManager()
        await manager.execute("SET enable_seqscan = off")
        const plan = await manager.execute(
          `EXPLAIN SELECT id FROM dunning_receivable
            WHERE status = 'open' AND next_action_at IS NOT NULL AND deleted_at IS NULL
              AND next_action_at <= now() ORDER BY next_action_at LIMIT 1000`
        )
        const text = plan.map((row: any) => row["QUERY PLAN"]).join("\n")
        expect(text).toContain("IDX_dunning_receivable_next_action_open")
      })
    })
  },
})
