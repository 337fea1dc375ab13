import { staleTranslations } from "../../../../modules/dunning/domain/stage-translations"
import { editableStageFields } from "../../../../workflows/dunning-policies/policy-input"

/**
 * A policy as the API shows it: stages in their order, defaults filled in for optional lists, and the
 * translations written against English text the stage no longer has (`stale_translations`, one entry per
 * stage and language; kept beside the stages, since a stage is sent back as it is shown).
 */
export function presentPolicy(policy: any) {
  const stages = [...(policy.stages ?? [])].sort((a: any, b: any) => a.position - b.position)
  return {
    ...policy,
    cc: policy.cc ?? [],
    bcc: policy.bcc ?? [],
    customer_group_ids: policy.customer_group_ids ?? [],
    risk_bands: policy.risk_bands ?? [],
    prefer_channel_that_worked: !!policy.prefer_channel_that_worked,
    send_days: policy.send_days ?? [1, 2, 3, 4, 5],
    channels: policy.channels ?? ["email"],
    // null: reminders go on until the invoice is paid
    max_notices: policy.max_notices ?? null,
    credit_hold_overdue_above: policy.credit_hold_overdue_above ?? [],
    credit_hold_days_overdue: policy.credit_hold_days_overdue ?? null,
    statement_attachment: policy.statement_attachment ?? "both",
    send_invoice_on_issue: policy.send_invoice_on_issue ?? true,
    send_invoice_on_import: !!policy.send_invoice_on_import,
    // only what an admin can send back: the array order is the stage order
    stages: stages.map((s: any) => ({ ...editableStageFields(s), translations: s.translations ?? null })),
    stale_translations: stages.flatMap((s: any) => staleTranslations(s).map((language) => ({ stage_id: s.id, language }))),
  }
}
