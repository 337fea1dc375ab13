import type { MedusaContainer } from "@medusajs/framework/types"
import { savePolicyWorkflow } from "medusa-plugin-dunning/workflows"
import { iso } from "./calendar"
import { money } from "./format"

/**
 * The demo's chapter on wording: on the day dunning goes live, the standard policy's overdue notice gets a
 * variant B (a shorter, firmer letter) for half of the customers; at the end the summary shows how each
 * wording did, as the Performance tab shows it: invoices paid within 14 days of the notice, money recovered
 * and the verdict of the two-proportion test (or "not enough data yet").
 */
const VARIANT_B = {
  subject_template: "{{store.name}}: {{#each totals}}{{money outstanding currency_code}}{{#unless @last}} and {{/unless}}{{/each}} is overdue",
  body_html_template:
    "<p>Dear {{customer.name}},</p><p>the invoices below are past their due date. Please pay them today, or tell us when you will.</p>" +
    "{{> invoiceTable}}{{#if collection_page_url}}<p><a href=\"{{collection_page_url}}\">Pay or answer online</a></p>{{/if}}",
}
export const VARIANT_SPLIT = 50

/** Gives the standard policy's first overdue stage a variant B for half of the customers; returns its name. */
export async function startVariantSplit(container: MedusaContainer): Promise<string> {
  const dunning: any = container.resolve("dunning")
  const standard = await dunning.ensureDefaultPolicy()
  const [stored] = await dunning.listDunningPolicies({ id: standard.id }, { relations: ["stages"] })
  // the policy as stored, its stages in order, the overdue stage with its second wording
  const { id, created_at, updated_at, deleted_at, stages, ...fields } = stored
  const ordered = [...stages].sort((a: any, b: any) => a.position - b.position)
  const overdue = ordered.find((s: any) => s.action === "send" && s.offset_days > 0)
  const policy = {
    ...fields,
    stages: ordered.map((s: any) => (s === overdue ? { ...s, variant_b: { ...VARIANT_B, body_text_template: null }, variant_split: VARIANT_SPLIT } : s)),
  }
  await savePolicyWorkflow(container).run({ input: { id, policy } as any })
  return overdue.name
}

/** How each wording did over the live period, per currency, stage and channel. */
export async function printVariantResult(container: MedusaContainer, input: { simStart: Date; today: Date }) {
  const dunning: any = container.resolve("dunning")
  const kpis = await dunning.getKpis({ now: input.today, from: input.simStart, to: input.today, paid_within_days: 14 })
  console.log("")
  console.log(`wording A against B since ${iso(input.simStart.getTime())} (${VARIANT_SPLIT}% of customers read B; the Performance tab shows the same)`)
  const pct = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`)
  let shown = 0
  for (const c of kpis.currencies) {
    for (const v of c.collection_rate_by_variant ?? []) {
      shown += 1
      const arm = (a: any, name: string) =>
        a ? `${name}: ${a.notices} notices, ${a.paid_count}/${a.receivables} invoices paid within 14 days (${pct(a.paid_rate)}), ${money(a.recovered_amount, c.currency_code, 2)} recovered` : `${name}: no notices`
      const verdict =
        v.test.status === "not_enough_data"
          ? `not enough data yet (at least ${v.test.min_per_arm} invoices per variant)`
          : `${v.test.status === "significant" ? "a clear difference" : "no clear difference yet"} (z ${v.test.z}, p ${v.test.p_value})`
      console.log(`  ${c.currency_code.toUpperCase()}  ${v.stage_name} by ${v.channel}`)
      console.log(`       ${arm(v.a, "A")}`)
      console.log(`       ${arm(v.b, "B")}`)
      console.log(`       ${verdict}`)
    }
  }
  if (!shown) {
    console.log("  no notice went out under the split")
  }
}
