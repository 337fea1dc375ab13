import type { VariantComparison } from "./variant-rates"
/** Which receivables an analysis looks at. Every measure is still given per currency. */
export type AnalyticsScope = {
  currency_code?: string
  customer_id?: string
  /** Members of a customer group, resolved by the caller (the customer module owns groups). */
  customer_ids?: string[]
}

export type AgingInput = AnalyticsScope & {
  now: Date
  /** Upper bounds in days overdue of the buckets after "current", ascending: [30, 60, 90, 120]. */
  bucket_bounds: number[]
  /** How many customers to list per currency, largest overdue balance first. */
  top: number
  /** Also break the balances down per customer group (a customer in two groups counts in both). */
  by_group?: boolean
}

export type AgingBucket = {
  key: string
  label: string
  min_days: number
  max_days: number | null
  amount: number
  count: number
}

export type AgingTopCustomer = {
  customer_id: string
  overdue_amount: number
  oldest_days_overdue: number
  receivable_count: number
}

export type AgingCurrency = {
  currency_code: string
  total_outstanding: number
  overdue_amount: number
  open_count: number
  buckets: AgingBucket[]
  top_customers: AgingTopCustomer[]
}

export type AgingGroupCurrency = Omit<AgingCurrency, "top_customers">

export type AgingGroup = {
  /** null: customers in no group. */
  customer_group_id: string | null
  currencies: AgingGroupCurrency[]
}

export type Aging = {
  as_of: Date
  bucket_bounds: number[]
  currencies: AgingCurrency[]
  /** With `by_group`: the same balances per customer group, the groups with the most open receivables first. */
  groups?: AgingGroup[]
}

export type KpiInput = AnalyticsScope & {
  now: Date
  from?: Date | null
  to?: Date | null
  /** A notice counts as answered when its receivable is paid within this many days of it. */
  paid_within_days: number
}

export type Dso = {
  days: number | null
  receivables_outstanding_at_end: number
  credit_sales: number
  period_days: number
}

export type CollectionTrendPoint = {
  month: string
  collection_average_days: number | null
  average_days_late: number | null
  paid_count: number
}

export type StageCollectionRate = {
  stage_name: string
  stage_id: string | null
  notices: number
  receivables: number
  amount: number
  paid_count: number
  paid_amount: number
  count_rate: number | null
  amount_rate: number | null
}

export type PromiseCounts = { made: number; kept: number; broken: number; open: number }

export type ChannelCounts = { channel: string; sent: number; failed: number; cancelled: number; scheduled: number }

export type CurrencyKpis = {
  currency_code: string
  dso: Dso
  dso_trend: Array<{ month: string; days: number | null }>
  collection_average_days: number | null
  average_days_late: number | null
  paid_count: number
  collection_trend: CollectionTrendPoint[]
  recovery_time_days: number | null
  collection_rate_by_stage: StageCollectionRate[]
  /** Per stage with a split and channel: variant A against variant B (see variant-rates.ts). */
  collection_rate_by_variant: VariantComparison[]
  promises: PromiseCounts & { kept_rate: number | null }
  dispute_rate: number | null
  receivables_issued: number
  receivables_disputed: number
  notices_by_channel: ChannelCounts[]
}

export type Kpis = {
  from: Date
  to: Date
  as_of: Date
  paid_within_days: number
  formulas: Record<string, string>
  currencies: CurrencyKpis[]
}

export type SummaryInput = { customer_id: string; now: Date }

export type SummaryCurrency = {
  currency_code: string
  outstanding: number
  overdue: number
  open_count: number
  overdue_count: number
  paid_count: number
  collection_average_days: number | null
  average_days_late: number | null
}

export type CollectionSummary = {
  customer_id: string
  has_history: boolean
  window: { from: Date; to: Date }
  collection_average_days: number | null
  average_days_late: number | null
  on_time_rate: number | null
  paid_count: number
  currencies: SummaryCurrency[]
  oldest_overdue_days: number | null
  notices_sent: number
  notices_failed: number
  promises: PromiseCounts
  last_payment_at: Date | null
  last_notice_at: Date | null
  next_action_at: Date | null
}
