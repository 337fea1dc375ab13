import { Checkbox, Input, Label, Text } from "@medusajs/ui"
import { Field } from "../../../../components/field"
import { useLanguage } from "../../../../hooks/use-language"
import { numberField, type Draft, type SetDraftField } from "../../../../lib/policy-draft"

/** Monday (1) to Sunday (7) as the language abbreviates them ("Mon", "lun", "Mo"); 2024-01-01 was a Monday. */
const weekdays = (locale: string) =>
  Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i)))
  )

/** When notices may go out: the hours of the day and the days of the week, in the policy's timezone. */
export const SendScheduleFields = ({ draft, set, errors }: { draft: Draft; set: SetDraftField; errors: Record<string, string> }) => {
  const { t, locale } = useLanguage()
  const num = (key: keyof Draft) => numberField(set, key)
  return (
    <>
      <Field label={t("settings.policy.sendWindow")} name="send_hour_start" error={errors.send_hour_start ?? errors.send_hour_end}>
        <div className="flex items-center gap-x-2">
          <Input id="send_hour_start" type="number" value={draft.send_hour_start} onChange={num("send_hour_start")} />
          <Text size="small">{t("settings.policy.sendWindowTo")}</Text>
          <Input id="send_hour_end" type="number" value={draft.send_hour_end} onChange={num("send_hour_end")} />
        </div>
      </Field>
      <Field label={t("settings.policy.sendDays")} name="send_days" error={errors.send_days}>
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {weekdays(locale).map((d, i) => (
            <div key={d} className="flex items-center gap-x-1">
              <Checkbox
                id={`day-${i + 1}`}
                checked={draft.send_days.includes(i + 1)}
                onCheckedChange={(v) => set("send_days", v === true ? [...draft.send_days, i + 1].sort() : draft.send_days.filter((x) => x !== i + 1))}
              />
              <Label htmlFor={`day-${i + 1}`} size="xsmall">{d}</Label>
            </div>
          ))}
        </div>
      </Field>
    </>
  )
}
