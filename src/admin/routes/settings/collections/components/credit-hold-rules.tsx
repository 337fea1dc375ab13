import { Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Label, Text } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import { plural } from "../../../../lib/i18n"
import type { Draft, SetDraftField } from "../../../../lib/policy-draft"
import type { OverdueLimit } from "../../../../lib/types"

/**
 * The policy's credit-hold rules besides its stages: a customer is held while more than a limit is overdue
 * in a currency, or while an invoice is more than a number of days overdue. Empty: no such rule.
 */
export const CreditHoldRules = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const lang = useLanguage()
  const { t } = lang
  const days = draft.credit_hold_days_overdue
  return (
    <div className="col-span-full flex flex-col gap-y-3" data-testid="credit-hold-rules">
      <div>
        <Text size="small" weight="plus">
          {t("settings.creditHold.title")}
        </Text>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {t("settings.creditHold.hint")}
        </Text>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field
          label={t("settings.creditHold.daysOverdue")}
          name="credit_hold_days_overdue"
          error={errors.credit_hold_days_overdue}
          hint={days === null ? t("settings.creditHold.noRule") : t("settings.creditHold.daysOverdueHint", { overdue: plural(lang, "format.daysOverdue", Number(days) || 0) })}
        >
          <Input
            id="credit_hold_days_overdue"
            type="number"
            value={days ?? ""}
            onChange={(e) => set("credit_hold_days_overdue", e.target.value === "" ? null : Number(e.target.value))}
          />
        </Field>
        <OverdueLimits limits={draft.credit_hold_overdue_above ?? []} errors={errors} onChange={(limits) => set("credit_hold_overdue_above", limits)} />
      </div>
    </div>
  )
}

/** "More than this overdue in this currency", one limit per currency. */
const OverdueLimits = ({
  limits,
  errors,
  onChange,
}: {
  limits: OverdueLimit[]
  errors: Record<string, string>
  onChange: (limits: OverdueLimit[]) => void
}) => {
  const { t } = useLanguage()
  const update = (i: number, patch: Partial<OverdueLimit>) => onChange(limits.map((l, j) => (j === i ? { ...l, ...patch } : l)))
  const problems = (i: number) =>
    ["currency_code", "amount"].map((field) => errors[`credit_hold_overdue_above.${i}.${field}`]).filter(Boolean).join("; ")
  return (
    <div className="flex flex-col gap-y-2 md:col-span-2" data-field="credit_hold_overdue_above">
      <Label size="small" weight="plus">
        {t("settings.creditHold.overdueAbove")}
      </Label>
      {limits.map((limit, i) => (
        <div key={i} className="flex flex-col gap-y-1" data-limit={i}>
          <div className="flex items-center gap-x-2">
            <Input
              className="w-24"
              aria-label={t("settings.creditHold.currency")}
              placeholder={t("overdue.currencyExample")}
              value={limit.currency_code.toUpperCase()}
              onChange={(e) => update(i, { currency_code: e.target.value.trim().toLowerCase() })}
            />
            <Input
              aria-label={t("settings.creditHold.amount")}
              inputMode="decimal"
              value={String(limit.amount)}
              onChange={(e) => update(i, { amount: e.target.value.trim() })}
            />
            <IconButton size="small" variant="transparent" aria-label={t("settings.creditHold.removeLimit")} onClick={() => onChange(limits.filter((_, j) => j !== i))}>
              <Trash />
            </IconButton>
          </div>
          {problems(i) && (
            <Text size="xsmall" className="text-ui-fg-error" role="alert">
              {problems(i)}
            </Text>
          )}
        </div>
      ))}
      {errors.credit_hold_overdue_above && (
        <Text size="xsmall" className="text-ui-fg-error" role="alert">
          {errors.credit_hold_overdue_above}
        </Text>
      )}
      <Text size="xsmall" className="text-ui-fg-subtle">
        {limits.length ? t("settings.creditHold.overdueAboveHint") : t("settings.creditHold.noLimit")}
      </Text>
      <div>
        <Button size="small" variant="secondary" onClick={() => onChange([...limits, { currency_code: "", amount: "" }])}>
          {t("settings.creditHold.addLimit")}
        </Button>
      </div>
    </div>
  )
}
