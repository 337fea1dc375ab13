/**
 * `npm run bench:delivery`: sends 10,000 notices to a local SMTP server (smtp-server, in this process),
 * through the plugin's SMTP notification provider and through raw nodemailer with the same pool settings,
 * and prints messages per second for both and the ratio (target >= 0.8). A third row renders each notice
 * from the default templates before sending, as delivery does.
 */
import nodemailer from "nodemailer"
import { DEFAULT_STAGES } from "../../src/modules/dunning/domain/policy"
import { renderNotice, sampleNoticeContext } from "../../src/modules/dunning/templates"
import { DunningSmtpNotificationService } from "../../src/providers/smtp/service"
import { startSmtpSink } from "./smtp-sink"

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000)
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 50)
const PORT = Number(process.env.BENCH_SMTP_PORT ?? 2899)
const POOL = { pool: true, maxConnections: 5, maxMessages: 1000 }

async function main() {
  const sink = await startSmtpSink(PORT)

  const stage = DEFAULT_STAGES.find((s) => s.offset_days === 5)!
  const templates = { subject: stage.subject_template!, body_html: stage.body_html_template!, body_text: null }
  const rendered = renderNotice(templates, sampleNoticeContext(new Date("2026-03-23T09:00:00Z")))
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as any

  const provider = new DunningSmtpNotificationService(
    { logger },
    { channels: ["email"], from: "Acme Collections <ar@acme.test>", host: "127.0.0.1", port: PORT, secure: false, ...POOL }
  )
  const raw = nodemailer.createTransport({ host: "127.0.0.1", port: PORT, secure: false, ...POOL } as any)

  const notification = (i: number, content = rendered) => ({
    to: `ap${i}@customer.test`,
    channel: "email",
    template: "dunning-notice",
    content: { subject: content.subject, html: content.html, text: content.text },
  })

  const measure = async (label: string, send: (i: number) => Promise<unknown>) => {
    const before = sink.received()
    const started = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < COUNT) {
          await send(next++)
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    if (sink.received() - before !== COUNT) {
      throw new Error(`${label}: the server received ${sink.received() - before} of ${COUNT} messages`)
    }
    return { label, seconds, rate: COUNT / seconds }
  }

  // warm both pools up so connection set-up is not part of either measurement
  await measureWarmUp(provider, raw, notification)
  const rawResult = await measure("raw nodemailer", (i) =>
    raw.sendMail({ from: { name: "Acme Collections", address: "ar@acme.test" }, to: `ap${i}@customer.test`, subject: rendered.subject, html: rendered.html, text: rendered.text })
  )
  const providerResult = await measure("dunning SMTP provider", (i) => provider.send(notification(i) as any))
  const renderedResult = await measure("render + provider", (i) =>
    provider.send(notification(i, renderNotice(templates, sampleNoticeContext(new Date("2026-03-23T09:00:00Z")))) as any)
  )

  console.log(`\ndelivery benchmark: ${COUNT.toLocaleString("en")} messages, pool of ${POOL.maxConnections} connections, ${IN_FLIGHT} in flight`)
  console.table(
    [rawResult, providerResult, renderedResult].map((r) => ({
      path: r.label,
      "seconds": r.seconds.toFixed(2),
      "messages/s": Math.round(r.rate),
      "vs raw": (r.rate / rawResult.rate).toFixed(2),
    }))
  )
  console.log(`provider / raw nodemailer: ${(providerResult.rate / rawResult.rate).toFixed(2)} (target >= 0.8)`)
  raw.close()
  await sink.close()
  process.exit(0)
}

async function measureWarmUp(provider: DunningSmtpNotificationService, raw: nodemailer.Transporter, notification: (i: number) => object) {
  await Promise.all(Array.from({ length: 20 }, (_, i) => provider.send(notification(i) as any)))
  await Promise.all(Array.from({ length: 20 }, (_, i) => raw.sendMail({ from: "ar@acme.test", to: `w${i}@customer.test`, subject: "warm-up", text: "x" })))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
