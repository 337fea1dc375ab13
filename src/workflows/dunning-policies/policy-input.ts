import { MedusaError } from "@medusajs/framework/utils"
import { DEFAULT_POLICY, type PolicyInput, type StageInput } from "../../modules/dunning/domain/policy"
import { translationSources } from "../../modules/dunning/domain/stage-translations"

/**
 * A stage as the admin sends it: a new one names at least its name and offset; a kept one, its id.
 * `reviewed_translations` names translations the admin confirms still say what the English text says.
 */
export type StageChanges = Partial<Omit<StageInput, "translation_sources">> & { reviewed_translations?: string[] }

/** A policy as the admin sends it: any field may be left out and takes the default, or today's value. */
export type PolicyChanges = Partial<Omit<PolicyInput, "stages">> & { stages?: StageChanges[] }

/** What a new stage takes for each field left out. */
const NEW_STAGE: Omit<StageInput, "id" | "name" | "offset_days"> = {
  action: "send",
  tone: "neutral",
  repeats: false,
  stops_reminders: false,
  credit_hold: false,
  channel: "email",
  subject_template: null,
  body_html_template: null,
  body_text_template: null,
  translations: null,
  variant_b: null,
  variant_split: null,
}

/**
 * The stage that results from what was sent: a field left out keeps the stored stage's value when the
 * stage is one the policy has (sent with its `id`), and takes the new-stage default otherwise; a field
 * sent as null is cleared. Translations, when sent, replace the stored ones as a whole; each keeps the
 * fingerprint of the English text it was written against (see domain/stage-translations.ts).
 */
function completeStage(sent: StageChanges, stored: StageInput | undefined): StageInput {
  const base: Partial<StageInput> = stored ?? NEW_STAGE
  const pick = <K extends keyof StageChanges & keyof StageInput>(key: K): StageInput[K] => (sent[key] !== undefined ? sent[key] : base[key]) as StageInput[K]
  const stage: StageInput = {
    id: sent.id,
    name: pick("name"),
    offset_days: pick("offset_days"),
    action: pick("action"),
    tone: pick("tone"),
    repeats: pick("repeats"),
    stops_reminders: pick("stops_reminders") ?? false,
    credit_hold: pick("credit_hold") ?? false,
    channel: pick("channel"),
    subject_template: pick("subject_template") ?? null,
    body_html_template: pick("body_html_template") ?? null,
    body_text_template: pick("body_text_template") ?? null,
    translations: withoutBlankTranslations(pick("translations")),
    ...variantOf(pick("variant_b"), pick("variant_split")),
  }
  return { ...stage, translation_sources: translationSources(stage, stored, sent.reviewed_translations) }
}

/**
 * The stages that result from a stage list sent over `stored` ones. An `id` must be one of the stored
 * stages, and name each at most once: anything else answers 400 naming `stages.N.id`, since it would
 * otherwise add a new stage silently or keep one stage twice.
 */
function completeStages(sent: StageChanges[], stored: StageInput[]): StageInput[] {
  const byId = new Map(stored.filter((s) => s.id).map((s) => [s.id as string, s]))
  const seen = new Map<string, number>()
  const problems: string[] = []
  sent.forEach((stage, i) => {
    if (!stage.id) {
      return
    }
    if (!byId.has(stage.id)) {
      problems.push(`stages.${i}.id: '${stage.id}' is not a stage of this policy; leave the id out to add a new stage`)
    } else if (seen.has(stage.id)) {
      problems.push(`stages.${i}.id: '${stage.id}' is sent twice (also as stages.${seen.get(stage.id)})`)
    }
    seen.set(stage.id, seen.get(stage.id) ?? i)
  })
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))
  }
  const completed = sent.map((stage) => completeStage(stage, stage.id ? byId.get(stage.id) : undefined))
  sent.forEach((stage, i) => {
    for (const language of stage.reviewed_translations ?? []) {
      if (!Object.prototype.hasOwnProperty.call(completed[i].translations ?? {}, language)) {
        problems.push(`stages.${i}.reviewed_translations: the stage has no '${language}' translation to confirm`)
      }
    }
  })
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))
  }
  return completed
}

/** Variant B as stored: its blank translations dropped; without a B there is no share. */
function variantOf(b: StageInput["variant_b"], split: StageInput["variant_split"]): Pick<StageInput, "variant_b" | "variant_split"> {
  if (!b) {
    return { variant_b: null, variant_split: null }
  }
  return { variant_b: { ...b, translations: withoutBlankTranslations(b.translations) }, variant_split: split ?? null }
}

const blankToNull = (value: string | null | undefined) => (typeof value === "string" && !value.trim() ? null : value)

/**
 * A blank translated template ("" or only spaces) means "no translation": it is stored as null, so the
 * stage's own template is used, and a language left with nothing translated is dropped.
 */
export function withoutBlankTranslations(translations: StageInput["translations"]): StageInput["translations"] {
  if (!translations) {
    return null
  }
  const kept: NonNullable<StageInput["translations"]> = {}
  for (const [language, t] of Object.entries(translations)) {
    const cleaned = {
      ...t,
      subject_template: blankToNull(t?.subject_template),
      body_html_template: blankToNull(t?.body_html_template),
      body_text_template: blankToNull(t?.body_text_template),
    }
    if (cleaned.subject_template || cleaned.body_html_template || cleaned.body_text_template) {
      kept[language] = cleaned
    }
  }
  return Object.keys(kept).length ? kept : null
}

/** The full policy that results from applying `changes` to `base` (a stored policy, or the defaults). */
export function mergePolicy(base: PolicyInput, changes: PolicyChanges): PolicyInput {
  const merged: PolicyInput = { ...base }
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && key !== "stages") {
      ;(merged as any)[key] = value
    }
  }
  merged.stages = changes.stages ? completeStages(changes.stages, base.stages) : base.stages
  return merged
}

/** A new policy starts from the defaults of every setting (not from the default policy's stages). */
export function newPolicy(changes: PolicyChanges): PolicyInput {
  return mergePolicy({ ...DEFAULT_POLICY, name: "", is_default: false, priority: 0 }, changes)
}

/** A stored policy (with its stages) as a full input, for merging changes and for restoring it. */
export function policyAsInput(stored: any): PolicyInput {
  const stages = [...(stored.stages ?? [])].sort((a: any, b: any) => a.position - b.position)
  return {
    name: stored.name,
    is_default: stored.is_default,
    enabled: stored.enabled,
    priority: stored.priority,
    customer_group_ids: stored.customer_group_ids ?? null,
    risk_bands: stored.risk_bands ?? null,
    prefer_channel_that_worked: !!stored.prefer_channel_that_worked,
    tolerance_days: stored.tolerance_days,
    resend_days: stored.resend_days,
    max_notices: stored.max_notices ?? null,
    max_contacts_per_30_days: stored.max_contacts_per_30_days,
    cc: stored.cc ?? null,
    bcc: stored.bcc ?? null,
    reply_to: stored.reply_to ?? null,
    timezone: stored.timezone,
    send_days: stored.send_days ?? [1, 2, 3, 4, 5],
    send_hour_start: stored.send_hour_start,
    send_hour_end: stored.send_hour_end,
    channels: stored.channels ?? ["email"],
    credit_hold_overdue_above: stored.credit_hold_overdue_above ?? null,
    credit_hold_days_overdue: stored.credit_hold_days_overdue ?? null,
    statement_attachment: stored.statement_attachment ?? "both",
    send_invoice_on_issue: stored.send_invoice_on_issue ?? true,
    send_invoice_on_import: stored.send_invoice_on_import ?? false,
    stages: stages.map((s: any) => ({
      ...editableStageFields(s),
      translations: withoutBlankTranslations(s.translations),
      translation_sources: s.translation_sources ?? null,
    })),
  }
}

/** A stored stage's fields an admin edits and sends back (everything but its translations). */
export function editableStageFields(s: any) {
  return {
    id: s.id,
    name: s.name,
    offset_days: s.offset_days,
    action: s.action,
    tone: s.tone,
    repeats: s.repeats,
    stops_reminders: !!s.stops_reminders,
    credit_hold: !!s.credit_hold,
    channel: s.channel,
    subject_template: s.subject_template,
    body_html_template: s.body_html_template,
    body_text_template: s.body_text_template,
    variant_b: s.variant_b ?? null,
    variant_split: s.variant_b ? s.variant_split ?? null : null,
  }
}
