import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Button, Container, Heading, IconButton, Text } from "@medusajs/ui"
import { useLanguage } from "../../../../hooks/use-language"
import { enumLabel } from "../../../../lib/format"
import { plural, type Language } from "../../../../lib/i18n"
import { moveStage, newStage } from "../../../../lib/policy-draft"
import type { Stage, StaleTranslation } from "../../../../lib/types"

/** A policy's stages in order, each with its timing and tone; pick one to edit, add, move or remove them. */
export const StageList = ({
  stages,
  stageIndex,
  errors,
  stale,
  onSelect,
  onChange,
}: {
  stages: Stage[]
  stageIndex: number
  errors: Record<string, string>
  stale: StaleTranslation[]
  onSelect: (index: number) => void
  onChange: (update: (stages: Stage[]) => Stage[]) => void
}) => {
  const lang = useLanguage()
  const { t } = lang
  const move = (i: number, by: number) => {
    onChange((current) => moveStage(current, i, by))
    onSelect(i + by)
  }
  return (
    <Container className="divide-y p-0" data-testid="stages">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">{t("settings.stages.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("settings.stages.hint")}
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() => {
            onChange((current) => [...current, newStage(current.length + 1, t("settings.newStageName", { n: current.length + 1 }))])
            onSelect(stages.length)
          }}
        >
          <Plus /> {t("settings.stages.add")}
        </Button>
      </div>
      {errors.stages && <div className="px-6 py-2"><Text size="small" className="text-ui-fg-error">{errors.stages}</Text></div>}
      <ul className="divide-y">
        {stages.map((s, i) => (
          <li key={s.id ?? `new-${i}`} className={`flex items-center gap-x-3 px-6 py-2 ${i === stageIndex ? "bg-ui-bg-highlight" : ""}`}>
            <button type="button" className="flex-1 text-left" onClick={() => onSelect(i)} data-stage={s.name}>
              <Text size="small" weight="plus">{i + 1}. {s.name}</Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {stageSummary(s, lang, {
                  stale: stale.filter((x) => x.stage_id === s.id && !s.reviewed_translations?.includes(x.language)).length,
                  hasErrors: Object.keys(errors).some((k) => k.startsWith(`stages.${i}.`)),
                })}
              </Text>
            </button>
            <IconButton size="small" variant="transparent" aria-label={t("settings.stages.moveUp")} disabled={i === 0} onClick={() => move(i, -1)}><ArrowUpMini /></IconButton>
            <IconButton size="small" variant="transparent" aria-label={t("settings.stages.moveDown")} disabled={i === stages.length - 1} onClick={() => move(i, 1)}><ArrowDownMini /></IconButton>
            <IconButton
              size="small"
              variant="transparent"
              aria-label={t("settings.stages.remove")}
              disabled={stages.length === 1}
              onClick={() => {
                onChange((current) => current.filter((_, j) => j !== i))
                onSelect(Math.max(0, Math.min(stageIndex, stages.length - 2)))
              }}
            >
              <Trash />
            </IconButton>
          </li>
        ))}
      </ul>
    </Container>
  )
}

/** "5 days after the due date · sends a firm e-mail · repeats · credit hold · 2 translations out of date" */
function stageSummary(s: Stage, lang: Language, { stale, hasErrors }: { stale: number; hasErrors: boolean }): string {
  const { t } = lang
  return [
    plural(lang, "settings.stages.daysAfterDue", s.offset_days),
    s.action === "escalate"
      ? t("settings.stages.escalates")
      : t("settings.stages.sends", { tone: enumLabel(lang, "tone", s.tone), channel: enumLabel(lang, "channel", s.channel) }),
    s.repeats ? t("settings.stages.repeats") : null,
    s.stops_reminders ? t("settings.stages.stopsReminders") : null,
    s.credit_hold ? t("settings.stages.creditHold") : null,
    stale ? plural(lang, "settings.stages.staleTranslations", stale) : null,
    hasErrors ? t("settings.stages.hasErrors") : null,
  ]
    .filter(Boolean)
    .join(" · ")
}
