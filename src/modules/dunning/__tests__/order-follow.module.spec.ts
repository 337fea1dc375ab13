import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import DunningModuleService from "../service"

jest.setTimeout(60_000)

const NOW = new Date("2026-03-10T09:00:00Z")

const receivable = (overrides: Record<string, unknown> = {}) => ({
  customer_id: "cus_1",
  order_id: "order_1",
  source: "medusa_order",
  external_ref: "order_1",
  number: "1042",
  currency_code: "eur",
  amount: 1200,
  issued_at: new Date("2026-01-01T00:00:00Z"),
  due_at: new Date("2026-01-31T00:00:00Z"),
  next_action_at: new Date("2026-03-12T00:00:00Z"),
  ...overrides,
})

const payment = (receivable_id: string, amount: string) => ({
  receivable_id,
  kind: "payment" as const,
  amount,
  currency_code: "eur",
  paid_at: new Date("2026-02-01T00:00:00Z"),
  source: "medusa",
  external_ref: `capt_${amount}`,
})

const follow = (service: DunningModuleService, id: string, amount: string) =>
  service.followOrderAmount({ id, amount, now: NOW, void_reason: "Nothing is owed on order #1042 any more" })

moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service }) => {
    describe("an order's receivable follows the order's total", () => {
      it("lowers an open receivable and has the next run plan it again; the same amount again changes nothing", async () => {
        const r = await service.createReceivables(receivable())
        const change = await follow(service, r.id, "950")
        expect(change).toMatchObject({ id: r.id, from: "1200", to: "950", status_before: "open", after: { status: "open", amount_paid: "0" } })
        const stored = await service.retrieveReceivable(r.id)
        expect([Number(stored.amount), stored.status, stored.next_action_at]).toEqual([950, "open", new Date(0)])

        expect(await follow(service, r.id, "950.00")).toBeNull()
      })

      it("settles a receivable lowered below what is paid (the store refunds the rest), and re-opens it when raised", async () => {
        const r = await service.createReceivables(receivable())
        await service.bookLedgerEntries([payment(r.id, "1000")])
        const lowered = await follow(service, r.id, "950")
        expect(lowered?.after).toMatchObject({ status: "paid", amount_paid: "1000", next_action_at: null })
        expect((await service.retrieveReceivable(r.id)).paid_at).toEqual(new Date("2026-02-01T00:00:00Z"))

        const raised = await follow(service, r.id, "1500")
        expect(raised).toMatchObject({ status_before: "paid", after: { status: "open", amount_paid: "1000", paid_at: null } })
      })

      it("voids a receivable whose order comes to nothing, and follows a void one no more", async () => {
        const r = await service.createReceivables(receivable())
        await follow(service, r.id, "0")
        const stored = await service.retrieveReceivable(r.id)
        expect([Number(stored.amount), stored.status, stored.status_reason, stored.next_action_at]).toEqual([
          0,
          "void",
          "Nothing is owed on order #1042 any more",
          null,
        ])
        expect(await follow(service, r.id, "300")).toBeNull()
      })

      it("puts the row back exactly for a compensation", async () => {
        const r = await service.createReceivables(receivable())
        await service.bookLedgerEntries([payment(r.id, "1200")])
        const change = await follow(service, r.id, "0")
        await service.putBackReceivables([change!.previous])
        const stored = await service.retrieveReceivable(r.id)
        expect([Number(stored.amount), Number(stored.amount_paid), stored.status, stored.status_reason]).toEqual([1200, 1200, "paid", null])
      })
    })

    describe("order-change holds", () => {
      const place = (service: DunningModuleService, ids: string[], now = NOW) =>
        service.setHolds({
          receivable_ids: ids,
          hold_until: null,
          hold_reason: "order-change:return requested on order #1042",
          next_action_at: null,
          keep_other_holds: { reason_prefix: "order-change:", now },
        })

      it("holds free receivables and their own, never one a rep or a dispute still holds", async () => {
        const [free, ours, rep, ended, disputed] = await service.createReceivables([
          receivable({ order_id: "o1", external_ref: "o1" }),
          receivable({ order_id: "o2", external_ref: "o2", hold_reason: "order-change:order edit in progress on order #7" }),
          receivable({ order_id: "o3", external_ref: "o3", hold_reason: "manual:cevt_1", hold_until: new Date("2026-03-20T00:00:00Z") }),
          receivable({ order_id: "o4", external_ref: "o4", hold_reason: "manual:cevt_2", hold_until: new Date("2026-03-01T00:00:00Z") }),
          receivable({ order_id: "o5", external_ref: "o5", hold_reason: "dispute:cevt_3" }),
        ])
        const previous = await place(service, [free.id, ours.id, rep.id, ended.id, disputed.id])
        expect(previous.map((p) => p.id).sort()).toEqual([free.id, ours.id, ended.id].sort())
        const reasons = await service.listReceivables({ id: [rep.id, disputed.id, free.id] }, { select: ["id", "hold_reason"] })
        expect(Object.fromEntries(reasons.map((r) => [r.id, r.hold_reason]))).toEqual({
          [rep.id]: "manual:cevt_1",
          [disputed.id]: "dispute:cevt_3",
          [free.id]: "order-change:return requested on order #1042",
        })

        expect((await service.ordersHeldWithReason({ reason_prefix: "order-change:", limit: 10 })).sort()).toEqual(["o1", "o2", "o4"])
        expect(await service.ordersHeldWithReason({ reason_prefix: "order-change:", limit: 2 })).toHaveLength(2)
      })
    })
  },
})
