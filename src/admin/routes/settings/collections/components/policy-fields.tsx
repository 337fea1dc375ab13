import { Input } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useCustomerGroups } from "../../../../hooks/api/policies"
import { useLanguage } from "../../../../hooks/use-language"
import { plural } from "../../../../lib/i18n"
import { numberField, splitList, type Draft, type SetDraftField } from "../../../../lib/policy-draft"
import { CreditHoldRules } from "./credit-hold-rules"
import { CustomerGroupsField } from "./customer-groups-field"
import { RiskBandsField } from "./risk-bands-field"
import { DocumentSettings } from "./document-settings"
import { SendScheduleFields } from "./send-schedule-fields"

/**
 * A policy's settings: how long to wait, how often to remind, how many contacts, who is copied, when to
 * send, for which groups, when a customer goes on credit hold, and which documents go with the notices.
 */
export const PolicyFields = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const lang = useLanguage()
  const { t } = lang
  const groups = useCustomerGroups()
  const num = (key: keyof Draft) => numberField(set, key)
  return (
    <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-3">
      <Field label={t("settings.policy.name")} name="name" error={errors.name}>
        <Input id="name" value={draft.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <Field
        label={t("settings.policy.tolerance")}
        name="tolerance_days"
        error={errors.tolerance_days}
        hint={t("settings.policy.toleranceHint", { overdue: plural(lang, "format.daysOverdue", Number(draft.tolerance_days) || 0) })}
      >
        <Input id="tolerance_days" type="number" value={draft.tolerance_days} onChange={num("tolerance_days")} />
      </Field>
      <Field label={t("settings.policy.resendDays")} name="resend_days" error={errors.resend_days}>
        <Input id="resend_days" type="number" value={draft.resend_days} onChange={num("resend_days")} />
      </Field>
      <Field
        label={t("settings.policy.maxNotices")}
        name="max_notices"
        error={errors.max_notices}
        hint={
          draft.max_notices === null
            ? t("settings.policy.maxNoticesEmpty")
            : t("settings.policy.maxNoticesHint", {
                notices: plural(lang, "settings.policy.noticeCount", Number(draft.max_notices) || 0),
                days: plural(lang, "format.days", Number(draft.resend_days) || 0),
              })
        }
      >
        <Input
          id="max_notices"
          type="number"
          placeholder={t("settings.policy.untilPaid")}
          value={draft.max_notices ?? ""}
          onChange={(e) => set("max_notices", e.target.value === "" ? null : Number(e.target.value))}
        />
      </Field>
      <Field label={t("settings.policy.maxContacts")} name="max_contacts_per_30_days" error={errors.max_contacts_per_30_days}>
        <Input id="max_contacts_per_30_days" type="number" value={draft.max_contacts_per_30_days} onChange={num("max_contacts_per_30_days")} />
      </Field>
      {!draft.is_default && (
        <Field label={t("settings.policy.priority")} name="priority" error={errors.priority} hint={t("settings.policy.priorityHint")}>
          <Input id="priority" type="number" value={draft.priority} onChange={num("priority")} />
        </Field>
      )}
      <Field label={t("settings.policy.cc")} name="cc" error={errors.cc} hint={t("settings.policy.commaSeparated")}>
        <Input id="cc" value={(draft.cc ?? []).join(", ")} onChange={(e) => set("cc", splitList(e.target.value))} />
      </Field>
      <Field label={t("settings.policy.bcc")} name="bcc" error={errors.bcc}>
        <Input id="bcc" value={(draft.bcc ?? []).join(", ")} onChange={(e) => set("bcc", splitList(e.target.value))} />
      </Field>
      <Field label={t("settings.policy.replyTo")} name="reply_to" error={errors.reply_to}>
        <Input id="reply_to" value={draft.reply_to ?? ""} onChange={(e) => set("reply_to", e.target.value.trim() || null)} />
      </Field>
      <Field label={t("settings.policy.timezone")} name="timezone" error={errors.timezone} hint={t("settings.policy.timezoneHint")}>
        <Input id="timezone" value={draft.timezone} onChange={(e) => set("timezone", e.target.value)} />
      </Field>
      <SendScheduleFields draft={draft} set={set} errors={errors} />
      {!draft.is_default && <CustomerGroupsField draft={draft} set={set} errors={errors} customerGroups={groups.data?.customer_groups} />}
      <RiskBandsField draft={draft} set={set} errors={errors} />
      <CreditHoldRules draft={draft} set={set} errors={errors} />
      <DocumentSettings draft={draft} set={set} errors={errors} />
    </div>
  )
}
