/** One key factory per resource, so a mutation can invalidate exactly what it changed. */
const factory = <T extends string>(scope: T) => ({
  all: [scope] as const,
  list: (params?: unknown) => [scope, "list", params ?? {}] as const,
  detail: (id: string, params?: unknown) => [scope, "detail", id, params ?? {}] as const,
})

export const queryKeys = {
  summary: factory("dunning-collection-summary"),
  events: factory("dunning-collection-events"),
  receivables: factory("dunning-receivables"),
  orderReceivables: factory("dunning-order-receivables"),
  notices: factory("dunning-notices"),
  profiles: factory("dunning-profiles"),
  policies: factory("dunning-policies"),
  variables: factory("dunning-template-variables"),
  followUps: factory("dunning-follow-ups"),
  overdue: factory("dunning-overdue"),
  runs: factory("dunning-runs"),
  kpis: factory("dunning-kpis"),
  aging: factory("dunning-aging"),
  users: factory("dunning-users"),
  groups: factory("dunning-customer-groups"),
  links: factory("dunning-collection-links"),
  selfService: factory("dunning-self-service"),
  creditHolds: factory("dunning-credit-holds"),
}

/** Everything a change to one customer's collections can alter. */
export const customerScopes = [
  queryKeys.summary.all,
  queryKeys.events.all,
  queryKeys.receivables.all,
  queryKeys.orderReceivables.all,
  queryKeys.notices.all,
  queryKeys.profiles.all,
  queryKeys.followUps.all,
  queryKeys.overdue.all,
  queryKeys.kpis.all,
  queryKeys.aging.all,
  queryKeys.runs.all,
  queryKeys.links.all,
  queryKeys.creditHolds.all,
]
