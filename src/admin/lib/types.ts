/** The shapes the collections API answers with, as the admin screens read them. */

export type CurrencyBalance = { currency_code: string; outstanding: number; overdue: number; open_count: number; overdue_count: number }

export type CollectionSummary = {
  customer_id: string
  has_history: boolean
  window: { from: string; to: string }
  collection_average_days: number | null
  average_days_late: number | null
  on_time_rate: number | null
  paid_count: number
  currencies: CurrencyBalance[]
  oldest_overdue_days: number | null
  notices_sent: number
  notices_failed: number
  promises: { made: number; kept: number; broken: number; open: number }
  last_payment_at: string | null
  last_notice_at: string | null
  next_action_at: string | null
  /** The customer's credit hold in force, or null. */
  credit_hold?: CreditHold | null
}

/** What placed a credit hold: a stage marked `credit_hold`, one of the policy's rules, or an admin by hand. */
export type CreditHoldSource = "stage" | "rule" | "manual"

/** A credit hold in force on a customer (`GET /admin/customers/:id/credit-hold`): no new orders on terms. */
export type CreditHold = {
  id: string
  customer_id: string
  source: CreditHoldSource
  reason: string
  policy_id: string | null
  placed_at: string
  /** The admin who placed it by hand; null when the dunning run placed it. */
  placed_by: string | null
  /** false for a hold placed by hand: only a release by hand lifts it. */
  lifts_on_payment: boolean
  /** What paying lifts it, per currency (decimal strings); empty for a hold placed by hand. */
  amounts_to_lift: Array<{ amount: string | number; currency_code: string }>
  receivable_ids: string[]
  evaluated_at: string | null
}

/** A hold released by hand that keeps the policy's rules from placing another, until `until` (null: until the customer is clear of them once). */
export type CreditHoldWaiver = {
  credit_hold_id: string
  released_at: string
  released_by: string | null
  reason: string | null
  until: string | null
}

/** What an order's receivable records about the credit hold its order was placed under (`metadata.credit_hold`). */
export type ReceivableCreditHoldMark = {
  /** "slipped": placed on terms past the checks; "overridden": a draft order converted by an admin's override. */
  kind: "slipped" | "overridden"
  credit_hold_id: string
  hold_reason: string
  event_id: string | null
  overridden_by: string | null
  override_reason: string | null
}

export type CollectionEvent = {
  id: string
  customer_id: string
  type: string
  title: string
  receivable_ids: string[] | null
  notice_id: string | null
  note: string | null
  outcome: string | null
  /** "customer": the customer answered on the collection page or the storefront (`metadata.answered_via`). */
  author_type: "user" | "system" | "customer"
  author_id: string | null
  occurred_at: string
  follow_up_status: "open" | "done" | null
  assigned_to: string | null
  follow_up_due_at: string | null
  follow_up_done_at: string | null
  follow_up_done_by: string | null
  promised_amount: number | null
  promised_currency_code: string | null
  promised_date: string | null
  metadata?: { answered_via?: "collection_page" | "storefront" } | null
}

/** What an invoice's terms run from. */
export type TermsStart = "order" | "shipment" | "delivery"

/** How an order that has no receivable would be invoiced (`GET /admin/orders/:id/dunning-receivable`). */
export type OrderReceivableProposal = {
  amount: number | string
  currency_code: string
  issued_at: string
  terms_days: number
  terms_start: TermsStart
  due_at: string | null
  on_terms: boolean
  not_on_terms_because: string | null
  not_invoiceable_because: string | null
}

export type Receivable = {
  id: string
  customer_id: string
  order_id: string | null
  number: string
  currency_code: string
  amount: number
  amount_paid: number
  outstanding_amount?: number
  issued_at: string
  /** null while the terms wait for the order's first shipment or delivery (`awaiting`) */
  due_at: string | null
  terms_days?: number | null
  terms_start?: TermsStart | null
  awaiting?: "shipment" | "delivery" | null
  status: "open" | "paid" | "void" | "written_off"
  stage: string | null
  notices_sent: number
  last_notice_at: string | null
  /** null with `due_for_next_run`: the next run takes it up, whenever it runs */
  next_action_at: string | null
  due_for_next_run?: boolean
  hold_until: string | null
  hold_reason: string | null
  paid_at: string | null
  metadata?: { credit_hold?: ReceivableCreditHoldMark | null; [key: string]: unknown } | null
}

export type Notice = {
  id: string
  customer_id: string
  /** `invoice`: the invoice e-mailed when it was issued; `reminder`: a dunning notice. */
  kind: "reminder" | "invoice"
  stage_name: string
  tone: string
  channel: string
  recipients: { to: string[]; cc: string[]; bcc: string[]; reply_to: string | null }
  receivable_ids: string[]
  lines: Array<Record<string, any>>
  totals: Array<{ currency_code: string; outstanding: string; count: number }>
  language: string | null
  subject: string | null
  body_html: string | null
  body_text: string | null
  status: "scheduled" | "sent" | "failed" | "cancelled"
  attempts: number
  last_error: string | null
  scheduled_for: string
  sent_at: string | null
  failed_at: string | null
  cancelled_at: string | null
  cancel_reason: string | null
  /** Set when an admin asked for it: who, and what it went past to go out at once. */
  on_request?: { user_id: string | null; name: string | null; bypassed: Array<"send_window" | "contact_cap"> } | null
  /** What later runs folded into it while it was still scheduled. */
  folds?: Array<{ at: string; stage_name: string; receivable_ids: string[]; added_ids: string[] }> | null
}

export type CollectionProfile = {
  customer_id: string
  billing_emails: string[] | null
  terms_days: number | null
  /** null: the plugin's `terms.startAt` */
  terms_start: TermsStart | null
  do_not_dun: boolean
  rep_user_id: string | null
  preferred_language: string | null
  policy_id: string | null
  notes: string | null
}

export type Stage = {
  id?: string
  name: string
  offset_days: number
  action: "send" | "escalate"
  tone: "friendly" | "neutral" | "firm" | "final"
  repeats: boolean
  /** From this stage on the rep alone follows the invoice up: no more reminders. */
  stops_reminders: boolean
  /** From this stage on (after the due date only) the customer is on credit hold: no new orders on terms. */
  credit_hold: boolean
  channel: "email" | "webhook"
  subject_template: string | null
  body_html_template: string | null
  body_text_template: string | null
  /** The stage's own text in other languages, by language tag; saved back as it came. */
  translations?: Record<string, { subject_template?: string | null; body_html_template?: string | null; body_text_template?: string | null }> | null
  /** Languages the admin confirms still say what the changed English text says; sent with the save, never stored. */
  reviewed_translations?: string[]
  position?: number
  /** An alternative wording sent to `variant_split` percent of customers; null: none. */
  variant_b?: VariantTemplates | null
  variant_split?: number | null
}

/** The templates of a stage's variant B. */
export type VariantTemplates = {
  subject_template: string
  body_html_template: string
  body_text_template?: string | null
  translations?: Stage["translations"]
}

/** One variant's figures in the comparison of a stage's two wordings. */
export type VariantArm = { variant: "A" | "B"; notices: number; receivables: number; paid_count: number; paid_rate: number | null; amount: number; recovered_amount: number }

/** A stage's two wordings on one channel, side by side, with the two-proportion test of B against A. */
export type VariantComparison = {
  stage_id: string
  stage_name: string
  channel: string
  a: VariantArm | null
  b: VariantArm | null
  test: { status: "not_enough_data" | "significant" | "not_significant"; min_per_arm: number; z: number | null; p_value: number | null; difference: number | null }
}

/** A translation written against English text the stage no longer has. */
export type StaleTranslation = { stage_id: string; language: string }

/** The statement of account a reminder carries: both files, the PDF or the CSV. */
export type StatementAttachment = "both" | "pdf" | "csv"

/** "Credit hold while more than this is overdue in this currency." */
export type OverdueLimit = { currency_code: string; amount: string }

export type Policy = {
  id: string
  name: string
  is_default: boolean
  enabled: boolean
  priority: number
  customer_group_ids: string[] | null
  /** The risk bands the policy is for; with groups too, a customer must match both. Empty: any band. */
  risk_bands?: RiskBand[] | null
  /** Notices go first by the channel that last got the customer to pay. */
  prefer_channel_that_worked?: boolean
  tolerance_days: number
  resend_days: number
  /** null: reminders go on until the invoice is paid. */
  max_notices: number | null
  max_contacts_per_30_days: number
  cc: string[] | null
  bcc: string[] | null
  reply_to: string | null
  timezone: string
  send_days: number[]
  send_hour_start: number
  send_hour_end: number
  channels: Array<"email" | "webhook">
  /** Credit hold while more than this is overdue in a currency; empty: no such rule. */
  credit_hold_overdue_above: OverdueLimit[] | null
  /** Credit hold while an invoice is more than this many days overdue; null: no such rule. */
  credit_hold_days_overdue: number | null
  /** The statement of account each reminder carries. */
  statement_attachment: StatementAttachment
  /** E-mail a new invoice with its PDF when it is issued: of an order; imported or entered by hand. */
  send_invoice_on_issue: boolean
  send_invoice_on_import: boolean
  stages: Stage[]
  /** Answered by the server, never sent: translations out of date since the English text changed. */
  stale_translations?: StaleTranslation[]
}

export type TemplateProblem = { field: string; message: string }

export type Preview = { subject: string; html: string; text: string; customer_id: string | null; sample: boolean }

export type FollowUp = {
  id: string
  customer_id: string
  type: string
  title: string
  note: string | null
  notice_id: string | null
  occurred_at: string
  follow_up_due_at: string | null
  assigned_to: string | null
  customer: { name: string | null; company_name: string | null; email: string | null }
  /** The customer's credit hold in force, or null. */
  credit_hold: Pick<CreditHold, "id" | "source" | "reason" | "placed_at"> | null
  overdue: Array<{ currency_code: string; amount: number; oldest_days_overdue: number }>
  age_days: number
  risk?: { score: number; band: RiskBand } | null
  /** Why call now, from the customer's own history. */
  suggestion?: CallSuggestion
}

export type RiskBand = "new" | "low" | "medium" | "high"

export type CallSuggestion = {
  code: "email_bounced" | "broken_promises" | "disputes_often" | "call_early" | "call_now"
  params: Record<string, number>
}

export type RiskFactor = { key: string; value: number | null; contribution: number }

/** A customer's risk score with the history of its band (GET /admin/customers/:id/risk). */
export type CustomerRisk = {
  risk: {
    score: number
    band: RiskBand
    factors: RiskFactor[]
    top_factors: RiskFactor[]
    settled_invoices: number
    band_since: string
    computed_at: string
  } | null
  changes: Array<{ id: string; from_band: RiskBand; to_band: RiskBand; from_score: number; to_score: number; reason: string; changed_at: string }>
  /** The channel after which the customer last paid (null: no payment has followed a notice yet). */
  channel_that_worked?: { channel: string; payments: number; within_days: number } | null
  count: number
}

export type OverdueReceivable = Receivable & {
  outstanding_amount: number
  days_overdue: number
  on_hold: boolean
  customer: { name: string | null; company_name: string | null; email: string | null }
}

export type Run = {
  id: string
  trigger: string
  as_of: string
  started_at: string
  finished_at: string | null
  status: "running" | "succeeded" | "failed"
  batches: number
  customers_seen: number
  receivables_seen: number
  notices_created: number
  invoice_emails_created: number
  escalations_created: number
  skipped: Record<string, number> | null
  error: string | null
}

export type RunResult = {
  dry_run: boolean
  as_of: string
  run: Run | null
  totals: {
    customers_seen: number
    receivables_seen: number
    notices_created: number
    escalations_created: number
    skipped: Record<string, number>
    notices: Array<{
      customer_id: string
      company: string | null
      stage_name: string
      to: string[]
      receivable_ids: string[]
      totals: Array<{ currency_code: string; [key: string]: any }>
      subject: string | null
      render_error: string | null
    }>
    escalations: Array<{ customer_id: string; receivable_ids: string[]; note: string }>
  }
  /** The invoice e-mails the run planned (a dry run: would plan, each listed in `items`). */
  invoice_emails?: {
    created: number
    not_sent: number
    truncated: boolean
    items: Array<{ receivable_id: string; customer_id: string; channel: string; recipients: { to: string[] }; language: string | null }>
  } | null
}

export type AgingBucket = { key: string; label: string; min_days: number | null; max_days: number | null; amount: number; count: number }
export type Aging = {
  as_of: string
  bucket_bounds: number[]
  currencies: Array<{
    currency_code: string
    total_outstanding: number
    buckets: AgingBucket[]
    top_customers: Array<{ customer_id: string; customer_name: string | null; company_name: string | null; email: string | null; overdue_amount: number; oldest_days_overdue: number; receivable_count: number }>
  }>
}

export type Kpis = {
  from: string
  to: string
  paid_within_days: number
  formulas: Record<string, string>
  currencies: Array<{
    currency_code: string
    dso: { days: number | null; receivables_outstanding_at_end: number; credit_sales: number; period_days: number }
    dso_trend: Array<{ month: string; days: number | null }>
    collection_average_days: number | null
    average_days_late: number | null
    collection_trend: Array<{ month: string; collection_average_days: number | null; average_days_late: number | null; paid_count: number }>
    recovery_time_days: number | null
    collection_rate_by_stage: Array<{ stage_name: string; stage_id: string | null; notices: number; receivables: number; amount: number; paid_count: number; paid_amount: number; count_rate: number | null; amount_rate: number | null }>
    collection_rate_by_variant: VariantComparison[]
    promises: { made: number; kept: number; broken: number; open: number; kept_rate: number | null }
    dispute_rate: number | null
    notices_by_channel: Array<{ channel: string; sent: number; failed: number; cancelled: number; scheduled: number }>
  }>
}

/** A customer's links to the collection page (`GET /admin/customers/:id/collection-links`). */
export type CollectionLinks = {
  enabled: boolean
  link_version: number
  last_sent_at: string | null
  links_revoked_at: string | null
  active_until: string | null
  active: boolean
}

/** The collection page's settings (`GET /admin/dunning/self-service`). */
export type SelfServiceSettings = {
  enabled: boolean
  base_url: string
  link_ttl_days: number
  promise_max_days: number
  payment_providers: string[]
  payment_url: boolean
  pay_all_url: boolean
}
