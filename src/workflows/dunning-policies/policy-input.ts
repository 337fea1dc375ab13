import { DEFAULT_POLICY, type PolicyInput, type StageInput } from "../../modules/dunning/domain/policy"

/** A policy as the admin sends it: any field may be left out and takes the default, or today's value. */
export type PolicyChanges = Partial<Omit<PolicyInput, "stages">> & { stages?: Array<Partial<StageInput> & { name: string; offset_days: number }> }

function completeStage(stage: Partial<StageInput> & { name: string; offset_days: number }): StageInput {
  return {
    id: stage.id,
    name: stage.name,
    offset_days: stage.offset_days,
    action: stage.action ?? "send",
    tone: stage.tone ?? "neutral",
    repeats: stage.repeats ?? false,
    stops_reminders: stage.stops_reminders ?? false,
    channel: stage.channel ?? "email",
    subject_template: stage.subject_template ?? null,
    body_html_template: stage.body_html_template ?? null,
    body_text_template: stage.body_text_template ?? null,
    translations: withoutBlankTranslations(stage.translations),
  }
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
  merged.stages = changes.stages ? changes.stages.map(completeStage) : base.stages
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
    stages: stages.map((s: any) => ({
      id: s.id,
      name: s.name,
      offset_days: s.offset_days,
      action: s.action,
      tone: s.tone,
      repeats: s.repeats,
      stops_reminders: !!s.stops_reminders,
      channel: s.channel,
      subject_template: s.subject_template,
      body_html_template: s.body_html_template,
      body_text_template: s.body_text_template,
      translations: withoutBlankTranslations(s.translations),
    })),
  }
}
