import { Input } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useCustomerGroups } from "../../../../hooks/api/policies"
import { numberField, splitList, type Draft, type SetDraftField } from "../../../../lib/policy-draft"
import { CustomerGroupsField } from "./customer-groups-field"
import { SendScheduleFields } from "./send-schedule-fields"

/** A policy's settings: how long to wait, how often to remind, how many contacts, who is copied, when to send and for which groups. */
export const PolicyFields = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const groups = useCustomerGroups()
  const num = (key: keyof Draft) => numberField(set, key)
  return (
    <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-3">
      <Field label="Name" name="name" error={errors.name}>
        <Input id="name" value={draft.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <Field
        label="Grace days before the first notice"
        name="tolerance_days"
        error={errors.tolerance_days}
        hint={`Overdue notices wait until an invoice is ${draft.tolerance_days || 0} days overdue: an overdue stage goes out at its own days or the grace days, whichever is later. Reminders before and on the due day are not held back. Saving re-plans every open invoice.`}
      >
        <Input id="tolerance_days" type="number" value={draft.tolerance_days} onChange={num("tolerance_days")} />
      </Field>
      <Field label="Days between re-sends" name="resend_days" error={errors.resend_days}>
        <Input id="resend_days" type="number" value={draft.resend_days} onChange={num("resend_days")} />
      </Field>
      <Field
        label="Most notices per invoice"
        name="max_notices"
        error={errors.max_notices}
        hint={
          draft.max_notices === null
            ? "Empty: reminders go on every re-send interval until the invoice is paid."
            : `After ${draft.max_notices} notices reminders stop and the invoice is escalated to the account rep ${draft.resend_days || 0} days after the last one. Leave empty to remind until paid.`
        }
      >
        <Input
          id="max_notices"
          type="number"
          placeholder="until paid"
          value={draft.max_notices ?? ""}
          onChange={(e) => set("max_notices", e.target.value === "" ? null : Number(e.target.value))}
        />
      </Field>
      <Field label="Most contacts per customer in 30 days" name="max_contacts_per_30_days" error={errors.max_contacts_per_30_days}>
        <Input id="max_contacts_per_30_days" type="number" value={draft.max_contacts_per_30_days} onChange={num("max_contacts_per_30_days")} />
      </Field>
      {!draft.is_default && (
        <Field label="Priority" name="priority" error={errors.priority} hint="Higher wins when a customer is in several groups.">
          <Input id="priority" type="number" value={draft.priority} onChange={num("priority")} />
        </Field>
      )}
      <Field label="CC (collections manager)" name="cc" error={errors.cc} hint="Comma-separated.">
        <Input id="cc" value={(draft.cc ?? []).join(", ")} onChange={(e) => set("cc", splitList(e.target.value))} />
      </Field>
      <Field label="BCC" name="bcc" error={errors.bcc}>
        <Input id="bcc" value={(draft.bcc ?? []).join(", ")} onChange={(e) => set("bcc", splitList(e.target.value))} />
      </Field>
      <Field label="Reply-To" name="reply_to" error={errors.reply_to}>
        <Input id="reply_to" value={draft.reply_to ?? ""} onChange={(e) => set("reply_to", e.target.value.trim() || null)} />
      </Field>
      <Field label="Timezone" name="timezone" error={errors.timezone} hint="IANA name, e.g. Europe/Berlin.">
        <Input id="timezone" value={draft.timezone} onChange={(e) => set("timezone", e.target.value)} />
      </Field>
      <SendScheduleFields draft={draft} set={set} errors={errors} />
      {!draft.is_default && <CustomerGroupsField draft={draft} set={set} errors={errors} customerGroups={groups.data?.customer_groups} />}
    </div>
  )
}
