import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import { choosePolicy, rulesOf, type StoredPolicy } from "../../modules/dunning/domain/policy"
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
  const [profiles, groupsOf] = await Promise.all([dunning.profilesOf(customerIds), needGroups ? customerGroups(container, customerIds) : new Map<string, string[]>()])
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
    const policy = choosePolicy(policies, { pinned_policy_id: profile?.policy_id, group_ids: groupsOf.get(customerId) ?? [] })
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
    })
  }
  return result
}

export async function customerGroups(container: MedusaContainer, customerIds: string[]): Promise<Map<string, string[]>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: customerIds } })
  return new Map((data as any[]).map((c) => [c.id, (c.groups ?? []).map((g: { id: string }) => g.id)]))
}
