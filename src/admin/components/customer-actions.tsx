import { Checkbox, Drawer, Input, Label, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import {
  useAdminUsers,
  usePlaceHold,
  useRecordCollectionEvent,
  useSaveCollectionProfile,
  type NewCollectionEvent,
} from "../hooks/api/customer-collections"
import { useLanguage } from "../hooks/use-language"
import { enumLabel, fieldErrors, formatMoney, userName } from "../lib/format"
import type { CollectionProfile, Receivable, TermsStart } from "../lib/types"
import { LiftCreditHoldForm, PlaceCreditHoldForm } from "./credit-hold-forms"
import { Field } from "./field"
import { FormShell } from "./form-shell"
import { errorMessage } from "./states"

export type CustomerAction = "call" | "promise" | "dispute" | "resolve" | "hold" | "profile" | "creditHold" | "liftCreditHold"

const CALL_OUTCOMES = ["reached", "left_voicemail", "no_answer", "wrong_number", "promised_payment", "disputed", "refused"]

/** The drawer for one rep action on the customer page; each one validates on the server and shows its errors by field. */
export const CustomerActionDrawer = ({
  action,
  customerId,
  receivables,
  profile,
  onClose,
}: {
  action: CustomerAction | null
  customerId: string
  receivables: Receivable[]
  profile: CollectionProfile | null
  onClose: () => void
}) => (
  <Drawer open={!!action} onOpenChange={(open) => !open && onClose()}>
    <Drawer.Content aria-describedby={undefined}>
      {action === "call" && <CallForm customerId={customerId} receivables={receivables} onDone={onClose} />}
      {action === "promise" && <PromiseForm customerId={customerId} receivables={receivables} onDone={onClose} />}
      {action === "dispute" && <DisputeForm customerId={customerId} receivables={receivables} resolve={false} onDone={onClose} />}
      {action === "resolve" && <DisputeForm customerId={customerId} receivables={receivables} resolve onDone={onClose} />}
      {action === "hold" && <HoldForm customerId={customerId} onDone={onClose} />}
      {action === "profile" && <ProfileForm customerId={customerId} profile={profile} onDone={onClose} />}
      {action === "creditHold" && <PlaceCreditHoldForm customerId={customerId} onDone={onClose} />}
      {action === "liftCreditHold" && <LiftCreditHoldForm customerId={customerId} onDone={onClose} />}
    </Drawer.Content>
  </Drawer>
)

function useEventForm(customerId: string, onDone: () => void, success: string) {
  const { t } = useLanguage()
  const record = useRecordCollectionEvent(customerId)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const submit = (body: NewCollectionEvent) => {
    setErrors({})
    record.mutate(body, {
      onSuccess: () => {
        toast.success(success)
        onDone()
      },
      onError: (error) => setErrors(fieldErrors(errorMessage(error, t))),
    })
  }
  return { submit, errors, busy: record.isPending }
}

const CallForm = ({ customerId, receivables, onDone }: { customerId: string; receivables: Receivable[]; onDone: () => void }) => {
  const lang = useLanguage()
  const { t } = lang
  const { submit, errors, busy } = useEventForm(customerId, onDone, t("actions.call.done"))
  const [outcome, setOutcome] = useState("reached")
  const [note, setNote] = useState("")
  const [followUp, setFollowUp] = useState(false)
  const [assignee, setAssignee] = useState<string>("")
  const [due, setDue] = useState("")
  const [selected, setSelected] = useState<string[]>([])
  return (
    <FormShell
      title={t("actions.call.title")}
      busy={busy}
      error={errors._}
      submitLabel={t("actions.call.submit")}
      onSubmit={() =>
        submit({
          type: "call_logged",
          outcome,
          ...(note.trim() ? { note } : {}),
          ...(selected.length ? { receivable_ids: selected } : {}),
          ...(followUp ? { follow_up: true, assigned_to: assignee || null, follow_up_due_at: due || null } : {}),
        })
      }
    >
      <Field label={t("actions.call.outcome")} name="outcome" error={errors.outcome}>
        <Select value={outcome} onValueChange={setOutcome}>
          <Select.Trigger id="outcome">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {CALL_OUTCOMES.map((o) => (
              <Select.Item key={o} value={o}>
                {enumLabel(lang, "callOutcome", o)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>
      <Field label={t("actions.call.note")} name="note" error={errors.note}>
        <Textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={4} />
      </Field>
      <InvoicePicker receivables={receivables} selected={selected} onChange={setSelected} error={errors.receivable_ids} optional />
      <div className="flex items-center gap-x-2">
        <Checkbox id="follow_up" checked={followUp} onCheckedChange={(v) => setFollowUp(v === true)} />
        <Label htmlFor="follow_up" size="small">
          {t("actions.call.followUp")}
        </Label>
      </div>
      {followUp && (
        <>
          <Field label={t("actions.call.assignTo")} name="assigned_to" error={errors.assigned_to}>
            <UserSelect id="assigned_to" value={assignee} onChange={setAssignee} placeholder={t("actions.call.nobody")} />
          </Field>
          <Field label={t("actions.call.dueBy")} name="follow_up_due_at" error={errors.follow_up_due_at}>
            <Input id="follow_up_due_at" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </Field>
        </>
      )}
    </FormShell>
  )
}

const PromiseForm = ({ customerId, receivables, onDone }: { customerId: string; receivables: Receivable[]; onDone: () => void }) => {
  const { t } = useLanguage()
  const { submit, errors, busy } = useEventForm(customerId, onDone, t("actions.promise.done"))
  const currencies = [...new Set(receivables.map((r) => r.currency_code))]
  const [date, setDate] = useState("")
  const [amount, setAmount] = useState("")
  const [currency, setCurrency] = useState(currencies[0] ?? "")
  const [note, setNote] = useState("")
  const [selected, setSelected] = useState<string[]>([])
  return (
    <FormShell
      title={t("actions.promise.title")}
      busy={busy}
      error={errors._}
      submitLabel={t("actions.promise.submit")}
      onSubmit={() =>
        submit({
          type: "promise_to_pay",
          promised_date: date,
          ...(amount.trim() ? { promised_amount: Number(amount), promised_currency_code: currency } : {}),
          ...(note.trim() ? { note } : {}),
          ...(selected.length ? { receivable_ids: selected } : {}),
        })
      }
    >
      <Field label={t("actions.promise.date")} name="promised_date" error={errors.promised_date} hint={t("actions.promise.dateHint")}>
        <Input id="promised_date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-x-3">
        <Field label={t("actions.promise.amount")} name="promised_amount" error={errors.promised_amount}>
          <Input id="promised_amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={t("actions.optional")} />
        </Field>
        <Field label={t("actions.promise.currency")} name="promised_currency_code" error={errors.promised_currency_code}>
          <Select value={currency} onValueChange={setCurrency}>
            <Select.Trigger id="promised_currency_code">
              <Select.Value placeholder={t("actions.promise.currency")} />
            </Select.Trigger>
            <Select.Content>
              {currencies.map((c) => (
                <Select.Item key={c} value={c}>
                  {c.toUpperCase()}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
      </div>
      <InvoicePicker receivables={receivables} selected={selected} onChange={setSelected} error={errors.receivable_ids} optional />
      <Field label={t("actions.note")} name="note" error={errors.note}>
        <Textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </Field>
    </FormShell>
  )
}

const DisputeForm = ({
  customerId,
  receivables,
  resolve,
  onDone,
}: {
  customerId: string
  receivables: Receivable[]
  resolve: boolean
  onDone: () => void
}) => {
  const { t } = useLanguage()
  const { submit, errors, busy } = useEventForm(customerId, onDone, t(resolve ? "actions.resolve.done" : "actions.dispute.done"))
  const [note, setNote] = useState("")
  const [selected, setSelected] = useState<string[]>([])
  return (
    <FormShell
      title={t(resolve ? "actions.resolve.title" : "actions.dispute.title")}
      busy={busy}
      error={errors._}
      submitLabel={t(resolve ? "actions.resolve.submit" : "actions.dispute.submit")}
      onSubmit={() =>
        submit(
          resolve
            ? { type: "dispute_resolved", receivable_ids: selected, ...(note.trim() ? { note } : {}) }
            : { type: "dispute_opened", receivable_ids: selected, note }
        )
      }
    >
      <InvoicePicker receivables={receivables} selected={selected} onChange={setSelected} error={errors.receivable_ids} />
      <Field label={t(resolve ? "actions.resolve.note" : "actions.dispute.note")} name="note" error={errors.note}>
        <Textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={4} />
      </Field>
      {!resolve && (
        <Text size="small" className="text-ui-fg-subtle">
          {t("actions.dispute.hint")}
        </Text>
      )}
    </FormShell>
  )
}

const HoldForm = ({ customerId, onDone }: { customerId: string; onDone: () => void }) => {
  const { t } = useLanguage()
  const hold = usePlaceHold(customerId)
  const [reason, setReason] = useState("")
  const [until, setUntil] = useState("")
  const [errors, setErrors] = useState<Record<string, string>>({})
  return (
    <FormShell
      title={t("actions.hold.title")}
      busy={hold.isPending}
      error={errors._}
      submitLabel={t("actions.hold.submit")}
      onSubmit={() => {
        setErrors({})
        hold.mutate(
          { reason, until },
          {
            onSuccess: () => {
              toast.success(t("actions.hold.done"))
              onDone()
            },
            onError: (error) => setErrors(fieldErrors(errorMessage(error, t))),
          }
        )
      }}
    >
      <Field label={t("actions.hold.reason")} name="reason" error={errors.reason}>
        <Input id="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t("actions.hold.reasonExample")} />
      </Field>
      <Field label={t("actions.hold.until")} name="until" error={errors.until} hint={t("actions.hold.untilHint")}>
        <Input id="until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      </Field>
    </FormShell>
  )
}

/** The select's value for "no choice of the customer's own: the plugin option applies". */
const STORE_DEFAULT = "store_default"

const ProfileForm = ({ customerId, profile, onDone }: { customerId: string; profile: CollectionProfile | null; onDone: () => void }) => {
  const { t } = useLanguage()
  const save = useSaveCollectionProfile(customerId)
  const [emails, setEmails] = useState((profile?.billing_emails ?? []).join(", "))
  const [terms, setTerms] = useState(profile?.terms_days != null ? String(profile.terms_days) : "")
  const [termsStart, setTermsStart] = useState<string>(profile?.terms_start ?? STORE_DEFAULT)
  const [rep, setRep] = useState(profile?.rep_user_id ?? "")
  const [language, setLanguage] = useState(profile?.preferred_language ?? "")
  const [doNotDun, setDoNotDun] = useState(!!profile?.do_not_dun)
  const [notes, setNotes] = useState(profile?.notes ?? "")
  const [errors, setErrors] = useState<Record<string, string>>({})
  return (
    <FormShell
      title={t("actions.profile.title")}
      busy={save.isPending}
      error={errors._}
      submitLabel={t("common.save")}
      onSubmit={() => {
        setErrors({})
        const termsValue = terms.trim() === "" ? null : Number(terms)
        if (termsValue !== null && !Number.isInteger(termsValue)) {
          setErrors({ terms_days: t("actions.profile.termsWholeDays") })
          return
        }
        save.mutate(
          {
            billing_emails: emails.split(/[,;\s]+/).map((e) => e.trim()).filter(Boolean),
            terms_days: termsValue,
            terms_start: termsStart === STORE_DEFAULT ? null : (termsStart as TermsStart),
            rep_user_id: rep || null,
            preferred_language: language.trim() || null,
            do_not_dun: doNotDun,
            notes: notes.trim() || null,
          },
          {
            onSuccess: () => {
              toast.success(t("actions.profile.done"))
              onDone()
            },
            onError: (error) => setErrors(fieldErrors(errorMessage(error, t))),
          }
        )
      }}
    >
      <Field label={t("actions.profile.billingEmails")} name="billing_emails" error={errors.billing_emails} hint={t("actions.profile.billingEmailsHint")}>
        <Input id="billing_emails" value={emails} onChange={(e) => setEmails(e.target.value)} />
      </Field>
      <Field label={t("actions.profile.termsDays")} name="terms_days" error={errors.terms_days} hint={t("actions.profile.termsDaysHint")}>
        <Input id="terms_days" inputMode="numeric" value={terms} onChange={(e) => setTerms(e.target.value)} />
      </Field>
      <Field label={t("actions.profile.termsStart")} name="terms_start" error={errors.terms_start} hint={t("actions.profile.termsStartHint")}>
        <TermsStartSelect value={termsStart} onChange={setTermsStart} />
      </Field>
      <Field label={t("actions.profile.rep")} name="rep_user_id" error={errors.rep_user_id}>
        <UserSelect id="rep_user_id" value={rep} onChange={setRep} placeholder={t("actions.profile.noRep")} />
      </Field>
      <Field label={t("actions.profile.language")} name="preferred_language" error={errors.preferred_language} hint={t("actions.profile.languageHint")}>
        <Input id="preferred_language" value={language} onChange={(e) => setLanguage(e.target.value)} />
      </Field>
      <div className="flex items-center gap-x-2">
        <Checkbox id="do_not_dun" checked={doNotDun} onCheckedChange={(v) => setDoNotDun(v === true)} />
        <Label htmlFor="do_not_dun" size="small">
          {t("actions.profile.doNotDun")}
        </Label>
      </div>
      <Field label={t("actions.profile.notes")} name="notes" error={errors.notes}>
        <Textarea id="notes" value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
      </Field>
    </FormShell>
  )
}

/** What the customer's terms run from: the order date, the first shipment or delivery, or the store's default. */
const TermsStartSelect = ({ value, onChange }: { value: string; onChange: (value: string) => void }) => {
  const { t } = useLanguage()
  return (
    <Select value={value} onValueChange={onChange}>
      <Select.Trigger id="terms_start">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        <Select.Item value={STORE_DEFAULT}>{t("actions.profile.storeDefault")}</Select.Item>
        <Select.Item value="order">{t("actions.profile.startOrder")}</Select.Item>
        <Select.Item value="shipment">{t("actions.profile.startShipment")}</Select.Item>
        <Select.Item value="delivery">{t("actions.profile.startDelivery")}</Select.Item>
      </Select.Content>
    </Select>
  )
}

/** The store's admin users, to assign a follow-up or name the customer's rep. */
const UserSelect = ({ id, value, onChange, placeholder }: { id: string; value: string; onChange: (id: string) => void; placeholder: string }) => {
  const users = useAdminUsers()
  return (
    <Select value={value} onValueChange={onChange}>
      <Select.Trigger id={id}>
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {(users.data?.users ?? []).map((u: any) => (
          <Select.Item key={u.id} value={u.id}>
            {userName(u)}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

const InvoicePicker = ({
  receivables,
  selected,
  onChange,
  error,
  optional,
}: {
  receivables: Receivable[]
  selected: string[]
  onChange: (ids: string[]) => void
  error?: string
  optional?: boolean
}) => {
  const { t, locale } = useLanguage()
  return (
    <Field label={t(optional ? "actions.invoicesOptional" : "actions.invoices")} name="receivable_ids" error={error}>
      {receivables.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t("actions.noOpenInvoices")}
        </Text>
      ) : (
        <div className="flex max-h-48 flex-col gap-y-2 overflow-y-auto">
          {receivables.map((r) => (
            <div key={r.id} className="flex items-center gap-x-2">
              <Checkbox
                id={`rcv-${r.id}`}
                checked={selected.includes(r.id)}
                onCheckedChange={(v) => onChange(v === true ? [...selected, r.id] : selected.filter((id) => id !== r.id))}
              />
              <Label htmlFor={`rcv-${r.id}`} size="small">
                {r.number} · {formatMoney(r.outstanding_amount ?? r.amount - r.amount_paid, r.currency_code, locale)}
              </Label>
            </div>
          ))}
        </div>
      )}
    </Field>
  )
}
