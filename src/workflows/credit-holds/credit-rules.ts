import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../../modules/dunning"
import { creditHoldRulesOf, type CreditHoldRules, type MoneyAmount } from "../../modules/dunning/domain/credit-hold"
import { decimalCompare } from "../../modules/dunning/domain/decimal"
import { choosePolicy } from "../../modules/dunning/domain/policy"
import type DunningModuleService from "../../modules/dunning/service"
import type { CustomerCreditRules } from "../../modules/dunning/service"
import { customerGroups, loadPolicies, riskStandings, type LoadedPolicy } from "../dunning/run-context"

/**
 * The credit hold rules that apply to customers: those of each customer's policy (pinned, by group and band, or the
 * default), none for a customer marked do-not-dun or under a disabled policy. Read with one query per kind
 * of data, never per customer.
 */
export async function creditRulesFor(
  container: MedusaContainer,
  customerIds: string[],
  policies?: LoadedPolicy[]
): Promise<CustomerCreditRules[]> {
  if (!customerIds.length) {
    return []
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const all = policies ?? (await loadPolicies(container))
  const needGroups = all.some((p) => !p.is_default && (p.customer_group_ids ?? []).length)
  const [profiles, groupsOf, standingOf] = await Promise.all([
    dunning.profilesOf(customerIds),
    needGroups ? customerGroups(container, customerIds) : new Map<string, string[]>(),
    riskStandings(container, customerIds, all),
  ])
  const profileOf = new Map(profiles.map((p) => [p.customer_id, p]))
  const rulesOfPolicy = new Map(all.map((p) => [p.id, creditHoldRulesOf(p as any)]))
  return customerIds.map((customer_id) => {
    const profile = profileOf.get(customer_id)
    const policy = choosePolicy(all, {
      pinned_policy_id: profile?.policy_id,
      group_ids: groupsOf.get(customer_id) ?? [],
      risk_band: standingOf.get(customer_id)?.band ?? null,
    })
    const rules = policy && !profile?.do_not_dun ? rulesOfPolicy.get(policy.id) ?? null : null
    return { customer_id, rules, rep_user_id: profile?.rep_user_id ?? null }
  })
}

const DAY_MS = 86_400_000

/**
 * The loosest of every policy's rules, for finding the customers to evaluate in one query: the stages that
 * hold, the shortest days limit (a day looser, for timezones), the lowest limit per currency. Null when no
 * policy has credit hold rules.
 */
export function loosestRules(
  policies: LoadedPolicy[],
  now: Date
): { stage_ids: string[]; due_before: Date | null; overdue_above: MoneyAmount[] } | null {
  const rules = policies.map((p) => creditHoldRulesOf(p as any)).filter((r): r is CreditHoldRules => !!r)
  if (!rules.length) {
    return null
  }
  const days = rules.map((r) => r.days_overdue).filter((d): d is number => d !== null)
  const lowest = new Map<string, string>()
  for (const limit of rules.flatMap((r) => r.overdue_above)) {
    const known = lowest.get(limit.currency_code)
    if (known === undefined || decimalCompare(limit.amount, known) < 0) {
      lowest.set(limit.currency_code, limit.amount)
    }
  }
  return {
    stage_ids: [...new Set(rules.flatMap((r) => r.hold_stages.map((s) => s.id)))],
    due_before: days.length ? new Date(now.getTime() - (Math.min(...days) - 1) * DAY_MS) : null,
    overdue_above: [...lowest].map(([currency_code, amount]) => ({ currency_code, amount })),
  }
}
