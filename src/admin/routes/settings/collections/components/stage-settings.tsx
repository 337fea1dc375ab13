import { Checkbox, Input, Label, Select, Text } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import { enumLabel } from "../../../../lib/format"
import type { StageFormProps } from "../../../../lib/policy-draft"
import type { Stage } from "../../../../lib/types"

const TONES: Stage["tone"][] = ["friendly", "neutral", "firm", "final"]

/**
 * When a stage goes out and what it does: its days after the due date, action, tone, channel, repetition,
 * whether it stops reminders and whether it puts the customer on credit hold.
 */
export const StageSettings = ({ stage, index, errors, onChange }: StageFormProps) => {
  const lang = useLanguage()
  const { t } = lang
  const err = (field: string) => errors[`stages.${index}.${field}`]
  return (
    <div className="grid grid-cols-2 gap-4 px-6 py-4">
      <Field label={t("settings.stage.name")} name={`stages.${index}.name`} error={err("name")}>
        <Input value={stage.name} onChange={(e) => onChange({ name: e.target.value })} />
      </Field>
      <Field label={t("settings.stage.offsetDays")} name={`stages.${index}.offset_days`} error={err("offset_days")}>
        <Input type="number" value={stage.offset_days} onChange={(e) => onChange({ offset_days: Number(e.target.value) })} />
      </Field>
      <Field label={t("settings.stage.action")} name={`stages.${index}.action`} error={err("action")}>
        <Select value={stage.action} onValueChange={(v) => onChange({ action: v as Stage["action"] })}>
          <Select.Trigger><Select.Value /></Select.Trigger>
          <Select.Content>
            <Select.Item value="send">{t("settings.stage.send")}</Select.Item>
            <Select.Item value="escalate">{t("settings.stage.escalate")}</Select.Item>
          </Select.Content>
        </Select>
      </Field>
      <Field label={t("settings.stage.tone")} name={`stages.${index}.tone`} error={err("tone")}>
        <Select value={stage.tone} onValueChange={(v) => onChange({ tone: v as Stage["tone"] })}>
          <Select.Trigger><Select.Value /></Select.Trigger>
          <Select.Content>
            {TONES.map((tone) => <Select.Item key={tone} value={tone}>{enumLabel(lang, "tone", tone)}</Select.Item>)}
          </Select.Content>
        </Select>
      </Field>
      <Field label={t("settings.stage.channel")} name={`stages.${index}.channel`} error={err("channel")}>
        <Select value={stage.channel} onValueChange={(v) => onChange({ channel: v as Stage["channel"] })}>
          <Select.Trigger><Select.Value /></Select.Trigger>
          <Select.Content>
            <Select.Item value="email">{enumLabel(lang, "channel", "email")}</Select.Item>
            <Select.Item value="webhook">{enumLabel(lang, "channel", "webhook")}</Select.Item>
          </Select.Content>
        </Select>
      </Field>
      <div className="flex items-center gap-x-2 pt-6">
        <Checkbox id={`repeats-${index}`} checked={stage.repeats} onCheckedChange={(v) => onChange({ repeats: v === true })} />
        <Label htmlFor={`repeats-${index}`} size="small">{t("settings.stage.repeats")}</Label>
      </div>
      <div className="col-span-2 flex flex-col gap-y-1" data-field={`stages.${index}.stops_reminders`}>
        <div className="flex items-center gap-x-2">
          <Checkbox
            id={`stops-reminders-${index}`}
            checked={!!stage.stops_reminders}
            onCheckedChange={(v) => onChange({ stops_reminders: v === true })}
          />
          <Label htmlFor={`stops-reminders-${index}`} size="small">{t("settings.stage.stopsReminders")}</Label>
        </div>
        {err("stops_reminders") && <Text size="xsmall" className="text-ui-fg-error" role="alert">{err("stops_reminders")}</Text>}
      </div>
      <div className="col-span-2 flex flex-col gap-y-1" data-field={`stages.${index}.credit_hold`}>
        <div className="flex items-center gap-x-2">
          <Checkbox id={`credit-hold-${index}`} checked={!!stage.credit_hold} onCheckedChange={(v) => onChange({ credit_hold: v === true })} />
          <Label htmlFor={`credit-hold-${index}`} size="small">{t("settings.stage.creditHold")}</Label>
        </div>
        {err("credit_hold")
          ? <Text size="xsmall" className="text-ui-fg-error" role="alert">{err("credit_hold")}</Text>
          : <Text size="xsmall" className="text-ui-fg-subtle">{t("settings.stage.creditHoldHint")}</Text>}
      </div>
    </div>
  )
}
