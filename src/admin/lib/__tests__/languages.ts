import i18next from "i18next"
import resources from "../../i18n"
import { dashboardLocale, NAMESPACE, type Language, type Translate } from "../i18n"

/**
 * The plugin's texts through i18next as the dashboard sets it up (English fallback, the dashboard's own
 * namespace behind ours, no HTML escaping: React escapes), for tests that read what a screen would show.
 */
const i18n = i18next.createInstance()
void i18n.init({
  resources,
  supportedLngs: Object.keys(resources),
  fallbackLng: "en",
  fallbackNS: "translation",
  interpolation: { escapeValue: false },
  initImmediate: false,
})

/** The language of the dashboard's language code ("en", "es", "ptBR"): its texts and its locale. */
export function language(code: string): Language {
  return { t: i18n.getFixedT(code, NAMESPACE) as unknown as Translate, locale: dashboardLocale(code) }
}
