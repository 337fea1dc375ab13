import { readdirSync, readFileSync, mkdtempSync } from "fs"
import { simpleParser } from "mailparser"
import { tmpdir } from "os"
import path from "path"
import { SmtpPeer } from "../../../integration-tests/helpers/smtp-peer"
import { classifyDeliveryFailure } from "../../modules/dunning/domain/delivery"
import { DunningSmtpNotificationService } from "../smtp/service"

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as any
const port = 2700 + Number(process.env.JEST_WORKER_ID ?? 1)

const notice = (overrides: Record<string, unknown> = {}) => ({
  to: "ap@northwind.test",
  channel: "email",
  template: "dunning-notice",
  content: {
    subject: "Notification of Overdue Invoices – Northwind",
    html: "<p>Dear Jo,</p><p>Invoice <b>INV-1</b> is overdue.</p>",
    text: "Dear Jo, invoice INV-1 is overdue.",
  },
  provider_data: { cc: ["collections@acme.test"], reply_to: "ar@acme.test" },
  ...overrides,
})

describe("SMTP notification provider", () => {
  const peer = new SmtpPeer(port)
  beforeAll(() => peer.start())
  afterAll(() => peer.stop())
  beforeEach(() => {
    peer.messages = []
    peer.setMode({ kind: "accept" })
  })

  const provider = (options: Record<string, unknown> = {}) =>
    new DunningSmtpNotificationService({ logger }, {
      channels: ["email"],
      from: "Acme Collections <collections@acme.test>",
      host: "127.0.0.1",
      port,
      secure: false,
      connectionTimeout: 2000,
      ...options,
    })

  it("sends the rendered notice with CC and reply-to, both parts, and returns the message id", async () => {
    const result = await provider().send(notice() as any)
    // the customer's copy, then the collections manager's: the same message
    expect(peer.messages.map((m) => m.envelope.to)).toEqual([["ap@northwind.test"], ["collections@acme.test"]])
    expect(peer.messages[1].messageId).toBe(peer.messages[0].messageId)
    const mail = peer.messages[0]
    expect(mail.subject).toBe("Notification of Overdue Invoices – Northwind")
    expect(mail.from?.value[0]).toMatchObject({ name: "Acme Collections", address: "collections@acme.test" })
    expect((mail.cc as any).value[0].address).toBe("collections@acme.test")
    expect((mail.replyTo as any).value[0].address).toBe("ar@acme.test")
    expect(mail.html).toContain("<b>INV-1</b>")
    expect(mail.text).toContain("invoice INV-1 is overdue")
    expect(result.id).toBe(mail.messageId)
  })

  it("never lets a line break in the subject or an address add a header", async () => {
    await provider().send(notice({ content: { subject: "Overdue\r\nBcc: victim@evil.test\u2028X-Injected: 1", html: "<p>x</p>", text: "x" } }) as any)
    const mail = peer.messages[0]
    expect(mail.subject).toBe("Overdue Bcc: victim@evil.test X-Injected: 1")
    expect(mail.headers.has("x-injected")).toBe(false)
    expect(peer.messages.flatMap((m) => m.envelope.to)).not.toContain("victim@evil.test")

    for (const bad of [
      { to: "ap@northwind.test\r\nBcc: victim@evil.test" },
      { to: "not an address" },
      { provider_data: { cc: ["x@y.test\nBcc: a@b.test"] } },
      { provider_data: { reply_to: "a@b.test\r\nX: y" } },
    ]) {
      const error = await provider().send(notice(bad) as any).catch((e) => e)
      expect(classifyDeliveryFailure(error.message).kind).toBe("permanent")
    }
    expect(peer.messages).toHaveLength(2)
  })

  it("classifies SMTP 4xx and unreachable servers as transient, 5xx on the recipient as permanent", async () => {
    peer.setMode({ kind: "reply", code: 451, message: "Try again later", on: "rcpt", only: "ap@northwind.test" })
    const soft = await provider({ pool: false }).send(notice() as any).catch((e) => e)
    expect(classifyDeliveryFailure(soft.message)).toMatchObject({ kind: "transient", code: "451" })
    // the manager's copy waits for the customer's
    expect(peer.messages).toHaveLength(0)

    peer.setMode({ kind: "reply", code: 550, message: "No such user", on: "rcpt" })
    const hard = await provider({ pool: false }).send(notice({ provider_data: {} }) as any).catch((e) => e)
    expect(classifyDeliveryFailure(hard.message)).toMatchObject({ kind: "permanent", code: "550", recipient: true })

    peer.setMode({ kind: "reply", code: 554, message: "Rejected as spam", on: "data" })
    const content = await provider({ pool: false }).send(notice() as any).catch((e) => e)
    expect(classifyDeliveryFailure(content.message)).toMatchObject({ kind: "permanent", code: "554", recipient: false })

    const down = await provider({ port: port + 500, pool: false }).send(notice() as any).catch((e) => e)
    expect(classifyDeliveryFailure(down.message)).toMatchObject({ kind: "transient" })
    expect(down.message).toMatch(/ECONNECTION|ECONNREFUSED/)
    expect(peer.messages).toHaveLength(0)
  })

  it("keeps to maxConnections and rateLimit", async () => {
    peer.resetCounters()
    const pooled = provider({ pool: true, maxConnections: 2, rateLimit: 4, rateDelta: 500 })
    await Promise.all(Array.from({ length: 12 }, (_, i) => pooled.send(notice({ to: `ap${i}@northwind.test`, provider_data: {} }) as any)))
    expect(peer.messages).toHaveLength(12)
    expect(peer.maxConcurrent).toBeLessThanOrEqual(2)
    // 4 messages per 500 ms: 12 messages take at least three windows, so the last arrives 1 s after the first
    // (a bound the limiter guarantees; without it the 12 arrive within a few milliseconds)
    const times = peer.messages.map((m) => m.receivedAt).sort((a, b) => a - b)
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(900)
  })

  it("writes .eml files to the outbox when no SMTP host is configured", async () => {
    const outboxDir = mkdtempSync(path.join(tmpdir(), "dunning-outbox-"))
    const outbox = new DunningSmtpNotificationService({ logger }, { channels: ["email"], from: "Acme <ar@acme.test>", outboxDir })
    const result = await outbox.send(notice() as any)
    const [day] = readdirSync(outboxDir)
    const [file] = readdirSync(path.join(outboxDir, day))
    expect(file).toMatch(/\.eml$/)
    const mail = await simpleParser(readFileSync(path.join(outboxDir, day, file)))
    expect(mail.subject).toBe("Notification of Overdue Invoices – Northwind")
    expect(mail.messageId).toBe(result.id)
    expect(mail.text).toContain("INV-1")
  })

  it("gives every attempt of a notice the same Message-ID, and different notices different ones", async () => {
    const key = "cus_01JX:dstg_01JY:2026-03-01:email"
    peer.setMode({ kind: "reply", code: 451, message: "Try again later", on: "data", times: 1 })
    await expect(provider({ pool: false }).send(notice({ provider_data: { message_id: key, attempt: 1 } }) as any)).rejects.toThrow(/\[dunning:transient:451\]/)
    const second = await provider({ pool: false }).send(notice({ provider_data: { message_id: key, attempt: 2 } }) as any)
    const other = await provider({ pool: false }).send(notice({ provider_data: { message_id: "cus_01JX:dstg_01JZ:2026-03-01:email", attempt: 1 } }) as any)
    expect(peer.messages).toHaveLength(2)
    expect(peer.messages[0].messageId).toBe(second.id)
    expect(second.id).toMatch(/^<cus_01JX\.dstg_01JY\.2026-03-01\.email\.[0-9a-f]{16}@acme\.test>$/)
    // the same key gives the same id in any process: it is derived, not remembered
    const again = await provider({ pool: false }).send(notice({ provider_data: { message_id: key, attempt: 3 } }) as any)
    expect(again.id).toBe(second.id)
    expect(other.id).not.toBe(second.id)
  })

  it("sends a password only over TLS unless the merchant opts out by name", () => {
    const auth = { user: "collections", pass: "secret" }
    const base = { from: "Acme <ar@acme.test>", host: "smtp.acme.test", port: 587, auth }
    expect(() => DunningSmtpNotificationService.validateOptions(base)).toThrow(/'auth' is only sent over TLS.*requireTLS: true.*allowInsecureAuth/)
    expect(() => DunningSmtpNotificationService.validateOptions({ ...base, secure: false })).toThrow(/'auth'/)
    expect(() => DunningSmtpNotificationService.validateOptions({ ...base, requireTLS: true })).not.toThrow()
    expect(() => DunningSmtpNotificationService.validateOptions({ ...base, port: 465, secure: true })).not.toThrow()
    expect(() => DunningSmtpNotificationService.validateOptions({ ...base, allowInsecureAuth: true })).not.toThrow()
    // without a password there is nothing to protect
    expect(() => DunningSmtpNotificationService.validateOptions({ from: "Acme <ar@acme.test>", host: "smtp.acme.test", port: 25 })).not.toThrow()
    expect(() => new DunningSmtpNotificationService({ logger }, { ...base, channels: ["email"] })).toThrow(/'auth'/)
  })

  it("refuses bad options naming the option", () => {
    expect(() => DunningSmtpNotificationService.validateOptions({ from: "not an address" })).toThrow(/'from'/)
    expect(() => DunningSmtpNotificationService.validateOptions({ from: "a@b.test", port: 70000 })).toThrow(/'port'/)
    expect(() => DunningSmtpNotificationService.validateOptions({ from: "a@b.test", tls: { rejectUnauthorized: false } })).toThrow(/unknown option.*'tls'/)
    expect(() => DunningSmtpNotificationService.validateOptions({ from: "Acme <a@b.test>", host: "smtp.acme.test", maxConnections: 3 })).not.toThrow()
  })
})
