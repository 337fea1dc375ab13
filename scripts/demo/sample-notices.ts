import fs from "fs"
import path from "path"
import { iso, languageName, line, money, pad, padStart } from "./format"

/**
 * The summary's sample notices, read from the .eml outbox: an overdue notice in English to a customer with
 * several invoices and someone in copy, and a notice in Spanish. Each shows its envelope (From, To, Cc,
 * Subject, attachments) and the opening of its text part.
 */

type Knex = any

/** The language the summary shows a notice in besides the sample. */
const SECOND_SAMPLE_LANGUAGE = "es"

type Mail = Awaited<ReturnType<(typeof import("mailparser"))["simpleParser"]>>
type SampleLine = { number: string; due_at: string; days_overdue: number; outstanding: string; currency_code: string }

/** The outbox, then the sample notice in English and one in Spanish. */
export async function printSampleNotices(knex: Knex, outbox: string) {
  const files = listFiles(outbox).filter((f) => f.endsWith(".eml"))
  line("")
  line(`outbox: ${outbox} (${files.length} .eml files)`)
  await printSample(knex, files)
  await printSampleIn(knex, files, SECOND_SAMPLE_LANGUAGE)
}

/** The latest overdue notice in English to a customer with several invoices and someone in copy, as the .eml shows it. */
async function printSample(knex: Knex, files: string[]) {
  const sample: any = await knex("dunning_notice")
    .where({ status: "sent", stage_name: "Notification of Overdue Invoices", language: "en" })
    .whereRaw("jsonb_array_length(receivable_ids) >= 2 AND jsonb_array_length(recipients->'cc') >= 1")
    .orderBy("sent_at", "desc")
    .orderByRaw("jsonb_array_length(receivable_ids) DESC, customer_id")
    .first()
  const mail = await openNotice(sample, files, "sample notice")
  if (!mail) {
    return
  }
  for (const l of textOf(mail, sample.lines).opening) line(`  │ ${l}`)
  for (const l of sample.lines as SampleLine[]) {
    line(`  │   invoice ${pad(l.number, 5)} due ${iso(new Date(l.due_at))}  ${padStart(l.days_overdue, 3)} days overdue  ${padStart(money(Number(l.outstanding), l.currency_code, 2), 11)}`)
  }
  line(`  │ …`)
}

/**
 * The latest notice written in `language` (an overdue one listing several invoices when there is one), as
 * the .eml shows it: its invoice table too as the mail's text part writes it, so all of it in that language.
 */
async function printSampleIn(knex: Knex, files: string[], language: string) {
  const notice: any = await knex("dunning_notice")
    .where({ status: "sent", language })
    .orderByRaw("stage_offset_days > 0 DESC, jsonb_array_length(receivable_ids) >= 2 DESC")
    .orderBy([{ column: "sent_at", order: "desc" }, { column: "id" }])
    .first()
  if (!notice) {
    return
  }
  line("")
  const mail = await openNotice(notice, files, `sample notice in ${languageName(language)}`)
  if (!mail) {
    return
  }
  const { opening, table } = textOf(mail, notice.lines)
  for (const l of [...opening, ...table]) line(`  │ ${l}`)
  line(`  │ …`)
}

/** The notice's .eml, parsed, after its envelope lines (From, To, Cc, Subject, attachments, when it was sent). */
async function openNotice(notice: any, files: string[], title: string): Promise<Mail | null> {
  const file = notice?.provider_message_id
    ? files.find((f) => f.includes(String(notice.provider_message_id).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120)))
    : undefined
  if (!notice || !file) {
    return null
  }
  const { simpleParser } = await import("mailparser")
  const mail = await simpleParser(fs.readFileSync(file))
  const addresses = (a: any) => (Array.isArray(a) ? a : a ? [a] : []).map((x: any) => x.text).join(", ")
  line(`${title}: ${file}`)
  line(`  From:     ${addresses(mail.from)}`)
  line(`  To:       ${addresses(mail.to)}`)
  if (mail.cc) line(`  Cc:       ${addresses(mail.cc)}`)
  line(`  Subject:  ${mail.subject}`)
  line(`  Attached: ${mail.attachments.map((a) => `${a.filename} (${a.contentType})`).join(", ") || "–"}`)
  line(`  Sent:     ${new Date(notice.sent_at).toISOString().slice(0, 16).replace("T", " ")} (simulated)`)
  line("")
  return mail
}

/**
 * The text part up to the invoice table (`opening`), and the table as the text part writes it, a line per
 * row (`table`): its headings, each invoice (a block that starts with the invoice's number; without the
 * pay link) and the totals. The table is found by the notice's invoice numbers, so in any language.
 */
function textOf(mail: Mail, lines: SampleLine[]): { opening: string[]; table: string[] } {
  const blocks = (mail.text ?? "").trim().split(/\n\s*\n/).map((b) => b.split("\n").map((l) => l.trim()).filter(Boolean))
  const numbers = new Set(lines.map((l) => String(l.number)))
  const isRow = (block: string[]) => numbers.has(block[0] ?? "")
  const first = blocks.findIndex(isRow)
  if (first < 1) {
    return { opening: blocks.flat().slice(0, 4), table: [] }
  }
  const headings = blocks[first - 1]
  const after = blocks.slice(first)
  const end = after.findIndex((b) => !isRow(b))
  const rows = end < 0 ? after : after.slice(0, end)
  const totals = end < 0 ? undefined : after[end]
  return {
    opening: blocks.slice(0, first - 1).flat(),
    table: [headings, ...rows.map((r) => r.slice(0, headings.length)), ...(totals ? [totals] : [])].map((cells) => `  ${cells.join("  ·  ")}`),
  }
}

function listFiles(dir: string): string[] {
  if (!dir || !fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}
