import { Input, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { usePlaceCreditHold, useReleaseCreditHold } from "../hooks/api/credit-hold"
import { useLanguage } from "../hooks/use-language"
import { fieldErrors } from "../lib/format"
import { Field } from "./field"
import { FormShell } from "./form-shell"
import { errorMessage } from "./states"

/** Places a credit hold by hand, with the reason the history keeps: no new orders on terms until it is released by hand. */
export const PlaceCreditHoldForm = ({ customerId, onDone }: { customerId: string; onDone: () => void }) => {
  const { t } = useLanguage()
  const place = usePlaceCreditHold(customerId)
  const [reason, setReason] = useState("")
  const [errors, setErrors] = useState<Record<string, string>>({})
  return (
    <FormShell
      title={t("creditHold.place.title")}
      busy={place.isPending}
      error={[errors._, errors.customer_id].filter(Boolean).join("; ") || undefined}
      submitLabel={t("creditHold.place.submit")}
      onSubmit={() => {
        setErrors({})
        place.mutate(
          { reason },
          {
            onSuccess: () => {
              toast.success(t("creditHold.place.done"))
              onDone()
            },
            onError: (error) => setErrors(fieldErrors(errorMessage(error, t))),
          }
        )
      }}
    >
      <Text size="small" className="text-ui-fg-subtle">
        {t("creditHold.place.description")}
      </Text>
      <Field label={t("creditHold.reason")} name="credit_hold_reason" error={errors.reason}>
        <Textarea
          id="credit_hold_reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          placeholder={t("creditHold.place.reasonExample")}
        />
      </Field>
    </FormShell>
  )
}

/**
 * Lifts the customer's credit hold by hand, whatever placed it, with a reason; the policy's rules then place
 * no new hold until the customer is clear of them once, or before the date given.
 */
export const LiftCreditHoldForm = ({ customerId, onDone }: { customerId: string; onDone: () => void }) => {
  const { t } = useLanguage()
  const release = useReleaseCreditHold(customerId)
  const [reason, setReason] = useState("")
  const [until, setUntil] = useState("")
  const [errors, setErrors] = useState<Record<string, string>>({})
  return (
    <FormShell
      title={t("creditHold.lift.title")}
      busy={release.isPending}
      error={[errors._, errors.customer_id].filter(Boolean).join("; ") || undefined}
      submitLabel={t("creditHold.lift.submit")}
      onSubmit={() => {
        setErrors({})
        release.mutate(
          { reason, ...(until ? { waive_until: until } : {}) },
          {
            onSuccess: () => {
              toast.success(t("creditHold.lift.done"))
              onDone()
            },
            onError: (error) => setErrors(fieldErrors(errorMessage(error, t))),
          }
        )
      }}
    >
      <Field label={t("creditHold.reason")} name="credit_hold_reason" error={errors.reason}>
        <Textarea
          id="credit_hold_reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          placeholder={t("creditHold.lift.reasonExample")}
        />
      </Field>
      <Field label={t("creditHold.lift.waiveUntil")} name="waive_until" error={errors.waive_until} hint={t("creditHold.lift.waiveUntilHint")}>
        <Input id="waive_until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      </Field>
    </FormShell>
  )
}
