import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../../modules/dunning"
import type { DunningOptions } from "../../modules/dunning/options"
import type DunningModuleService from "../../modules/dunning/service"
import type { ClaimedNotice } from "../../modules/dunning/service"
import { repsById } from "../dunning/notice-content"
import { customerCards, type CustomerCard } from "../dunning/run-context"
import { healLostPayments } from "./recheck-balances"

/**
 * What delivering a batch of claimed notices reads, loaded once per kind for the whole batch, never once
 * per notice: the receivables as they stand after lost payments were booked, the customers' names and
 * collection profiles, the notices' stages and policies (deleted ones too: a notice outlives an edit),
 * the reps, the notices sent in the last year (for "days since the first notice"), and the link to each
 * customer's collection page that the notices of this delivery carry (made now, valid from now).
 */
export type DeliveryContext = {
  now: Date
  options: DunningOptions
  store_name: string
}

export type CollectionProfile = Awaited<ReturnType<DunningModuleService["profilesOf"]>>[number]

export type DeliveryFacts = {
  receivables: Map<string, any>
  cards: Map<string, CustomerCard>
  profileOf: Map<string, CollectionProfile>
  stageOf: Map<string, any>
  policyOf: Map<string, any>
  reps: Map<string, { name: string; email: string | null }>
  history: Array<{ customer_id: string; receivable_ids: string[]; sent_at: Date; channel: string; followed_by_payment: boolean }>
  links: Map<string, { url: string; token: string }>
}

const HISTORY_DAYS = 365

export async function loadDeliveryFacts(container: MedusaContainer, notices: ClaimedNotice[], now: Date): Promise<DeliveryFacts> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const receivableIds = [...new Set(notices.flatMap((n) => n.receivable_ids))]
  const customerIds = [...new Set(notices.map((n) => n.customer_id))]
  const idsOf = (pick: (n: ClaimedNotice) => string | null) => [...new Set(notices.map(pick).filter(Boolean) as string[])]
  await healLostPayments(container, receivableIds)
  const receivables = new Map(
    (await dunning.listReceivables({ id: receivableIds }, { take: null })).map((r: any) => [r.id, r])
  )
  const [cards, profiles, stages, policies, history] = await Promise.all([
    customerCards(container, customerIds),
    dunning.profilesOf(customerIds),
    dunning.listDunningStages({ id: idsOf((n) => n.stage_id) }, { take: null, withDeleted: true }),
    dunning.listDunningPolicies({ id: idsOf((n) => n.policy_id) }, { take: null, withDeleted: true }),
    dunning.sentNoticesOf({ customer_ids: customerIds, since: new Date(now.getTime() - HISTORY_DAYS * 86_400_000) }),
  ])
  return {
    receivables,
    cards,
    profileOf: new Map(profiles.map((p) => [p.customer_id, p])),
    stageOf: new Map(stages.map((s: any) => [s.id, s])),
    policyOf: new Map(policies.map((p: any) => [p.id, p])),
    reps: await repsById(container, profiles.map((p) => p.rep_user_id ?? "")),
    history,
    links: await collectionLinks(dunning, customerIds, now),
  }
}

/** Each customer's link to the collection page, signed with the customer's current link version; none while the page is off. */
async function collectionLinks(dunning: DunningModuleService, customerIds: string[], now: Date): Promise<DeliveryFacts["links"]> {
  const links: DeliveryFacts["links"] = new Map()
  if (!dunning.selfServiceSettings().enabled) {
    return links
  }
  const states = await dunning.collectionLinkStates(customerIds)
  for (const customer_id of customerIds) {
    const link = dunning.issueCollectionLink({ customer_id, link_version: states.get(customer_id)?.link_version ?? 0, now })
    if (link) {
      links.set(customer_id, { url: link.url, token: link.token })
    }
  }
  return links
}
