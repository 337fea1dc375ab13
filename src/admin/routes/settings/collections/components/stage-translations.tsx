import { Badge, Button, Text } from "@medusajs/ui"
import { useLanguage } from "../../../../hooks/use-language"
import { languageName } from "../../../../lib/format"
import { reviewTranslation, type StageFormProps } from "../../../../lib/policy-draft"

/**
 * The stage's translations, and which of them were written against English text the stage no longer has.
 * "Still fits" confirms one as it is; the confirmation is sent with the next save.
 */
export const StageTranslations = ({
  stage,
  index,
  errors,
  stale,
  onChange,
}: StageFormProps & { stale: Array<{ language: string; confirmed: boolean }> }) => {
  const { t, locale } = useLanguage()
  const languages = Object.keys(stage.translations ?? {}).sort()
  if (!languages.length) {
    return null
  }
  const confirmedBy = new Map(stale.map((s) => [s.language, s.confirmed]))
  const error = errors[`stages.${index}.reviewed_translations`]
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="stage-translations" data-field={`stages.${index}.reviewed_translations`}>
      <Text size="small" weight="plus">
        {t("settings.translations.title")}
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("settings.translations.hint")}
      </Text>
      <ul className="divide-y">
        {languages.map((language) => {
          const confirmed = confirmedBy.get(language)
          return (
            <li key={language} className="flex items-center justify-between gap-x-3 py-2" data-language={language}>
              <div className="flex flex-col gap-y-0.5">
                <div className="flex items-center gap-x-2">
                  <Text size="small">{languageName(language, locale)}</Text>
                  {confirmed === false && (
                    <Badge size="2xsmall" color="orange">
                      {t("settings.translations.outOfDate")}
                    </Badge>
                  )}
                </div>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {confirmed === undefined
                    ? t("settings.translations.upToDate")
                    : t(confirmed ? "settings.translations.confirmed" : "settings.translations.stale")}
                </Text>
              </div>
              {confirmed === false && (
                <Button size="small" variant="secondary" onClick={() => onChange(reviewTranslation(stage, language, true))}>
                  {t("settings.translations.stillFits")}
                </Button>
              )}
              {confirmed === true && (
                <Button size="small" variant="transparent" onClick={() => onChange(reviewTranslation(stage, language, false))}>
                  {t("settings.translations.undo")}
                </Button>
              )}
            </li>
          )
        })}
      </ul>
      {error && (
        <Text size="xsmall" className="text-ui-fg-error" role="alert">
          {error}
        </Text>
      )}
    </div>
  )
}
