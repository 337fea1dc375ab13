import { WebhookPeer } from "../../../integration-tests/helpers/webhook-peer"
import { classifyDeliveryFailure } from "../../modules/dunning/domain/delivery"
import { DunningWebhookNotificationService } from "../webhook/service"
import { signWebhookBody, verifyWebhookSignature } from "../webhook/signature"

const logger = { info: () => undefined } as any
const secret = "a-shared-secret-of-at-least-32-characters!"
const port = 4700 + Number(process.env.JEST_WORKER_ID ?? 1)

describe("webhook notification provider", () => {
  const peer = new WebhookPeer(port, secret)
  beforeAll(() => peer.start())
  afterAll(() => peer.stop())
  beforeEach(() => {
    peer.received = []
    peer.status = 200
  })
  const provider = (options: Record<string, unknown> = {}) =>
    new DunningWebhookNotificationService({ logger }, { channels: ["webhook"], url: `http://127.0.0.1:${port}/dunning`, secret, ...options })
  const notice = { to: "cus_1", channel: "webhook", template: "dunning-notice", content: { subject: "Overdue", text: "INV-1 is overdue" }, data: { notice_id: "dntc_1" }, provider_data: { message_id: "cus_1:stage:2026-03-01:1" } }

  it("posts the notice as signed JSON that the receiver can verify", async () => {
    await provider().send(notice as any)
    expect(peer.received).toHaveLength(1)
    expect(peer.received[0]).toMatchObject({
      signatureValid: true,
      idempotencyKey: "cus_1:stage:2026-03-01:1",
      body: { to: "cus_1", subject: "Overdue", text: "INV-1 is overdue", data: { notice_id: "dntc_1" } },
    })
  })

  it("classifies answers: 5xx and 429 retry, other 4xx are final, no answer retries", async () => {
    peer.status = 503
    expect(classifyDeliveryFailure((await provider().send(notice as any).catch((e) => e)).message)).toMatchObject({ kind: "transient", code: "503" })
    peer.status = 429
    expect(classifyDeliveryFailure((await provider().send(notice as any).catch((e) => e)).message)).toMatchObject({ kind: "transient" })
    peer.status = 410
    expect(classifyDeliveryFailure((await provider().send(notice as any).catch((e) => e)).message)).toMatchObject({ kind: "permanent", code: "410" })
    const down = await provider({ url: `http://127.0.0.1:${port + 300}/x` }).send(notice as any).catch((e) => e)
    expect(classifyDeliveryFailure(down.message)).toMatchObject({ kind: "transient", code: "NETWORK" })
  })

  it("refuses replays and tampering when verifying", () => {
    const body = JSON.stringify({ a: 1 })
    const header = signWebhookBody(body, secret, 1_000_000)
    expect(verifyWebhookSignature({ body, header, secret, now: 1_000_010 })).toBe(true)
    expect(verifyWebhookSignature({ body, header, secret, now: 1_000_000 + 3600 })).toBe(false)
    expect(verifyWebhookSignature({ body: body.replace("1", "2"), header, secret, now: 1_000_010 })).toBe(false)
    expect(verifyWebhookSignature({ body, header, secret: "another-secret-another-secret-xx", now: 1_000_010 })).toBe(false)
  })

  it("refuses a short secret and a non-http URL", () => {
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "http://x.test", secret: "short" })).toThrow(/'secret'/)
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "ftp://x.test", secret })).toThrow(/'url'/)
  })
})
