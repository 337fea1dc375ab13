import { isValidTimeZone, type SendWindow } from "./calendar"
import type { FieldProblem } from "./receivable-rules"
import type { StageRule } from "./schedule"
import type { CustomerRules } from "./customer-decision"
import { SHIPPED_LANGUAGES, shippedStage, type ShippedStageKey } from "../templates/shipped-text"
import { stageTextFingerprint } from "./stage-translations"
import type { RiskBand } from "./risk"

/**
 * Dunning policies as plain data: the default policy a store starts with, the rules a policy must keep,
 * which policy applies to a customer, and the schedule rules the engine reads from it.
 */
export type StageTemplate = {
  subject_template: string | null
  body_html_template: string | null
  body_text_template: string | null
}

export type StageInput = StageTemplate & {
  id?: string
  name: string
  offset_days: number
  action: "send" | "escalate"
  tone: "friendly" | "neutral" | "firm" | "final"
  repeats: boolean
  /** From this stage on the rep alone follows the invoice up: no more reminders (default false). */
  stops_reminders?: boolean
  /** From this stage on the customer is on credit hold: no new orders on terms (default false). */
  credit_hold?: boolean
  channel: string
  translations?: Record<string, Partial<StageTemplate>> | null
  /** The fingerprint of the English text each translation was written against, by language (see stage-translations.ts). */
  translation_sources?: Record<string, string> | null
  /** An alternative wording (variant B) and the percent of customers (1–99) who get it (domain/template-variants.ts). */
  variant_b?: (StageTemplate & { translations?: Record<string, Partial<StageTemplate>> | null }) | null
  variant_split?: number | null
}

export type PolicyInput = {
  name: string
  is_default: boolean
  enabled: boolean
  priority: number
  customer_group_ids: string[] | null
  /** The risk bands the policy is for (null or empty: any band); with groups too, a customer must match both. */
  risk_bands?: RiskBand[] | null
  /** Send each notice first on the channel that last got this customer to pay (see domain/channel-that-worked.ts). */
  prefer_channel_that_worked?: boolean
  /** Grace days: an overdue stage that sends goes out at `max(its offset, tolerance_days)` after the due date. */
  tolerance_days: number
  resend_days: number
  /** The most notices an invoice gets, then the rep takes over; null: reminders go on until it is paid. */
  max_notices: number | null
  max_contacts_per_30_days: number
  cc: string[] | null
  bcc: string[] | null
  reply_to: string | null
  timezone: string
  send_days: number[]
  send_hour_start: number
  send_hour_end: number
  channels: string[]
  /** Credit hold while more than this is overdue in a currency (null or empty: no such rule). */
  credit_hold_overdue_above?: Array<{ currency_code: string; amount: string }> | null
  /** Credit hold while an invoice is more than this many days overdue (null: no such rule). */
  credit_hold_days_overdue?: number | null
  /** The statement of account each reminder carries: the CSV, the PDF or both (default both). */
  statement_attachment?: "csv" | "pdf" | "both"
  /** E-mail each new invoice of an order with its PDF when it is issued (default on). */
  send_invoice_on_issue?: boolean
  /** E-mail each new invoice imported from an ERP or entered by hand with its PDF (default off). */
  send_invoice_on_import?: boolean
  stages: StageInput[]
}

/** What every shipped stage that sends a notice shares, and what sets each apart. */
type ShippedStageShape = Pick<StageInput, "name" | "offset_days" | "tone" | "repeats"> & { key: ShippedStageKey }

/**
 * A stage of the default policy: its English templates from `templates/locales/en.json`, a translation
 * in every other language the plugin ships, each marked as written against that English text.
 */
function shippedStageInput({ key, ...shape }: ShippedStageShape): StageInput {
  const english = shippedStage("en", key)
  const own: StageTemplate = { subject_template: english.subject, body_html_template: english.html, body_text_template: null }
  const source = stageTextFingerprint(own)
  const languages = SHIPPED_LANGUAGES.filter((l) => l !== "en")
  const translations = Object.fromEntries(
    languages.map((language) => {
      const text = shippedStage(language, key)
      return [language, { subject_template: text.subject, body_html_template: text.html, body_text_template: null }]
    })
  )
  return {
    ...shape,
    action: "send",
    channel: "email",
    ...own,
    translations,
    translation_sources: Object.fromEntries(languages.map((language) => [language, source])),
  }
}

export const DEFAULT_STAGES: StageInput[] = [
  shippedStageInput({ key: "friendly_reminder", name: "Friendly reminder", offset_days: -3, tone: "friendly", repeats: false }),
  shippedStageInput({ key: "due_today", name: "Due today", offset_days: 0, tone: "neutral", repeats: false }),
  shippedStageInput({ key: "overdue", name: "Notification of Overdue Invoices", offset_days: 5, tone: "firm", repeats: true }),
  {
    name: "Escalation to account rep",
    offset_days: 45,
    action: "escalate",
    tone: "final",
    repeats: false,
    // from the escalation on, the customer is on credit hold: no new orders on terms
    credit_hold: true,
    channel: "email",
    subject_template: null,
    body_html_template: null,
    body_text_template: null,
  },
]

export const DEFAULT_POLICY: PolicyInput = {
  name: "Standard collections",
  is_default: true,
  enabled: true,
  priority: 0,
  customer_group_ids: null,
  risk_bands: null,
  prefer_channel_that_worked: false,
  tolerance_days: 5,
  resend_days: 7,
  max_notices: null,
  max_contacts_per_30_days: 3,
  cc: null,
  bcc: null,
  reply_to: null,
  timezone: "UTC",
  send_days: [1, 2, 3, 4, 5],
  send_hour_start: 8,
  send_hour_end: 18,
  channels: ["email"],
  credit_hold_overdue_above: null,
  credit_hold_days_overdue: null,
  statement_attachment: "both",
  send_invoice_on_issue: true,
  send_invoice_on_import: false,
  stages: DEFAULT_STAGES,
}

/** Marks the shipped "High risk" policy, so that it is added once to every store, and never again once deleted. */
export const HIGH_RISK_POLICY_KEY = "high_risk"

/**
 * The stricter policy a store gets beside the default one, for customers in the high risk band: the first
 * notice two days after the due date (not five), a re-send every four days (not seven), the collections
 * manager in CC (the default policy's CC) and the rep taking over after 21 days (not 45), with a credit
 * hold. Disabled until the merchant enables it: chasing a customer harder is the merchant's call.
 */
export function highRiskPolicy(defaultPolicy: Pick<PolicyInput, "cc" | "bcc" | "reply_to" | "timezone" | "send_days" | "send_hour_start" | "send_hour_end">): PolicyInput {
  const stricter: Record<string, Partial<StageInput>> = {
    "Friendly reminder": { offset_days: -5 },
    "Notification of Overdue Invoices": { offset_days: 2 },
    "Escalation to account rep": { offset_days: 21 },
  }
  return {
    ...DEFAULT_POLICY,
    name: "High risk",
    is_default: false,
    enabled: false,
    priority: 100,
    customer_group_ids: null,
    risk_bands: ["high"],
    tolerance_days: 2,
    resend_days: 4,
    cc: defaultPolicy.cc?.length ? [...defaultPolicy.cc] : null,
    bcc: defaultPolicy.bcc?.length ? [...defaultPolicy.bcc] : null,
    reply_to: defaultPolicy.reply_to ?? null,
    timezone: defaultPolicy.timezone,
    send_days: defaultPolicy.send_days?.length ? [...defaultPolicy.send_days] : DEFAULT_POLICY.send_days,
    send_hour_start: defaultPolicy.send_hour_start,
    send_hour_end: defaultPolicy.send_hour_end,
    stages: DEFAULT_STAGES.map((stage) => ({ ...stage, ...stricter[stage.name] })),
  }
}

/**
 * Cross-field rules of a policy that a schema cannot express; each problem names the field, with stage
 * fields as `stages.<index>.<field>`.
 */
export function policyProblems(policy: PolicyInput): FieldProblem[] {
  const problems: FieldProblem[] = []
  const add = (field: string, message: string) => problems.push({ field, message })
  if (!isValidTimeZone(policy.timezone)) {
    add("timezone", `'${policy.timezone}' is not an IANA timezone such as 'Europe/Berlin'`)
  }
  if (policy.send_hour_start >= policy.send_hour_end) {
    add("send_hour_end", "must be after send_hour_start")
  }
  if (!policy.send_days.length) {
    add("send_days", "name at least one day of the week (1 = Monday … 7 = Sunday)")
  }
  if (new Set(policy.send_days).size !== policy.send_days.length) {
    add("send_days", "lists a day twice")
  }
  if (!policy.stages.length) {
    add("stages", "a policy needs at least one stage")
  }
  if (!policy.stages.some((s) => s.action === "send")) {
    add("stages", "a policy needs at least one stage that sends a notice")
  }
  policy.stages.forEach((stage, i) => {
    const previous = policy.stages[i - 1]
    if (previous && stage.offset_days <= previous.offset_days) {
      add(`stages.${i}.offset_days`, `must be after the previous stage's offset (${previous.offset_days}); stages are listed in the order they happen`)
    }
    if (stage.stops_reminders) {
      const stranded = policy.stages.slice(i + 1).filter((s) => s.action === "send")
      if (stranded.length) {
        add(
          `stages.${i}.stops_reminders`,
          `reminders stop at this stage, so the later stage(s) ${stranded.map((s) => `'${s.name}'`).join(", ")} would never be sent; remove them or turn stops_reminders off`
        )
      }
    }
    if (stage.action === "send" && (!stage.subject_template?.trim() || !stage.body_html_template?.trim())) {
      add(`stages.${i}`, "a stage that sends a notice needs a subject_template and a body_html_template")
    }
    if (stage.repeats && stage.action !== "send") {
      add(`stages.${i}.repeats`, "only a stage that sends a notice can repeat")
    }
    if (stage.credit_hold && stage.offset_days <= 0) {
      add(`stages.${i}.credit_hold`, "a credit hold is for overdue invoices: only a stage after the due date (offset_days above 0) can place one")
    }
    if (!policy.channels.includes(stage.channel)) {
      add(`stages.${i}.channel`, `'${stage.channel}' is not one of the policy's channels (${policy.channels.join(", ")})`)
    }
  })
  if (policy.is_default && policy.risk_bands?.length) {
    add("risk_bands", "the default policy is for every customer the other policies leave; name risk bands on another policy")
  }
  if (policy.risk_bands && new Set(policy.risk_bands).size !== policy.risk_bands.length) {
    add("risk_bands", "lists a band twice")
  }
  const limits = (policy.credit_hold_overdue_above ?? []).map((l) => l.currency_code.toLowerCase())
  limits.forEach((code, i) => {
    if (limits.indexOf(code) !== i) {
      add(`credit_hold_overdue_above.${i}.currency_code`, `lists '${code}' twice; one limit per currency`)
    }
  })
  return problems
}

export type PolicyForChoice = {
  id: string
  is_default: boolean
  enabled: boolean
  priority: number
  customer_group_ids: string[] | null
  risk_bands?: string[] | null
}

/** Whether a policy targets customers, by group or by risk band, rather than being the default only. */
export function isTargeted(policy: PolicyForChoice): boolean {
  return !policy.is_default && (!!policy.customer_group_ids?.length || !!policy.risk_bands?.length)
}

/**
 * Whether a (non-default) policy is for a customer: each targeting it names must match, so a policy for
 * the group "Wholesale" and the band "high" is for high-risk wholesale customers only, and a policy that
 * names only bands is for every customer in those bands. A customer not scored yet is in no band.
 */
function targets(policy: PolicyForChoice, groups: Set<string>, band: string | null): boolean {
  const byGroup = policy.customer_group_ids ?? []
  const byBand = policy.risk_bands ?? []
  if (!byGroup.length && !byBand.length) {
    return false
  }
  return (!byGroup.length || byGroup.some((g) => groups.has(g))) && (!byBand.length || (!!band && byBand.includes(band)))
}

/**
 * The policy that applies to a customer: the one its profile pins, else the enabled policy for the
 * customer's groups and risk band (see `targets`) with the highest priority (ties: the oldest id), else
 * the default policy. A disabled policy applies to nobody, so a pin to a disabled or deleted policy is
 * passed over like a disabled group policy; only the default policy is returned when disabled (the run
 * then chases nobody under it).
 */
export function choosePolicy<P extends PolicyForChoice>(
  policies: P[],
  customer: { pinned_policy_id?: string | null; group_ids: string[]; risk_band?: string | null }
): P | null {
  if (customer.pinned_policy_id) {
    const pinned = policies.find((p) => p.id === customer.pinned_policy_id)
    if (pinned?.enabled) {
      return pinned
    }
  }
  const groups = new Set(customer.group_ids)
  const matching = policies
    .filter((p) => !p.is_default && p.enabled && targets(p, groups, customer.risk_band ?? null))
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id))
  return matching[0] ?? policies.find((p) => p.is_default) ?? null
}

export type StoredStage = {
  id: string
  position: number
  name: string
  offset_days: number
  action: "send" | "escalate"
  repeats: boolean
  stops_reminders?: boolean | null
  credit_hold?: boolean | null
}
export type StoredPolicy = Omit<PolicyInput, "stages" | "send_days" | "channels"> & {
  id: string
  send_days: number[] | null
  channels: string[] | null
  stages: StoredStage[]
}

/** The schedule rules of a stored policy, as the engine reads them. */
export function rulesOf(policy: StoredPolicy): CustomerRules {
  const window: SendWindow = {
    timezone: policy.timezone,
    days: policy.send_days?.length ? policy.send_days : [1, 2, 3, 4, 5],
    startHour: policy.send_hour_start,
    endHour: policy.send_hour_end,
  }
  const stages: StageRule[] = [...policy.stages]
    .sort((a, b) => a.offset_days - b.offset_days || a.position - b.position)
    .map((s) => ({
      id: s.id,
      name: s.name,
      offset_days: s.offset_days,
      action: s.action,
      repeats: s.repeats,
      stops_reminders: !!s.stops_reminders,
    }))
  return {
    tolerance_days: policy.tolerance_days,
    resend_days: policy.resend_days,
    max_notices: policy.max_notices ?? null,
    max_contacts_per_30_days: policy.max_contacts_per_30_days,
    window,
    stages,
  }
}
