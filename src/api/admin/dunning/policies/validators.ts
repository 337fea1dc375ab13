import { z } from "@medusajs/framework/zod"
import { STATEMENT_ATTACHMENTS } from "../../../../modules/dunning/domain/notice-documents"
import { RISK_BANDS } from "../../../../modules/dunning/domain/risk"
import { checkAmountInCurrency, checkNotFarAhead, CurrencyCode, EmailAddress, enumList, Id, IdList, isoDate, listParams, PageLimit, PageOffset, PositiveAmount, requestedNow } from "../common-validators"

const Template = z.string().max(65_536, { error: "must be at most 64 KB" })
const Language = z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "must be a language tag such as 'de' or 'fr-CA'" })

export const CHANNELS = ["email", "webhook"] as const

const Translations = z.record(
  Language,
  z.object({ subject_template: Template.nullish(), body_html_template: Template.nullish(), body_text_template: Template.nullish() }).strict()
)

/**
 * A stage as sent. A stage with the `id` of one of the policy's stages keeps the stored value of every
 * field left out; a new stage (no `id`) needs its name and offset, and the others take their defaults
 * (policy-input's completeStage). No zod defaults here: they would make a field left out look sent.
 */
const StageBody = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    offset_days: z.number().int().min(-365).max(365).optional(),
    action: z.enum(["send", "escalate"]).optional(),
    tone: z.enum(["friendly", "neutral", "firm", "final"]).optional(),
    repeats: z.boolean().optional(),
    stops_reminders: z.boolean().optional(),
    credit_hold: z.boolean().optional(),
    channel: z.enum(CHANNELS).optional(),
    subject_template: Template.nullish(),
    body_html_template: Template.nullish(),
    body_text_template: Template.nullish(),
    translations: Translations.nullish(),
    // an alternative wording sent to `variant_split` percent of customers; null removes it
    variant_b: z
      .object({ subject_template: Template, body_html_template: Template, body_text_template: Template.nullish(), translations: Translations.nullish() })
      .strict()
      .nullish(),
    variant_split: z.number().int().min(1, { error: "must be between 1 and 99 (percent of customers who get variant B)" }).max(99, { error: "must be between 1 and 99 (percent of customers who get variant B)" }).nullish(),
    // the translations (by language) that still say what the English text says after it changed
    reviewed_translations: z.array(Language).max(20).optional(),
  })
  .strict()
  .superRefine((stage, ctx) => {
    if (stage.id) {
      return
    }
    for (const field of ["name", "offset_days"] as const) {
      if (stage[field] === undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: "is required for a new stage (one sent without an id)" })
      }
    }
  })

/** "Credit hold while more than this is overdue in this currency": a positive amount in the currency's minor units. */
const OverdueLimit = z
  .object({ currency_code: CurrencyCode, amount: PositiveAmount })
  .strict()
  .superRefine((limit, ctx) => checkAmountInCurrency(ctx, "amount", limit.amount, limit.currency_code))
  .transform((limit) => ({ currency_code: limit.currency_code, amount: String(limit.amount) }))

const PolicyFields = {
  name: z.string().trim().min(1).max(200),
  is_default: z.boolean(),
  enabled: z.boolean(),
  priority: z.number().int().min(-1000).max(1000),
  customer_group_ids: z.array(Id).max(100).nullable(),
  // the risk bands the policy is for; with customer_group_ids too, a customer must match both
  risk_bands: z.array(z.enum(RISK_BANDS)).max(RISK_BANDS.length).nullable(),
  prefer_channel_that_worked: z.boolean(),
  tolerance_days: z.number().int().min(0).max(365),
  resend_days: z.number().int().min(1).max(365),
  // null: reminders go on until the invoice is paid; a number: reaching it hands the invoice to the rep
  max_notices: z.number().int().min(1).max(50).nullable(),
  max_contacts_per_30_days: z.number().int().min(1).max(30),
  cc: z.array(EmailAddress).max(10).nullable(),
  bcc: z.array(EmailAddress).max(10).nullable(),
  reply_to: EmailAddress.nullable(),
  timezone: z.string().trim().min(1).max(100),
  send_days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  send_hour_start: z.number().int().min(0).max(23),
  send_hour_end: z.number().int().min(1).max(24),
  channels: z.array(z.enum(CHANNELS)).min(1).max(2),
  credit_hold_overdue_above: z.array(OverdueLimit).max(50).nullable(),
  credit_hold_days_overdue: z.number().int().min(1).max(3650).nullable(),
  // the statement of account each reminder carries
  statement_attachment: z.enum(STATEMENT_ATTACHMENTS),
  // e-mail a new invoice with its PDF: of an order (on by default), imported or entered by hand (off)
  send_invoice_on_issue: z.boolean(),
  send_invoice_on_import: z.boolean(),
  stages: z.array(StageBody).min(1, { error: "a policy needs at least one stage" }).max(20),
}

export const AdminCreatePolicy = z
  .object({ ...PolicyFields, name: PolicyFields.name, stages: PolicyFields.stages })
  .partial()
  .required({ name: true, stages: true })
  .strict()
export type AdminCreatePolicyType = z.infer<typeof AdminCreatePolicy>

export const AdminUpdatePolicy = z
  .object(PolicyFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { error: "send at least one field to change" })
export type AdminUpdatePolicyType = z.infer<typeof AdminUpdatePolicy>

/** The policies come default first, then by priority: only the page can be chosen. */
export const AdminGetPoliciesParams = z.object({ limit: PageLimit(100), offset: PageOffset }).strict()
export type AdminGetPoliciesParamsType = z.infer<typeof AdminGetPoliciesParams>

/** The most customers a dry run looks at: it answers inside the request, so it must end soon. */
export const PREVIEW_CUSTOMER_LIMIT = 1000

export const AdminStartRun = z
  .object({
    dry_run: z.boolean().default(false),
    now: isoDate().optional(),
    customer_id: Id.optional(),
    batch_size: z.number().int().min(1).max(5000).optional(),
    customer_limit: z.number().int().min(1).max(PREVIEW_CUSTOMER_LIMIT).optional(),
  })
  .strict()
  .refine((b) => b.customer_limit === undefined || b.dry_run, {
    path: ["customer_limit"],
    error: "only bounds a dry run (a real run goes on in the background until the backlog is done)",
  })
export type AdminStartRunType = z.infer<typeof AdminStartRun>

export const AdminGetRunsParams = listParams({ limit: 20, order: "-started_at" })

export const AdminGetNoticesParams = listParams({ limit: 20, order: "-scheduled_for" }).extend({
  customer_id: IdList("customer_id").optional(),
  status: enumList("status", ["scheduled", "sent", "failed", "cancelled"]).optional(),
  run_id: IdList("run_id").optional(),
  kind: enumList("kind", ["reminder", "invoice"]).optional(),
})
export type AdminGetNoticesParamsType = z.infer<typeof AdminGetNoticesParams>

export const AdminRetryNotice = z.object({ now: isoDate().optional() }).strict()

export const AdminPlaceHold = z
  .object({
    customer_id: Id,
    receivable_ids: z.array(Id).min(1).max(200).optional(),
    reason: z.string().trim().min(1, { error: "say why dunning is held" }).max(500),
    until: isoDate(),
    now: isoDate().optional(),
  })
  .strict()
  .superRefine((body, ctx) => checkNotFarAhead(ctx, "until", body.until, requestedNow(body)))
export type AdminPlaceHoldType = z.infer<typeof AdminPlaceHold>

export const AdminReleaseHold = z
  .object({
    customer_id: Id,
    receivable_ids: z.array(Id).min(1).max(200).optional(),
    note: z.string().trim().max(500).optional(),
    now: isoDate().optional(),
  })
  .strict()
export type AdminReleaseHoldType = z.infer<typeof AdminReleaseHold>

export const noticeFields = [
  "id", "customer_id", "policy_id", "stage_id", "stage_name", "stage_offset_days", "tone", "channel", "kind", "recipients",
  "receivable_ids", "due_receivable_ids", "lines", "totals", "language", "subject", "body_html", "body_text", "status",
  "attempts", "last_error", "scheduled_for", "next_attempt_at", "sent_at", "failed_at", "cancelled_at", "cancel_reason",
  "provider_message_id", "notification_id", "idempotency_key", "run_id", "on_request", "folds", "created_at", "updated_at",
]
export const noticeQueryConfig = {
  list: { defaults: noticeFields, allowed: noticeFields, isList: true, defaultLimit: 20 },
  retrieve: { defaults: noticeFields, allowed: noticeFields, isList: false },
}
export const runFields = [
  "id", "trigger", "triggered_by", "as_of", "started_at", "finished_at", "status", "batches", "customers_seen",
  "receivables_seen", "notices_created", "invoice_emails_created", "escalations_created", "skipped", "error",
]
export const runQueryConfig = {
  list: { defaults: runFields, allowed: runFields, isList: true, defaultLimit: 20 },
  retrieve: { defaults: runFields, allowed: runFields, isList: false },
}
