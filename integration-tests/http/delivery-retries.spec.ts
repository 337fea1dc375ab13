// The host app reads these when it boots: webhook notices go to a local receiver.
const WEBHOOK_PORT = 4800 + Number(process.env.JEST_WORKER_ID ?? 1)
const WEBHOOK_SECRET = "retries-test-secret-of-at-least-32-chars"
process.env.DUNNING_WEBHOOK_URL = `http://127.0.0.1:${WEBHOOK_PORT}/dunning`
process.env.DUNNING_WEBHOOK_SECRET = WEBHOOK_SECRET

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow } from "../../src/workflows/delivery/workflows/deliver-notices"
import { createAdminSession, type AdminSession } from "../helpers/admin"
import { WebhookPeer } from "../helpers/webhook-peer"

jest.setTimeout(180_000)

/**
 * A retried delivery, as the receiver sees it: every attempt of a notice on a channel carries the same
 * idempotency key (so a receiver that acted on an attempt whose answer was lost can drop the next), with
 * the attempt number beside it; Medusa's notification module still records each attempt under its own key.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let admin: AdminSession
    const webhook = new WebhookPeer(WEBHOOK_PORT, WEBHOOK_SECRET)

    beforeAll(async () => {
      await webhook.start()
      admin = await createAdminSession(getContainer())
    })
    afterAll(async () => {
      await webhook.stop()
    })

    const dunning = () => getContainer().resolve<DunningModuleService>(DUNNING_MODULE)
    const deliver = async (now: string) => (await deliverNoticesWorkflow(getContainer()).run({ input: { now } })).result

    it("sends every attempt of a webhook notice with the same idempotency key and the attempt number", async () => {
      const { data } = await api.get("/admin/dunning/policies", admin)
      await api.post(`/admin/dunning/policies/${data.policies[0].id}`, { channels: ["email", "webhook"] }, admin)
      // no e-mail address at all: the notice goes by webhook
      const [customer] = await getContainer().resolve("customer").createCustomers([{ company_name: "Phone Only Ltd", first_name: "Sam" }])
      await api.post(
        "/admin/dunning/receivables",
        { customer_id: customer.id, number: "W-1", currency_code: "eur", amount: 10, issued_at: "2026-02-14", due_at: "2026-03-16T00:00:00.000Z" },
        admin
      )
      await api.post("/admin/dunning/runs", { now: "2026-03-23T09:00:00.000Z", customer_id: customer.id }, admin)
      const [notice] = await dunning().listNotices({ customer_id: customer.id })

      webhook.status = 503
      expect(await deliver("2026-03-23T09:00:00.000Z")).toMatchObject({ claimed: 1, retrying: 1 })
      webhook.status = 200
      expect(await deliver("2026-03-23T15:00:00.000Z")).toMatchObject({ claimed: 1, sent: 1 })

      expect(webhook.received.map((r) => [r.idempotencyKey, r.attempt, r.signatureValid])).toEqual([
        [`${notice.idempotency_key}:webhook`, "1", true],
        [`${notice.idempotency_key}:webhook`, "2", true],
      ])
      expect(webhook.received[1].body.id).toBe(`${notice.idempotency_key}:webhook`)
      expect((await dunning().listNotices({ id: notice.id }))[0]).toMatchObject({ status: "sent", channel: "webhook", attempts: 2 })
      // the notification module never sends a key twice: each attempt has its own there
      const { rows } = await dbConnection.raw(
        "SELECT idempotency_key, status FROM notification WHERE receiver_id = ? ORDER BY created_at",
        [customer.id]
      )
      expect(rows.map((r: any) => r.status)).toEqual(["failure", "success"])
      expect(new Set(rows.map((r: any) => r.idempotency_key)).size).toBe(2)
    })
  },
})
