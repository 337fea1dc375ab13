import type DunningModuleService from "../../../../modules/dunning/service"

/**
 * The state of a customer's links to the collection page, as the admin shows it: the last link went out
 * with the last notice and works `linkTtlDays` after it, unless the links were revoked since (or the page
 * is off).
 */
export async function collectionLinksOf(dunning: DunningModuleService, customerId: string, now: Date) {
  const settings = dunning.selfServiceSettings()
  const state = (await dunning.collectionLinkStates([customerId])).get(customerId)
  const lastSent = state?.last_sent_at ? new Date(state.last_sent_at) : null
  const revoked = state?.links_revoked_at ? new Date(state.links_revoked_at) : null
  const valid = settings.enabled && lastSent && (!revoked || lastSent > revoked)
  const activeUntil = valid ? new Date(lastSent!.getTime() + settings.link_ttl_days * 86_400_000) : null
  return {
    enabled: settings.enabled,
    link_version: state?.link_version ?? 0,
    last_sent_at: lastSent,
    links_revoked_at: revoked,
    active_until: activeUntil,
    active: !!activeUntil && activeUntil > now,
  }
}

