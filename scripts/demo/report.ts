import type { MedusaContainer } from "@medusajs/framework/types"
import { iso, languageName, line, money, pad, padStart } from "./format"
import { printSampleNotices } from "./sample-notices"

/**
 * What the demo prints: a line per simulated week while it runs, and the summary at the end (notices by
 * stage and by language, collection events, the orders that changed, the answers customers gave on the
 * collection page, money collected after each stage, days to pay, DSO, aging, a sample notice from the
 * outbox and one in Spanish). Money is always shown per currency, never added across currencies.
 */
type Knex = any
type Money = Record<string, number>

const STAGE_LABELS: Record<string, string> = {
  "Friendly reminder": "reminder",
  "Due today": "due",
  "Notification of Overdue Invoices": "overdue",
  "Final notice before credit hold": "final",
}

function moneyList(values: Money): string {
  const entries = Object.entries(values).filter(([, v]) => Math.abs(v) >= 0.005)
  return entries.length ? entries.sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => money(v, c)).join(" + ") : "–"
}
function byCurrency(rows: Array<{ currency_code: string; total: string | number }>): Money {
  const out: Money = {}
  for (const r of rows) out[r.currency_code] = (out[r.currency_code] ?? 0) + Number(r.total)
  return out
}

/** One line for a simulated week: orders, notices by stage, escalations, money collected, overdue at the end. */
export async function weekLine(knex: Knex, w: { from: Date; to: Date; orders: number; index: number }): Promise<string> {
  const notices: Array<{ stage_name: string; n: string }> = await knex("dunning_notice")
    .select("stage_name")
    .count("* as n")
    .where("status", "sent")
    .andWhere("sent_at", ">=", w.from)
    .andWhere("sent_at", "<", w.to)
    .groupBy("stage_name")
  const [{ n: escalations }] = await knex("dunning_collection_event").count("* as n").where("type", "escalated").andWhere("occurred_at", ">=", w.from).andWhere("occurred_at", "<", w.to)
  const collected = byCurrency(
    await knex("dunning_receivable_payment")
      .select("currency_code")
      .sum({ total: "amount" })
      .where("kind", "payment")
      .andWhere("paid_at", ">=", w.from)
      .andWhere("paid_at", "<", w.to)
      .groupBy("currency_code")
  )
  const overdue = byCurrency(
    await knex("dunning_receivable")
      .select("currency_code")
      .select(knex.raw("sum(amount - amount_paid) AS total"))
      .where("status", "open")
      .andWhere("due_at", "<", w.to)
      .whereNull("deleted_at")
      .groupBy("currency_code")
  )
  const total = notices.reduce((s, n) => s + Number(n.n), 0)
  const parts = notices
    .sort((a, b) => Object.keys(STAGE_LABELS).indexOf(a.stage_name) - Object.keys(STAGE_LABELS).indexOf(b.stage_name))
    .map((n) => `${STAGE_LABELS[n.stage_name] ?? n.stage_name} ${n.n}`)
  return (
    `  week ${padStart(w.index, 2)}  ${iso(w.from)}…${iso(new Date(w.to.getTime() - 1))}  ` +
    `orders ${padStart(w.orders, 2)}  notices ${padStart(total, 3)}${parts.length ? ` (${parts.join(", ")})` : ""}` +
    `${Number(escalations) ? `  escalated ${escalations}` : ""}  collected ${moneyList(collected)}  overdue ${moneyList(overdue)}`
  )
}

export async function printSummary(
  container: MedusaContainer,
  knex: Knex,
  input: { simStart: Date; today: Date; outbox: string; admin: { email: string; password: string }; simulatedIn: number }
) {
  const { simStart, today } = input
  const days = Math.round((today.getTime() - simStart.getTime()) / 86_400_000)
  line("")
  line(`━━ ${days} days of collections, ${iso(simStart)} → ${iso(today)} (simulated in ${(input.simulatedIn / 1000).toFixed(0)} s) ━━`)
  await printLedger(knex)
  await printNoticesByStage(knex)
  await printNoticesByLanguage(knex)
  await printCollectionEvents(knex)
  await printOrderChanges(knex)
  await printPageAnswers(knex, today)
  await printCollected(knex, simStart, days)

  // KPIs and aging: the plugin's own analytics (GET /admin/dunning/kpis and /aging) when this version has them
  const dunning: any = container.resolve("dunning")
  const kpis = typeof dunning.getKpis === "function" ? await dunning.getKpis({ now: today, from: simStart, to: today, paid_within_days: 14 }).catch(() => null) : null
  const aging = typeof dunning.getAging === "function" ? await dunning.getAging({ now: today, bucket_bounds: [30, 60, 90], top: 3 }).catch(() => null) : null
  if (kpis) {
    printKpis(kpis, days)
  } else {
    await printKpisFromSql(knex, simStart, days)
  }
  if (aging) {
    await printAging(knex, aging, today)
  } else {
    await printAgingFromSql(knex, today)
  }

  await printSampleNotices(knex, input.outbox)
}

async function printLedger(knex: Knex) {
  const ledger: Array<{ currency_code: string; n: string; billed: string; paid: string; open: string }> = await knex
    .raw(
      `SELECT currency_code, count(*) AS n, sum(amount) AS billed,
              count(*) FILTER (WHERE status = 'paid') AS paid, count(*) FILTER (WHERE status = 'open') AS open
         FROM dunning_receivable WHERE deleted_at IS NULL GROUP BY currency_code ORDER BY currency_code`
    )
    .then((r: any) => r.rows)
  line(
    `ledger: ${ledger.reduce((s, l) => s + Number(l.n), 0)} receivables from orders on terms (` +
      ledger.map((l) => `${l.n} in ${l.currency_code.toUpperCase()}, ${money(Number(l.billed), l.currency_code)} billed, ${l.paid} paid, ${l.open} open`).join("; ") +
      ")"
  )
}

async function printNoticesByStage(knex: Knex) {
  const stages: Array<{ stage_name: string; stage_offset_days: number; status: string; n: string; customers: string }> = await knex.raw(`
    SELECT stage_name, min(stage_offset_days) AS stage_offset_days, status, count(*) AS n, count(DISTINCT customer_id) AS customers
      FROM dunning_notice WHERE deleted_at IS NULL GROUP BY stage_name, status ORDER BY 2, 1`).then((r: any) => r.rows)
  const stageNames = [...new Set(stages.map((s) => s.stage_name))]
  line("")
  line(`notices by stage                    sent  cancelled  customers`)
  for (const name of stageNames) {
    const rows = stages.filter((s) => s.stage_name === name)
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0)
    const customers = Number(rows.find((r) => r.status === "sent")?.customers ?? 0)
    line(`  ${pad(name, 32)} ${padStart(count("sent"), 5)}  ${padStart(count("cancelled"), 9)}  ${padStart(customers, 9)}`)
  }
  const [{ n: failed }] = await knex("dunning_notice").count("* as n").whereIn("status", ["failed", "scheduled"])
  if (Number(failed)) line(`  (${failed} notices failed or still queued)`)
}

/** The notices sent, by the language each was written in (as the notice records it), most first. */
async function printNoticesByLanguage(knex: Knex) {
  const languages: Array<{ language: string | null; n: string }> = await knex.raw(`
    SELECT language, count(*) AS n FROM dunning_notice WHERE status = 'sent' AND deleted_at IS NULL
     GROUP BY language ORDER BY count(*) DESC, language`).then((r: any) => r.rows)
  const named = (code: string | null) => (code ? languageName(code) : "language not recorded")
  line("")
  line(`notices sent by language: ${languages.map((l) => `${named(l.language)} ${l.n}`).join(" · ")}`)
}

async function printCollectionEvents(knex: Knex) {
  const events: Array<{ title: string; n: string; open: string }> = await knex.raw(`
    SELECT CASE WHEN idempotency_key ~ '^order-(amount|hold|resume):' THEN split_part(title, ':', 1)
                WHEN type = 'promise_to_pay' THEN 'Promise to pay' ELSE title END AS title,
           count(*) AS n, count(*) FILTER (WHERE follow_up_status = 'open') AS open
      FROM dunning_collection_event WHERE deleted_at IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1`).then((r: any) => r.rows)
  line("")
  line(`collection events                  count  open follow-ups`)
  for (const e of events) line(`  ${pad(e.title, 32)} ${padStart(e.n, 5)}  ${padStart(Number(e.open) ? e.open : "", 15)}`)
}

/** What the plugin wrote into the history when an order changed after it was placed, with its receivable and customer. */
const ORDER_CHANGE_LINES = `
  SELECT e.occurred_at, e.title, e.note, r.id AS receivable_id, r.number, r.status, r.amount, r.amount_paid, r.currency_code, c.company_name
    FROM dunning_collection_event e
    JOIN dunning_receivable r ON r.id = e.receivable_ids->>0
    JOIN customer c ON c.id = e.customer_id
   WHERE e.deleted_at IS NULL
     AND (e.idempotency_key LIKE 'order-amount:%' OR e.idempotency_key LIKE 'order-hold:%' OR e.idempotency_key LIKE 'order-resume:%')
   ORDER BY r.id, e.occurred_at, CASE WHEN e.idempotency_key LIKE 'order-amount:%' THEN 1 ELSE 0 END`

/** The orders that changed after they were placed: each line the history got, and where the invoice stands now. */
async function printOrderChanges(knex: Knex) {
  const rows: Array<Record<string, any>> = await knex.raw(ORDER_CHANGE_LINES).then((r: any) => r.rows)
  line("")
  line("orders changed after they were placed (returns, edits): what the invoice's history says")
  if (!rows.length) {
    line("  –")
    return
  }
  for (const id of [...new Set(rows.map((r) => r.receivable_id as string))]) {
    const lines = rows.filter((r) => r.receivable_id === id)
    const r = lines[0]
    const outstanding = Number(r.amount) - Number(r.amount_paid)
    line(
      `  ${r.company_name}, invoice ${r.number}: now ${r.status}, ${money(Number(r.amount), r.currency_code, 2)} ` +
        `(${money(Math.max(outstanding, 0), r.currency_code, 2)} outstanding)`
    )
    for (const l of lines) {
      line(`    ${iso(new Date(l.occurred_at))}  ${l.title}${l.note && l.title.includes("amount") ? ` (${l.note})` : ""}`)
    }
  }
}

/**
 * The answers customers gave on the collection page (recorded as the customer's), with the customer and,
 * for a promise, what was paid on the invoices it covers between the promise and its deadline (the end of
 * the day after the promised date) and how many of them were still unpaid then, as the plugin's KPIs judge
 * a promise; for a dispute, when it was resolved.
 */
const PAGE_ANSWERS = `
  WITH answer AS (
    SELECT e.*, e.promised_date + interval '2 days' AS deadline, c.company_name
      FROM dunning_collection_event e JOIN customer c ON c.id = e.customer_id
     WHERE e.author_type = 'customer' AND e.deleted_at IS NULL AND e.metadata->>'answered_via' = 'collection_page'),
  covered AS (
    SELECT a.id AS answer_id, r.id, r.status, r.paid_at FROM answer a
      JOIN dunning_receivable r ON r.customer_id = a.customer_id AND r.deleted_at IS NULL AND r.issued_at <= a.occurred_at
     WHERE a.type = 'promise_to_pay' AND NOT (r.status = 'paid' AND r.paid_at <= a.occurred_at)
       AND (a.promised_currency_code IS NULL OR r.currency_code = a.promised_currency_code)
       AND (jsonb_array_length(a.receivable_ids) = 0 OR a.receivable_ids @> jsonb_build_array(r.id)))
  SELECT a.id, a.customer_id, a.company_name, a.type, a.title, a.note, a.occurred_at, a.deadline, a.receivable_ids,
         a.promised_amount, a.promised_currency_code,
         (SELECT coalesce(sum(CASE WHEN l.kind = 'refund' THEN -l.amount ELSE l.amount END), 0)
            FROM covered c JOIN dunning_receivable_payment l ON l.receivable_id = c.id AND l.deleted_at IS NULL
           WHERE c.answer_id = a.id AND l.paid_at >= a.occurred_at AND l.paid_at < a.deadline) AS paid_in_time,
         (SELECT count(*) FROM covered c WHERE c.answer_id = a.id AND c.status <> 'void'
             AND NOT (c.status = 'paid' AND c.paid_at < a.deadline))::int AS unpaid_at_deadline,
         (SELECT min(x.occurred_at) FROM dunning_collection_event x
           WHERE x.type = 'dispute_resolved' AND x.customer_id = a.customer_id AND x.deleted_at IS NULL
             AND x.receivable_ids @> a.receivable_ids AND x.occurred_at >= a.occurred_at) AS resolved_at
    FROM answer a ORDER BY a.occurred_at, a.company_name`

/** The customer's history from the run before an answer: every line, or (for a dispute) those about its invoice. */
const HISTORY_AROUND = `
  SELECT e.occurred_at, e.title, e.author_type, e.note FROM dunning_collection_event e
   WHERE e.customer_id = ? AND e.deleted_at IS NULL AND e.occurred_at >= ?::timestamptz - interval '1 hour' AND e.occurred_at < ?
     AND (?::jsonb IS NULL OR e.receivable_ids @> ?::jsonb)
   ORDER BY e.occurred_at, e.title, e.note LIMIT 8`

/** "Answered through the collection page: …", then each answer with the customer's history around it. */
async function printPageAnswers(knex: Knex, today: Date) {
  const answers: Array<Record<string, any>> = await knex.raw(PAGE_ANSWERS).then((r: any) => r.rows)
  const stateOf = (a: Record<string, any>) =>
    (a.promised_amount !== null ? Number(a.paid_in_time) >= Number(a.promised_amount) : a.unpaid_at_deadline === 0)
      ? "kept"
      : new Date(a.deadline) <= today ? "broken" : "open"
  const promises = answers.filter((a) => a.type === "promise_to_pay").map(stateOf)
  const disputes = answers.filter((a) => a.type === "dispute_opened").map((a) => (a.resolved_at ? "resolved" : "open"))
  const counted = (n: number, what: string, states: string[]) => {
    const tally = [...new Set(states)].map((s) => (n === 1 ? s : `${states.filter((x) => x === s).length} ${s}`))
    return `${n} ${what}${n === 1 ? "" : "s"}${tally.length ? ` (${tally.join(", ")})` : ""}`
  }
  line("")
  line(`answered through the collection page: ${counted(promises.length, "promise", promises)}, ${counted(disputes.length, "dispute", disputes)}`)
  for (const a of answers) {
    const dispute = a.type === "dispute_opened"
    const amount = a.promised_amount !== null ? `, ${money(Number(a.promised_amount), a.promised_currency_code, 2)}` : ""
    const paid = a.promised_currency_code ? ` (${money(Number(a.paid_in_time), a.promised_currency_code, 2)} paid by the deadline)` : ""
    const outcome = dispute ? (a.resolved_at ? `resolved ${iso(new Date(a.resolved_at))}` : "still open") : `${stateOf(a)}${paid}`
    line(`  ${a.company_name}: ${a.title}${amount}, ${outcome}`)
    const until = dispute ? today : new Date(Math.min(new Date(a.deadline).getTime(), today.getTime()))
    const about = dispute ? JSON.stringify(a.receivable_ids) : null
    const history: Array<Record<string, any>> = await knex.raw(HISTORY_AROUND, [a.customer_id, a.occurred_at, until, about, about]).then((r: any) => r.rows)
    for (const h of history) {
      const customer = h.author_type === "customer"
      const note = h.note ? `: ${customer ? `"${h.note}"` : h.note}` : ""
      line(`    ${new Date(h.occurred_at).toISOString().slice(0, 16).replace("T", " ")}  ${h.title}${customer ? " (the customer, on the page)" : ""}${note}`)
    }
  }
}

/** Payments in the live period by the last notice the customer had received about the invoice before paying (and how many of that stage). */
const COLLECTED_BY_LAST_NOTICE = `
  SELECT COALESCE(last.stage_name, 'before any notice') AS after, last.k, min(last.stage_offset_days) AS offset,
         p.currency_code, sum(p.amount) AS total, count(DISTINCT p.receivable_id) AS invoices
    FROM dunning_receivable_payment p
    LEFT JOIN LATERAL (
      SELECT n.stage_name, n.stage_offset_days,
             (SELECT count(*) FROM dunning_notice m WHERE m.status = 'sent' AND m.stage_name = n.stage_name
                 AND m.receivable_ids @> jsonb_build_array(p.receivable_id) AND m.sent_at <= p.paid_at)::int AS k
        FROM dunning_notice n
       WHERE n.status = 'sent' AND n.receivable_ids @> jsonb_build_array(p.receivable_id) AND n.sent_at <= p.paid_at
       ORDER BY n.sent_at DESC LIMIT 1) last ON true
   WHERE p.kind = 'payment' AND p.deleted_at IS NULL AND p.paid_at >= ?
   GROUP BY 1, 2, p.currency_code
   ORDER BY min(COALESCE(last.stage_offset_days, -1000)), 2`

async function printCollected(knex: Knex, simStart: Date, days: number) {
  const collected: Array<{ after: string; k: number; currency_code: string; total: string; invoices: string; offset: number | null }> = await knex
    .raw(COLLECTED_BY_LAST_NOTICE, [simStart])
    .then((r: any) => r.rows)
  const groups = new Map<string, { money: Money; invoices: number }>()
  for (const c of collected) {
    const nth = c.k > 1 && Number(c.offset) > 0 ? `${ordinal(c.k)} ` : ""
    const label = c.after === "before any notice" ? c.after : `after ${nth}${c.after}`
    const g = groups.get(label) ?? { money: {}, invoices: 0 }
    g.money[c.currency_code] = (g.money[c.currency_code] ?? 0) + Number(c.total)
    g.invoices += Number(c.invoices)
    groups.set(label, g)
  }
  line("")
  line(`collected in the ${days} days, by the last notice before the payment   invoices`)
  for (const [label, g] of groups) line(`  ${pad(label, 46)} ${pad(moneyList(g.money), 24)} ${padStart(g.invoices, 4)}`)
}

function ordinal(n: number): string {
  return `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`
}

const pct = (x: number | null) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`)
const days1 = (x: number | null) => (x === null || x === undefined ? "–" : x.toFixed(1))

function printKpis(kpis: any, days: number) {
  console.log("")
  console.log(`collection KPIs for the ${days} days (the plugin's getKpis, as GET /admin/dunning/kpis shows them)`)
  for (const c of kpis.currencies) {
    const code = c.currency_code.toUpperCase()
    console.log(
      `  ${code}  DSO ${days1(c.dso.days)} days · collection average ${days1(c.collection_average_days)} days from invoice to payment · ` +
        `${days1(c.average_days_late)} days late on average · ${c.paid_count} invoices settled`
    )
    console.log(
      `       promises to pay ${c.promises.made} (kept ${c.promises.kept}, broken ${c.promises.broken}, open ${c.promises.open}) · ` +
        `disputed ${c.receivables_disputed} of ${c.receivables_issued} invoices issued (${pct(c.dispute_rate)})`
    )
    // the same stage name in two policies is one stage to the reader
    const stages = new Map<string, { paid: number; listed: number }>()
    for (const r of (c.collection_rate_by_stage ?? []).filter((r: any) => r.notices > 0)) {
      const sum = stages.get(r.stage_name) ?? { paid: 0, listed: 0 }
      sum.paid += r.paid_count
      sum.listed += r.receivables
      stages.set(r.stage_name, sum)
    }
    if (stages.size) {
      console.log(
        `       invoices paid within ${kpis.paid_within_days} days of a notice: ` +
          [...stages].map(([name, r]) => `${STAGE_LABELS[name] ?? name} ${pct(r.listed ? r.paid / r.listed : null)} (${r.paid}/${r.listed})`).join(", ")
      )
    }
  }
}

async function printKpisFromSql(knex: Knex, simStart: Date, days: number) {
  const speed: Array<{ currency_code: string; settled: string; to_pay: string; past_due: string }> = await knex
    .raw(
      `SELECT currency_code, count(*) AS settled,
              avg(extract(epoch FROM paid_at - issued_at) / 86400) AS to_pay,
              avg(GREATEST(0, extract(epoch FROM paid_at - due_at) / 86400)) AS past_due
         FROM dunning_receivable
        WHERE status = 'paid' AND paid_at >= ? AND deleted_at IS NULL
        GROUP BY currency_code ORDER BY currency_code`,
      [simStart]
    )
    .then((r: any) => r.rows)
  const dso: Array<{ currency_code: string; open: string; billed: string }> = await knex
    .raw(
      `SELECT currency_code, sum(amount - amount_paid) FILTER (WHERE status = 'open') AS open,
              sum(amount) FILTER (WHERE issued_at >= ?) AS billed
         FROM dunning_receivable WHERE deleted_at IS NULL GROUP BY currency_code ORDER BY currency_code`,
      [simStart]
    )
    .then((r: any) => r.rows)
  console.log("")
  console.log(`collection KPIs for the ${days} days (DSO = open ÷ billed in the period × ${days})`)
  for (const s of speed) {
    const d = dso.find((x) => x.currency_code === s.currency_code)
    const dsoDays = d && Number(d.billed) ? (Number(d.open) / Number(d.billed)) * days : null
    console.log(
      `  ${s.currency_code.toUpperCase()}  DSO ${days1(dsoDays)} days · collection average ${days1(Number(s.to_pay))} days from invoice to payment · ` +
        `${days1(Number(s.past_due))} days late on average · ${s.settled} invoices settled`
    )
  }
}

async function printAging(knex: Knex, aging: any, today: Date) {
  const ids = aging.currencies.flatMap((c: any) => c.top_customers.map((t: any) => t.customer_id))
  const names = new Map<string, string>(
    (await knex("customer").select("id", "company_name").whereIn("id", ids)).map((c: any) => [c.id, c.company_name])
  )
  console.log("")
  console.log(`aging of open receivables on ${iso(today)} (the plugin's getAging, as GET /admin/dunning/aging shows it)`)
  for (const c of aging.currencies) {
    const code = c.currency_code
    console.log(
      `  ${code.toUpperCase()}  ` +
        c.buckets.map((b: any) => `${b.key === "current" ? "current" : b.max_days === null ? `${b.min_days}+ d` : `${b.min_days}–${b.max_days} d`} ${money(b.amount, code)} (${b.count})`).join(" · ")
    )
    if (c.top_customers.length) {
      console.log(
        `       most overdue: ` +
          c.top_customers.map((t: any) => `${names.get(t.customer_id) ?? t.customer_id} ${money(t.overdue_amount, code)} (${t.oldest_days_overdue} d)`).join(", ")
      )
    }
  }
}

async function printAgingFromSql(knex: Knex, today: Date) {
  const aging: Array<{ bucket: string; currency_code: string; total: string; n: string }> = await knex
    .raw(
      `SELECT CASE WHEN due_at >= ? THEN '0 current'
                   WHEN due_at >= ?::timestamptz - interval '30 days' THEN '1 1–30 d'
                   WHEN due_at >= ?::timestamptz - interval '60 days' THEN '2 31–60 d'
                   WHEN due_at >= ?::timestamptz - interval '90 days' THEN '3 61–90 d'
                   ELSE '4 91+ d' END AS bucket,
              currency_code, sum(amount - amount_paid) AS total, count(*) AS n
         FROM dunning_receivable WHERE status = 'open' AND deleted_at IS NULL
        GROUP BY 1, 2 ORDER BY 2, 1`,
      [today, today, today, today]
    )
    .then((r: any) => r.rows)
  console.log("")
  console.log(`aging of open receivables on ${iso(today)}`)
  for (const code of [...new Set(aging.map((a) => a.currency_code))]) {
    const rows = aging.filter((a) => a.currency_code === code)
    console.log(`  ${code.toUpperCase()}  ` + rows.map((r) => `${r.bucket.slice(2)} ${money(Number(r.total), code)} (${r.n})`).join(" · "))
  }
}
