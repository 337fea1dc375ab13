import type { CustomerRules, SkipReason } from "../../domain/customer-decision"
import type { currencyTotals, noticeLines } from "../../domain/notice-lines"
import type { PolicyChange } from "../../domain/policy-change"

/** What the run knows of one customer before it locks the customer's receivables. */
export type BatchCustomer = {
  customer_id: string
  policy_id: string
  rules: CustomerRules
  stages: Array<{ id: string; name: string; offset_days: number; tone: string; channel: string }>
  recipients: { to: string[]; cc: string[]; bcc: string[]; reply_to: string | null }
  do_not_dun: boolean
  rep_user_id: string | null
  language: string | null
  force?: boolean
  /** The admin who asked for a reminder sent on request (recorded on the notice and in its claim). */
  requested_by?: { user_id: string | null; name: string | null } | null
  /** The customer's last change of risk band moved them to another policy: said once, at their next notice or escalation. */
  policy_change?: PolicyChange | null
}

export type ProcessBatchInput = {
  now: Date
  run_id: string | null
  /** Due receivables per batch. */
  limit: number
  /** Decide, but write nothing and lock nothing (the run preview); pages with `after`. */
  dry_run?: boolean
  after?: { next_action_at: Date; id: string } | null
  /** Only these customers, every open receivable, whatever its date ("send the next reminder now"). */
  customer_ids?: string[]
  /** Customers found busy earlier in this run: left to the next run rather than retried in a loop. */
  exclude_customer_ids?: string[]
  /** This batch stream's share of the customers when a run processes several streams at once. */
  lane?: { index: number; count: number }
  /** Policy, rules and recipients of the batch's customers (the caller knows other modules). */
  describe: (customerIds: string[]) => Promise<BatchCustomer[]>
  /** The store's language, which the notes for the reps are written in (default English). */
  notes_language?: string
}

export type PlannedNotice = {
  id: string | null
  customer_id: string
  stage_id: string
  stage_name: string
  receivable_ids: string[]
  to: string[]
  lines: ReturnType<typeof noticeLines>
  totals: ReturnType<typeof currencyTotals>
  language: string | null
}

export type RecordBatchResult = {
  /** Due receivables this batch claimed (0: nothing due is left). */
  claimed: number
  customers_seen: number
  receivables_seen: number
  notices: PlannedNotice[]
  escalations: Array<{ customer_id: string; receivable_ids: string[]; note: string }>
  /** Notices that another run had already created for the same customer, stage and day. */
  duplicates: number
  /** Pending notices that what came due was folded into, instead of a second notice to the customer. */
  folded: Array<{ notice_id: string; customer_id: string; receivable_ids: string[] }>
  skipped: Partial<Record<SkipReason, number>>
  /** Customers left for later because another run (or a payment) was working on them. */
  busy_customer_ids: string[]
  /** Where a preview continues from. */
  last: { next_action_at: Date; id: string } | null
}

export type CollectionProfileRow = {
  customer_id: string
  billing_emails: string[] | null
  do_not_dun: boolean
  rep_user_id: string | null
  preferred_language: string | null
  policy_id: string | null
  email_failed_at: Date | null
  email_failure: string | null
}
