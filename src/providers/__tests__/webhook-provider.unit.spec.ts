import { WebhookPeer } from "../../../integration-tests/helpers/webhook-peer"
import { DunningWebhookNotificationService, MAX_ANSWER_BYTES } from "../webhook/service"
import { signWebhookBody, verifyWebhookSignature } from "../webhook/signature"

const secret = "a-shared-secret-of-at-least-32-characters!"
const port = 4700 + Number(process.env.JEST_WORKER_ID ?? 1)

describe("webhook notification provider", () => {
  const peer = new WebhookPeer(port, secret)
  const warnings: string[] = []
  const logger = { info: () => undefined, warn: (line: string) => warnings.push(line) } as any
  beforeAll(() => peer.start())
  afterAll(() => peer.stop())
  beforeEach(() => {
    peer.received = []
    peer.answers = []
    peer.status = 200
    peer.answer = { kind: "status" }
    warnings.length = 0
  })
  const provider = (options: Record<string, unknown> = {}) =>
    new DunningWebhookNotificationService(
      { logger },
      { channels: ["webhook"], url: `http://127.0.0.1:${port}/dunning`, secret, allowInsecureHttp: true, ...options }
    )
  const notice = (attempt = 1) => ({
    to: "cus_1",
    channel: "webhook",
    template: "dunning-notice",
    content: { subject: "Overdue", text: "INV-1 is overdue" },
    data: { notice_id: "dntc_1" },
    provider_data: { message_id: "cus_1:stage:2026-03-01:webhook", attempt },
  })

  it("posts the notice as signed JSON that the receiver can verify", async () => {
    await provider().send(notice() as any)
    expect(peer.received).toHaveLength(1)
    expect(peer.received[0]).toMatchObject({
      signatureValid: true,
      idempotencyKey: "cus_1:stage:2026-03-01:webhook",
      attempt: "1",
      body: { to: "cus_1", subject: "Overdue", text: "INV-1 is overdue", data: { notice_id: "dntc_1" } },
    })
  })

  it("keeps the idempotency key across attempts and says which attempt it is", async () => {
    peer.status = 503
    await expect(provider().send(notice(1) as any)).rejects.toThrow(/\[dunning:transient:503\] webhook answered 503/)
    peer.status = 200
    await provider().send(notice(2) as any)
    expect(peer.received.map((r) => [r.idempotencyKey, r.attempt])).toEqual([
      ["cus_1:stage:2026-03-01:webhook", "1"],
      ["cus_1:stage:2026-03-01:webhook", "2"],
    ])
  })

  it("classifies answers: 5xx and 429 retry, other 4xx are final, no answer retries", async () => {
    peer.status = 503
    await expect(provider().send(notice() as any)).rejects.toThrow(/\[dunning:transient:503\]/)
    peer.status = 429
    await expect(provider().send(notice() as any)).rejects.toThrow(/\[dunning:transient:429\]/)
    peer.status = 410
    await expect(provider().send(notice() as any)).rejects.toThrow(/\[dunning:permanent:410\]/)
    await expect(provider({ url: `http://127.0.0.1:${port + 300}/x` }).send(notice() as any)).rejects.toThrow(
      /\[dunning:transient:NETWORK\] webhook could not connect/
    )
  })

  it("gives up on an answer whose body does not arrive within the timeout, and hangs up", async () => {
    peer.answer = { kind: "stall" }
    await expect(provider({ timeoutMs: 200 }).send(notice() as any)).rejects.toThrow(
      /\[dunning:transient:NETWORK\] webhook timed out while sending its answer/
    )
    await peer.answers[0].closed
    expect(peer.answers[0].finished).toBe(false)
  })

  it("reads at most 64 KB of an answer and hangs up on the rest", async () => {
    const bytes = 256 * 1024 * 1024
    peer.answer = { kind: "flood", bytes }
    await provider({ timeoutMs: 60_000 }).send(notice() as any)
    await peer.answers[0].closed
    // the client hung up long before the receiver could write everything (socket buffers hold a few MB)
    expect(peer.answers[0].finished).toBe(false)
    expect(peer.answers[0].written).toBeLessThan(bytes / 4)
    expect(warnings.some((w) => w.includes(`more than ${MAX_ANSWER_BYTES} bytes`))).toBe(true)
  })

  it("refuses replays and tampering when verifying", () => {
    const body = JSON.stringify({ a: 1 })
    const header = signWebhookBody(body, secret, 1_000_000)
    expect(verifyWebhookSignature({ body, header, secret, now: 1_000_010 })).toBe(true)
    expect(verifyWebhookSignature({ body, header, secret, now: 1_000_000 + 3600 })).toBe(false)
    expect(verifyWebhookSignature({ body: body.replace("1", "2"), header, secret, now: 1_000_010 })).toBe(false)
    expect(verifyWebhookSignature({ body, header, secret: "another-secret-another-secret-xx", now: 1_000_010 })).toBe(false)
  })

  it("refuses a short secret, a non-http URL, and plain http unless allowed for local development", () => {
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "https://x.test", secret: "short" })).toThrow(/'secret'/)
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "ftp://x.test", secret })).toThrow(/'url'/)
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "http://x.test/dunning", secret })).toThrow(
      /'url' must be an https URL.*allowInsecureHttp/
    )
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "HTTP://x.test/dunning", secret })).toThrow(/'url'/)
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "https://x.test/dunning", secret })).not.toThrow()
    expect(() => DunningWebhookNotificationService.validateOptions({ url: "http://127.0.0.1/dunning", secret, allowInsecureHttp: true })).not.toThrow()
    expect(() => new DunningWebhookNotificationService({ logger }, { url: "http://x.test/dunning", secret })).toThrow(/'url'/)
  })
})
