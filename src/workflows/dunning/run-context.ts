import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import { choosePolicy, isTargeted, rulesOf, type StoredPolicy } from "../../modules/dunning/domain/policy"
import { policyChangeOf, type RiskStanding } from "../../modules/dunning/domain/policy-change"
import type DunningModuleService from "../../modules/dunning/service"
import type { BatchCustomer } from "../../modules/dunning/service"

/**
 * What the dunning run needs to know about customers before it decides: which policy applies to each,
 * where notices go and who the rep is. Loaded per batch with one query per kind of data, never per row.
 */
export type LoadedPolicy = Omit<StoredPolicy, "stages"> & {
  stages: Array<StoredPolicy["stages"][number] & { tone: string; channel: string }>
}

/** Addresses we send to must look like addresses: no spaces, no control characters, one @. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f\u2028\u2029]+@[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f\u2028\u2029]+\.[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f\u2028\u2029]+$/

export function isDeliverableAddress(value: unknown): value is string {
  return typeof value === "string" && value.length <= 254 && ADDRESS.test(value)
}

/**
 * Where a customer's e-mail notices go: the billing e-mails of their collection profile. Without any, the
 * customer's account e-mail only when the merchant allows it (`delivery.fallbackToCustomerEmail`): anyone
 * can register an account with someone else's address. `missing` says why there is no address.
 */
export function noticeAddresses(input: {
  billing_emails: unknown[] | null | undefined
  customer_email: string | null | undefined
  fallback_to_customer_email: boolean
}): { to: string[]; missing: string | null } {
  const billing = (input.billing_emails ?? []).filter(isDeliverableAddress)
  if (billing.length) {
    return { to: billing, missing: null }
  }
  if (!input.fallback_to_customer_email) {
    return {
      to: [],
      missing: "the customer's collection profile has no billing e-mail (notices go to the customer's account e-mail only with the option delivery.fallbackToCustomerEmail)",
    }
  }
  return isDeliverableAddress(input.customer_email)
    ? { to: [input.customer_email], missing: null }
    : { to: [], missing: "the customer has no billing e-mail and no e-mail address" }
}

export async function loadPolicies(container: MedusaContainer): Promise<LoadedPolicy[]> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  await dunning.ensureDefaultPolicy()
  return (await dunning.listDunningPolicies({}, { relations: ["stages"], take: null })) as unknown as LoadedPolicy[]
}

export type CustomerCard = { name: string; company: string | null; email: string | null }

/** Names and e-mails of customers, for what a person reads (previews, notices): only for the few shown. */
export async function customerCards(container: MedusaContainer, customerIds: string[]): Promise<Map<string, CustomerCard>> {
  const cards = new Map<string, CustomerCard>()
  if (!customerIds.length) {
    return cards
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name", "company_name"],
    filters: { id: customerIds },
  })
  for (const c of data as any[]) {
    cards.set(c.id, {
      name: [c.first_name, c.last_name].filter(Boolean).join(" ") || c.company_name || c.email || "customer",
      company: c.company_name ?? null,
      email: c.email ?? null,
    })
  }
  return cards
}

/**
 * The run's view of a batch's customers: policy, rules, billing e-mails from the collection profile (when
 * it has none, delivery looks at the customer's own address, see `noticeAddresses`), rep, language, do-not-dun. Customer
 * groups are read only when a group policy exists; most stores have just the default policy.
 */
export async function describeCustomers(
  container: MedusaContainer,
  customerIds: string[],
  policies: LoadedPolicy[],
  options: { force?: boolean } = {}
): Promise<BatchCustomer[]> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const needGroups = policies.some((p) => !p.is_default && (p.customer_group_ids ?? []).length)
  const [profiles, groupsOf, standingOf] = await Promise.all([
    dunning.profilesOf(customerIds),
    needGroups ? customerGroups(container, customerIds) : new Map<string, string[]>(),
    riskStandings(container, customerIds, policies),
  ])
  const profileOf = new Map(profiles.map((p) => [p.customer_id, p]))
  // rules and stage lists are the same for every customer of a policy: built once per policy
  const perPolicy = new Map<string, Pick<BatchCustomer, "rules" | "stages">>()
  const shapeOf = (policy: LoadedPolicy) => {
    let shape = perPolicy.get(policy.id)
    if (!shape) {
      shape = {
        rules: rulesOf(policy),
        stages: policy.stages.map((s) => ({ id: s.id, name: s.name, offset_days: s.offset_days, tone: s.tone, channel: s.channel })),
      }
      perPolicy.set(policy.id, shape)
    }
    return shape
  }
  const result: BatchCustomer[] = []
  for (const customerId of customerIds) {
    const profile = profileOf.get(customerId)
    const standing = standingOf.get(customerId) ?? null
    const who = { pinned_policy_id: profile?.policy_id, group_ids: groupsOf.get(customerId) ?? [] }
    const policy = choosePolicy(policies, { ...who, risk_band: standing?.band ?? null })
    if (!policy) {
      continue
    }
    const billing = (profile?.billing_emails ?? []).filter(isDeliverableAddress)
    result.push({
      customer_id: customerId,
      policy_id: policy.id,
      ...shapeOf(policy),
      recipients: {
        to: billing,
        cc: (policy.cc ?? []).filter(isDeliverableAddress),
        bcc: (policy.bcc ?? []).filter(isDeliverableAddress),
        reply_to: isDeliverableAddress(policy.reply_to) ? policy.reply_to : null,
      },
      // a disabled policy chases nobody it applies to
      do_not_dun: !!profile?.do_not_dun || !policy.enabled,
      rep_user_id: profile?.rep_user_id ?? null,
      language: profile?.preferred_language ?? null,
      force: options.force,
      policy_change: standing ? policyChangeOf(policies, who, standing) : null,
    })
  }
  return result
}

/**
 * Each customer's risk band and the change of band that put them there, read only when an enabled policy
 * targets risk bands (two queries per batch: the scores, then the changes that set the scores' bands).
 */
export async function riskStandings(
  container: MedusaContainer,
  customerIds: string[],
  policies: LoadedPolicy[]
): Promise<Map<string, RiskStanding>> {
  const standings = new Map<string, RiskStanding>()
  // a disabled policy is for nobody: with only the shipped High risk policy, disabled, nothing is read
  if (!customerIds.length || !policies.some((p) => p.enabled && isTargeted(p) && p.risk_bands?.length)) {
    return standings
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const risks = await dunning.listCustomerRisks({ customer_id: customerIds }, { select: ["customer_id", "band", "band_since"], take: null })
  for (const r of risks as any[]) {
    standings.set(r.customer_id, { band: r.band, change: null })
  }
  const changes = risks.length
    ? await dunning.listCustomerRiskChanges(
        { $or: (risks as any[]).map((r) => ({ customer_id: r.customer_id, changed_at: r.band_since })) } as any,
        { select: ["id", "customer_id", "from_band", "to_band", "changed_at"], take: null }
      )
    : []
  for (const c of changes as any[]) {
    const standing = standings.get(c.customer_id)
    if (standing && standing.band === c.to_band) {
      standing.change = { id: c.id, from_band: c.from_band, to_band: c.to_band, changed_at: new Date(c.changed_at) }
    }
  }
  return standings
}

export async function customerGroups(container: MedusaContainer, customerIds: string[]): Promise<Map<string, string[]>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: customerIds } })
  return new Map((data as any[]).map((c) => [c.id, (c.groups ?? []).map((g: { id: string }) => g.id)]))
}
