/**
 * `npm run bench:documents`: renders 1,000 statements of account of 20 open invoices each and sends each as a
 * PDF attachment to a local SMTP server (smtp-server, in this process): once with the plugin's code (the
 * statement renderer, letterhead and logo included, and the plugin's SMTP notification provider) and once
 * with bare pdfmake (an equivalent document definition, the same standard font) sent through raw nodemailer
 * with the same pool. Prints statements per second for both, the ratio (target >= 0.8) and the process's
 * RSS and heap after a full garbage collection at the start, middle and end of each run (target: flat).
 */
import nodemailer from "nodemailer"
import { statementPdf, type StatementInput } from "../../src/modules/dunning/documents"
import { DunningSmtpNotificationService } from "../../src/providers/smtp/service"
import { startSmtpSink } from "./smtp-sink"

/* eslint-disable @typescript-eslint/no-require-imports */
const Printer = require("pdfmake/js/Printer").default
const URLResolver = require("pdfmake/js/URLResolver").default
const virtualFs = require("pdfmake/js/virtual-fs").default
/* eslint-enable @typescript-eslint/no-require-imports */

const COUNT = Number(process.env.BENCH_STATEMENTS ?? 1000)
const INVOICES = Number(process.env.BENCH_INVOICES ?? 20)
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8)
const PORT = Number(process.env.BENCH_SMTP_PORT ?? 2898)
const POOL = { pool: true, maxConnections: 5, maxMessages: 1000 }
const NOW = new Date("2026-03-23T09:00:00Z")
const LOGO = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
const FONTS = { Helvetica: { normal: "Helvetica", bold: "Helvetica-Bold", italics: "Helvetica-Oblique", bolditalics: "Helvetica-BoldOblique" } }
const DAY = 86_400_000

/** The statement of customer `i`: 20 open invoices in euros, due from 75 days ago to 20 days ahead. */
function statementOf(i: number): StatementInput {
  return {
    language: "en",
    timeZone: "UTC",
    now: NOW,
    store: { name: "Acme Wholesale", address: ["Calle Mayor 1", "28013 Madrid", "ES"], logo: LOGO },
    customer: { name: `Buyer ${i}`, company: `Customer ${i} GmbH`, email: `ap${i}@customer.test` },
    invoices: Array.from({ length: INVOICES }, (_, n) => ({
      number: `INV-${i}-${n}`,
      currency_code: "eur",
      outstanding: `${100 + ((i * 31 + n * 17) % 9000)}.${String(n % 100).padStart(2, "0")}`,
      issued_at: new Date(NOW.getTime() - (105 - n * 5) * DAY),
      due_at: new Date(NOW.getTime() - (75 - n * 5) * DAY),
    })),
  }
}

const money = new Intl.NumberFormat("en", { style: "currency", currency: "EUR" })
const date = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" })

/** The same statement as a hand-written pdfmake definition, rendered with pdfmake's own printer. */
async function barePdf(input: StatementInput): Promise<Buffer> {
  const rows = input.invoices.map((inv) => {
    const days = Math.max(0, Math.floor((NOW.getTime() - new Date(inv.due_at!).getTime()) / DAY))
    return [inv.number, date.format(new Date(inv.issued_at)), date.format(new Date(inv.due_at!)), days ? String(days) : "", money.format(Number(inv.outstanding))]
  })
  const total = input.invoices.reduce((sum, inv) => sum + Number(inv.outstanding), 0)
  const definition = {
    info: { title: `Statement of account – ${input.customer.name}` },
    pageSize: "A4",
    pageMargins: [40, 40, 40, 48],
    images: { logo: LOGO },
    defaultStyle: { font: "Helvetica", fontSize: 9 },
    content: [
      {
        columns: [
          { width: "*", stack: [{ image: "logo", fit: [160, 48] }, { text: input.store.name, bold: true }, ...input.store.address!] },
          { width: "*", alignment: "right", stack: [{ text: input.customer.name, bold: true }, input.customer.company, input.customer.email] },
        ],
      },
      { text: "Statement of account", fontSize: 16, bold: true },
      { table: { body: [["Date", date.format(NOW)]] }, layout: "noBorders" },
      {
        table: { headerRows: 1, widths: ["*", "auto", "auto", "auto", "auto"], body: [["Invoice number", "Issue date", "Due date", "Days overdue", "Outstanding"], ...rows, ["Total EUR", "", "", "", money.format(total)]] },
        layout: "lightHorizontalLines",
      },
      { table: { body: [["", "Not yet due", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"], ["Aging EUR", "–", "–", "–", "–", "–"]] } },
    ],
  }
  const resolver = new URLResolver(virtualFs)
  resolver.setUrlAccessPolicy(() => false)
  const doc = await new Printer(FONTS, virtualFs, resolver, () => true).createPdfKitDocument(definition)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on("data", (c: Buffer) => chunks.push(c))
    doc.on("end", () => resolve(Buffer.concat(chunks)))
    doc.on("error", reject)
    doc.end()
  })
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

async function main() {
  const sink = await startSmtpSink(PORT, 50 * 1024 * 1024)
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as any
  const provider = new DunningSmtpNotificationService(
    { logger },
    { channels: ["email"], from: "Acme Collections <ar@acme.test>", host: "127.0.0.1", port: PORT, secure: false, ...POOL }
  )
  const raw = nodemailer.createTransport({ host: "127.0.0.1", port: PORT, secure: false, ...POOL } as any)
  const body = { subject: "Your statement of account", html: "<p>Please find your statement attached.</p>", text: "Please find your statement attached." }

  const viaPlugin = async (i: number) => {
    const pdf = await statementPdf(statementOf(i))
    await provider.send({
      to: `ap${i}@customer.test`,
      channel: "email",
      template: "dunning-notice",
      content: body,
      attachments: [{ filename: `statement-${i}.pdf`, content: pdf.toString("base64"), content_type: "application/pdf", disposition: "attachment" }],
    } as any)
    return pdf.length
  }
  const viaBare = async (i: number) => {
    const pdf = await barePdf(statementOf(i))
    await raw.sendMail({
      from: { name: "Acme Collections", address: "ar@acme.test" },
      to: `ap${i}@customer.test`,
      ...body,
      attachments: [{ filename: `statement-${i}.pdf`, content: pdf, contentType: "application/pdf" }],
    })
    return pdf.length
  }

  /** The process's memory after a full collection: what stays, not the garbage the next collection frees. */
  const sample = (into: Array<{ rss: number; heap: number }>) => {
    global.gc?.()
    const { rss, heapUsed } = process.memoryUsage()
    into.push({ rss, heap: heapUsed })
  }
  const measure = async (label: string, send: (i: number) => Promise<number>) => {
    const before = sink.received()
    const memory: Array<{ rss: number; heap: number }> = []
    sample(memory)
    const started = performance.now()
    let next = 0
    let bytes = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < COUNT) {
          const i = next++
          const size = await send(i)
          bytes += size
          if (i === Math.floor(COUNT / 2)) {
            sample(memory)
          }
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    sample(memory)
    if (sink.received() - before !== COUNT) {
      throw new Error(`${label}: the server received ${sink.received() - before} of ${COUNT} messages`)
    }
    return { label, seconds, rate: COUNT / seconds, size: Math.round(bytes / COUNT), memory }
  }

  // warm-up: both renderers and both pools, so neither measurement pays for start-up
  for (let i = 0; i < 30; i++) {
    await Promise.all([viaPlugin(i), viaBare(i)])
  }
  const bare = await measure("bare pdfmake + nodemailer", viaBare)
  const plugin = await measure("plugin renderer + SMTP provider", viaPlugin)

  console.log(`\ndocuments benchmark: ${COUNT.toLocaleString("en")} statements of ${INVOICES} invoices, ${IN_FLIGHT} in flight, pool of ${POOL.maxConnections}`)
  console.table(
    [bare, plugin].map((r) => ({
      path: r.label,
      seconds: r.seconds.toFixed(2),
      "statements/s": r.rate.toFixed(1),
      "PDF bytes": r.size,
      "vs bare": (r.rate / bare.rate).toFixed(2),
      "RSS MB start/middle/end": r.memory.map((m) => mb(m.rss)).join(" / "),
      "heap MB start/middle/end": r.memory.map((m) => mb(m.heap)).join(" / "),
    }))
  )
  console.log(`plugin / bare pdfmake: ${(plugin.rate / bare.rate).toFixed(2)} (target >= 0.8)`)
  const [start, middle, end] = plugin.memory
  console.log(`RSS during the plugin's run, after a full GC: start ${mb(start.rss)} MB, middle ${mb(middle.rss)} MB, end ${mb(end.rss)} MB (target: flat)`)
  raw.close()
  await sink.close()
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
