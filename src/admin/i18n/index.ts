import de from "./de"
import dePages from "./de-pages"
import en from "./en"
import enPages from "./en-pages"
import es from "./es"
import esPages from "./es-pages"
import fr from "./fr"
import frPages from "./fr-pages"
import it from "./it"
import itPages from "./it-pages"
import nl from "./nl"
import nlPages from "./nl-pages"
import ptBR from "./pt-br"
import ptBRPages from "./pt-br-pages"
import { ptPT, ptPTPages } from "./pt-pt"
import type { Translations } from "./shape"

const english: Translations = { ...en, ...enPages }

/**
 * The plugin's admin texts, merged by Medusa's admin into the dashboard's i18next at build time, under the
 * plugin's own namespace ("dunning", NAMESPACE in lib/i18n.ts). Keys are the dashboard's language codes:
 * "ptBR" and "ptPT" as its language menu names them; a language not listed here (and "enGB") reads English.
 */
export default {
  en: { dunning: english },
  es: { dunning: { ...es, ...esPages } },
  de: { dunning: { ...de, ...dePages } },
  fr: { dunning: { ...fr, ...frPages } },
  it: { dunning: { ...it, ...itPages } },
  nl: { dunning: { ...nl, ...nlPages } },
  ptBR: { dunning: { ...ptBR, ...ptBRPages } },
  ptPT: { dunning: { ...ptPT, ...ptPTPages } },
} satisfies Record<string, { dunning: Translations }>
