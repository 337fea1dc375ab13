import type { ChangeEvent } from "react"
import type { Policy, Stage } from "./types"

/** The settings editor's working copy of a policy, and what saving it sends. */

/** A policy as the editor holds it while it is being changed: a new one has no id yet. */
export type Draft = Omit<Policy, "id"> & { id: string | null }

/** What each part of the stage editor works on: the selected stage, its place, the server's errors by path, and a patch to apply. */
export type StageFormProps = {
  stage: Stage
  index: number
  errors: Record<string, string>
  onChange: (patch: Partial<Stage>) => void
}

/** Sets one field of the draft. */
export type SetDraftField = <K extends keyof Draft>(key: K, value: Draft[K]) => void

/** What an admin can change on a policy; the API refuses anything else it answers with (timestamps, metadata). */
const EDITABLE_FIELDS = [
  "name",
  "enabled",
  "priority",
  "customer_group_ids",
  "risk_bands",
  "prefer_channel_that_worked",
  "tolerance_days",
  "resend_days",
  "max_notices",
  "max_contacts_per_30_days",
  "cc",
  "bcc",
  "reply_to",
  "timezone",
  "send_days",
  "send_hour_start",
  "send_hour_end",
  "channels",
  "credit_hold_overdue_above",
  "credit_hold_days_overdue",
  "statement_attachment",
  "send_invoice_on_issue",
  "send_invoice_on_import",
] as const satisfies ReadonlyArray<keyof Draft>

/**
 * What an admin can change on a stage. Its translations go back as they came (each keeps the English text
 * it was written against); `reviewed_translations` confirms stale ones and is sent only when it names one.
 */
const EDITABLE_STAGE_FIELDS = [
  "id",
  "name",
  "offset_days",
  "action",
  "tone",
  "repeats",
  "stops_reminders",
  "credit_hold",
  "channel",
  "subject_template",
  "body_html_template",
  "body_text_template",
  "translations",
  "variant_b",
  "variant_split",
] as const satisfies ReadonlyArray<keyof Stage>

const NEW_POLICY: Draft = {
  id: null,
  name: "",
  is_default: false,
  enabled: true,
  priority: 10,
  customer_group_ids: [],
  risk_bands: [],
  prefer_channel_that_worked: false,
  tolerance_days: 3,
  resend_days: 7,
  max_notices: null,
  max_contacts_per_30_days: 4,
  cc: [],
  bcc: [],
  reply_to: null,
  timezone: "UTC",
  send_days: [1, 2, 3, 4, 5],
  send_hour_start: 8,
  send_hour_end: 18,
  channels: ["email"],
  credit_hold_overdue_above: [],
  credit_hold_days_overdue: null,
  statement_attachment: "both",
  send_invoice_on_issue: true,
  send_invoice_on_import: false,
  stages: [],
}

/**
 * The stage "Add stage" appends as the n-th: a neutral e-mail n weeks after the due date, named in the
 * admin's language ("Reminder 2"). Its templates are the merchant's to write; they start as a plain notice.
 */
export const newStage = (n: number, name: string): Stage => ({
  name,
  offset_days: n * 7,
  action: "send",
  tone: "neutral",
  repeats: false,
  stops_reminders: false,
  credit_hold: false,
  channel: "email",
  subject_template: "Overdue invoices from {{store.name}}",
  body_html_template: "<p>Dear {{customer.name}},</p>\n<p>These invoices are overdue:</p>\n{{> invoiceTable}}",
  body_text_template: null,
})

/** The editor's copy of a saved policy, or a new group policy with one stage (named `firstStageName`). */
export const toDraft = (policy: Policy | null, firstStageName: string): Draft =>
  policy ? { ...policy, stages: policy.stages.map((s) => ({ ...s })) } : { ...NEW_POLICY, stages: [newStage(1, firstStageName)] }

/**
 * What saving sends: only the editable fields, and the stages' editable fields without their positions
 * (the order is the position). A new policy is never the default; the default policy has no customer
 * groups to send. Overdue limits left blank are not sent.
 */
export function policyRequestBody(draft: Draft): Record<string, unknown> {
  const { id, is_default } = draft
  const body: Record<string, unknown> = {
    ...Object.fromEntries(EDITABLE_FIELDS.map((key) => [key, draft[key]])),
    credit_hold_overdue_above: (draft.credit_hold_overdue_above ?? []).filter((l) => l.currency_code.trim() || String(l.amount).trim()),
    stages: draft.stages.map(stageRequestBody),
    ...(id ? {} : { is_default: false }),
  }
  if (is_default) {
    delete body.customer_group_ids
    delete body.risk_bands
  }
  return body
}

function stageRequestBody(stage: Stage): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(EDITABLE_STAGE_FIELDS.filter((key) => stage[key] !== undefined).map((key) => [key, stage[key]]))
  if (stage.reviewed_translations?.length) {
    body.reviewed_translations = stage.reviewed_translations
  }
  return body
}

/**
 * The languages of a saved stage whose translation was written against English text the stage no longer
 * has (as the server last answered), each with whether the admin has confirmed it still fits.
 */
export function staleTranslationsOf(draft: Draft, stage: Stage): Array<{ language: string; confirmed: boolean }> {
  if (!stage.id) {
    return []
  }
  return (draft.stale_translations ?? [])
    .filter((s) => s.stage_id === stage.id)
    .map(({ language }) => ({ language, confirmed: !!stage.reviewed_translations?.includes(language) }))
}

/** The stage patch that confirms a stale translation still fits (sent with the next save), or takes that back. */
export function reviewTranslation(stage: Stage, language: string, stillFits: boolean): Partial<Stage> {
  const others = (stage.reviewed_translations ?? []).filter((l) => l !== language)
  return { reviewed_translations: stillFits ? [...others, language] : others }
}

/** The stages with the one at `index` moved `by` places (-1 up, 1 down). */
export function moveStage(stages: Stage[], index: number, by: number): Stage[] {
  const moved = [...stages]
  const [stage] = moved.splice(index, 1)
  moved.splice(index + by, 0, stage)
  return moved
}

/** A number input's change as the draft keeps it: empty stays empty so the field can be cleared while typing. */
export const numberField = (set: SetDraftField, key: keyof Draft) => (e: ChangeEvent<HTMLInputElement>) =>
  set(key, (e.target.value === "" ? "" : Number(e.target.value)) as any)

/** "a@x.com, b@x.com; c@x.com" → the three addresses. */
export const splitList = (value: string) => value.split(/[,;\s]+/).map((v) => v.trim()).filter(Boolean)
