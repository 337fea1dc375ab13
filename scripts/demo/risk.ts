import type { MedusaContainer } from "@medusajs/framework/types"
import path from "path"
import { refreshRiskScoresWorkflow, savePolicyWorkflow } from "medusa-plugin-dunning/workflows"
import { iso } from "./calendar"
import { line } from "./format"
import { CUSTOMERS } from "./scenario"

/**
 * The demo's chapter on risk. Every night at 02:40 the plugin's nightly job scores every customer from its
 * own ledger (`refreshRiskScoresWorkflow`, as the `dunning-risk` job runs it); payments, promises and
 * disputes score their customer at once. On the day dunning goes live the merchant enables the shipped
 * "High risk" policy (Settings → Collections). One distributor, Hudson Valley Provisions (persona
 * "slipping" in ./scenario.ts), lets every invoice run into the overdue notices, promises the rep a date and
 * does not keep it, and pays ten business days after the date it promised. Once three of its invoices are settled that
 * way and two promises are broken, it is in the high band; its next notice goes out under "High risk",
 * with "Policy changed: risk … → high, now under 'High risk'" in its history. The summary ends with its
 * story: the change of band and why, the factors, the history from the change on, the notices under the
 * stricter policy and what the call list suggests.
 */
export const SLIPPING_CUSTOMER = CUSTOMERS.find((c) => c.persona === "slipping")?.company ?? ""

/** The nightly scoring at `at`: every customer with receivables. */
export async function scoreEveryCustomer(container: MedusaContainer, at: Date): Promise<number> {
  const { result } = await refreshRiskScoresWorkflow(container).run({ input: { now: at } })
  return result.band_changes
}

/** The merchant enables the shipped "High risk" policy as it stands; returns its name. */
export async function enableHighRiskPolicy(container: MedusaContainer): Promise<string> {
  const dunning: any = container.resolve("dunning")
  await dunning.ensureDefaultPolicy()
  const [stored] = await dunning.listDunningPolicies({ shipped_as: "high_risk" }, { relations: ["stages"] })
  if (!stored) {
    throw new Error("the store has no shipped High risk policy")
  }
  const { id, created_at, updated_at, deleted_at, stages, ...fields } = stored
  const ordered = [...stages].sort((a: any, b: any) => a.position - b.position)
  await savePolicyWorkflow(container).run({ input: { id, policy: { ...fields, enabled: true, stages: ordered } as any } })
  return stored.name
}

const BANDS_TODAY = `
  SELECT band, count(*)::int AS n FROM dunning_customer_risk WHERE deleted_at IS NULL GROUP BY band
   ORDER BY array_position(ARRAY['new','low','medium','high'], band)`

const CHANGES_OF = `
  SELECT k.from_band, k.to_band, k.from_score, k.to_score, k.reason, k.changed_at
    FROM dunning_customer_risk_change k WHERE k.customer_id = ? AND k.deleted_at IS NULL ORDER BY k.changed_at, k.id`

const HISTORY_FROM = `
  SELECT e.occurred_at, e.title, e.note FROM dunning_collection_event e
   WHERE e.customer_id = ? AND e.deleted_at IS NULL AND e.occurred_at >= ?
   ORDER BY e.occurred_at, CASE WHEN e.title = 'Policy changed' THEN 0 ELSE 1 END, e.id LIMIT 6`

const NOTICES_UNDER = `
  SELECT n.stage_name, count(*)::int AS n, min(n.sent_at) AS first FROM dunning_notice n
   WHERE n.customer_id = ? AND n.policy_id = ? AND n.status = 'sent' GROUP BY n.stage_name ORDER BY min(n.sent_at)`

const FACTOR_LABELS: Record<string, (v: number) => string> = {
  days_late: (v) => `pays ${v.toFixed(1)} days late`,
  on_time: (v) => `${Math.round(v * 100)}% paid on time`,
  broken_promises: (v) => `${v} broken promise${v === 1 ? "" : "s"}`,
  disputes: (v) => `${v} dispute${v === 1 ? "" : "s"}`,
  overdue: (v) => `${v.toFixed(1)} months of purchases overdue`,
  bounced_contacts: (v) => `${v} undelivered notice${v === 1 ? "" : "s"}`,
  trend: (v) => `${v > 0 ? "+" : ""}${v.toFixed(1)} days later than before`,
}

const stamp = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ")

/** The chapter's summary: customers by band, then the slipping customer's way to the High risk policy. */
export async function printRiskChapter(container: MedusaContainer, knex: any, input: { simStart: Date; today: Date }) {
  const dunning: any = container.resolve("dunning")
  const bands: Array<{ band: string; n: number }> = (await knex.raw(BANDS_TODAY)).rows
  line("")
  line(`risk bands on ${iso(input.today.getTime())} (scored every night and at each payment, promise and dispute): ${bands.map((b) => `${b.band} ${b.n}`).join(" · ")}`)
  const [policy] = await dunning.listDunningPolicies({ shipped_as: "high_risk" }, { select: ["id", "name", "enabled"] })
  const [customer] = (await knex.raw(`SELECT id, company_name FROM customer WHERE company_name = ? AND deleted_at IS NULL`, [SLIPPING_CUSTOMER])).rows
  if (!policy || !customer) {
    line("  no High risk policy or no slipping customer in this store")
    return
  }
  line(`'${policy.name}' policy ${policy.enabled ? "enabled" : "disabled"} since ${iso(input.simStart.getTime())}; ${customer.company_name} promised and did not keep it:`)
  const changes: Array<Record<string, any>> = (await knex.raw(CHANGES_OF, [customer.id])).rows
  for (const c of changes) {
    line(`  ${iso(new Date(c.changed_at).getTime())}  risk ${c.from_band} → ${c.to_band} (score ${c.from_score} → ${c.to_score}): ${c.reason}`)
  }
  const [risk] = (await knex.raw(`SELECT score, band, factors FROM dunning_customer_risk WHERE customer_id = ? AND deleted_at IS NULL`, [customer.id])).rows
  if (risk) {
    const top = [...(risk.factors as Array<{ key: string; value: number | null; contribution: number }>)]
      .filter((f) => f.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .map((f) => `${f.value === null ? f.key : FACTOR_LABELS[f.key]?.(f.value) ?? f.key} (${f.contribution.toFixed(1)})`)
    line(`  today: score ${risk.score}, ${risk.band}; ${top.join(" · ")}`)
  }
  const toHigh = [...changes].reverse().find((c) => c.to_band === "high")
  if (!toHigh) {
    line("  it has not reached the high band in these 90 days")
    return
  }
  const history: Array<Record<string, any>> = (await knex.raw(HISTORY_FROM, [customer.id, toHigh.changed_at])).rows
  for (const h of history) {
    // a note that starts with its title ("Policy changed: …", "Credit hold placed: …") is shown once
    const text = !h.note ? h.title : h.note.startsWith(h.title) ? h.note : `${h.title}: ${h.note}`
    line(`    ${stamp(h.occurred_at)}  ${text}`)
  }
  const notices: Array<{ stage_name: string; n: number; first: Date }> = (await knex.raw(NOTICES_UNDER, [customer.id, policy.id])).rows
  const count = notices.reduce((s, n) => s + n.n, 0)
  line(`  notices under '${policy.name}': ${count ? notices.map((n) => `${n.stage_name} ×${n.n} (first ${iso(new Date(n.first).getTime())})`).join(", ") : "none yet"}`)
  const { entries } = await dunning.listCallList({ now: input.today, customer_id: customer.id, order: "risk", limit: 1, offset: 0 })
  if (entries.length) {
    line(`  call list (GET /admin/dunning/follow-ups?order=risk): "${entries[0].title}", why call now: ${suggestionSentence(entries[0].suggestion)}`)
  } else {
    line("  no open follow-up on the call list today")
  }
}

/** The suggestion's sentence in English, as the admin writes it. */
function suggestionSentence(suggestion: { code: string; params: Record<string, number> }): string {
  const root = path.dirname(require.resolve("medusa-plugin-dunning/package.json"))
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { suggestionText } = require(path.join(root, ".medusa/server/src/modules/dunning/domain/call-suggestion-text.js"))
  return `"${suggestionText(suggestion, "en")}"`
}
