import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { dashboardLocale, NAMESPACE, type Language, type Translate } from "../lib/i18n"

/**
 * The plugin's texts in the language the admin user picked in their profile (the dashboard's i18next),
 * and that language's locale for dates, amounts and numbers. Screens re-render when the language changes.
 */
export function useLanguage(): Language {
  const { t, i18n } = useTranslation(NAMESPACE)
  const locale = dashboardLocale(i18n.resolvedLanguage ?? i18n.language)
  return useMemo(() => ({ t: t as unknown as Translate, locale }), [t, locale])
}
