import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { DUNNING_MODULE } from ".."
import type { CreditHoldRules } from "../domain/credit-hold"
import DunningModuleService from "../service"

jest.setTimeout(60_000)

const NOW = new Date("2026-06-15T12:00:00Z")
const RULES: CreditHoldRules = {
  policy_id: "dpol_1",
  hold_stages: [],
  overdue_above: [{ currency_code: "eur", amount: "100" }],
  days_overdue: null,
  timezone: "UTC",
}

/**
 * Credit holds on PostgreSQL: the rules' evaluation writes a hold and its history line together, two
 * evaluations at once change a hold once, and undoing a change puts holds and history back.
 */
moduleIntegrationTestRunner<DunningModuleService>({
  moduleName: DUNNING_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { defaultTermsDays: 30 },
  testSuite: ({ service }) => {
    const overdue = async (amount: number) =>
      await service.createReceivables({
        customer_id: "cus_1",
        number: `INV-${amount}`,
        currency_code: "eur",
        amount,
        issued_at: new Date("2026-04-01T00:00:00Z"),
        due_at: new Date("2026-05-01T00:00:00Z"),
      })
    const customers = [{ customer_id: "cus_1", rules: RULES, rep_user_id: "user_rep" }]
    const inForce = async () => await service.listCreditHolds({ customer_id: "cus_1", released_at: null })

    it("places a hold with its history line, only where it may place one", async () => {
      await overdue(500)
      expect((await service.refreshCreditHolds({ customers, now: NOW, may_place: false })).changes).toEqual([])
      const { changes } = await service.refreshCreditHolds({ customers, now: NOW, may_place: true })
      expect(changes).toEqual([{ customer_id: "cus_1", hold_id: expect.stringMatching(/^chold_/), change: "placed", event_id: expect.stringMatching(/^cevt_/) }])
      const [hold] = await inForce()
      expect(hold).toMatchObject({ source: "rule", policy_id: "dpol_1", amounts_to_lift: [{ currency_code: "eur", amount: "400" }] })
      const [event] = await service.listCollectionEvents({ customer_id: "cus_1", type: "credit_hold_placed" })
      expect(event).toMatchObject({ follow_up_status: "open", assigned_to: "user_rep", idempotency_key: `credit-hold:${hold.id}:placed` })
      // evaluated again with nothing changed: nothing written
      expect((await service.refreshCreditHolds({ customers, now: NOW, may_place: true })).changes).toEqual([])
    })

    it("lifts a hold once when two evaluations run at the same moment", async () => {
      const invoice = await overdue(500)
      await service.refreshCreditHolds({ customers, now: NOW, may_place: true })
      await service.updateReceivables({ id: invoice.id, status: "void" })
      const results = await Promise.allSettled([
        service.refreshCreditHolds({ customers, now: NOW, may_place: false }),
        service.refreshCreditHolds({ customers, now: NOW, may_place: false }),
      ])
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"])
      const lifted = results.flatMap((r) => (r.status === "fulfilled" ? r.value.changes : [])).filter((c) => c.change === "lifted")
      expect(lifted).toHaveLength(1)
      expect(await inForce()).toEqual([])
      expect(await service.listCollectionEvents({ customer_id: "cus_1", type: "credit_hold_released" })).toHaveLength(1)
    })

    it("puts holds and history back when a change is undone", async () => {
      await overdue(500)
      const placed = await service.refreshCreditHolds({ customers, now: NOW, may_place: true })
      const byHand = await service.changeCreditHoldByHand({ kind: "place", customer_id: "cus_1", reason: "Cheque bounced", user_id: "user_1", now: NOW })
      expect((await inForce()).map((h) => h.source)).toEqual(["manual"])
      await service.undoCreditHoldChanges(byHand.snapshot)
      const [hold] = await inForce()
      expect(hold).toMatchObject({ id: placed.changes[0].hold_id, source: "rule", released_at: null })
      const events = await service.listCollectionEvents({ customer_id: "cus_1", type: "credit_hold_placed" })
      expect(events.map((e) => [e.author_type, e.follow_up_status])).toEqual([["system", "open"]])
    })
  },
})
