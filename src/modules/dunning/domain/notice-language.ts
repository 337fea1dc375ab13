import { baseLanguage } from "../templates/shipped-text"

/**
 * The language a notice speaks, in a collections team's words:
 * - A notice is written in one language, from its subject to its attachment: never an English greeting
 *   around a Spanish table.
 * - It is the customer's language when the stage has templates in it: first the exact variant the
 *   customer's profile names ("fr-CA"), then its language ("fr").
 * - Else the store's default language (the plugin's `defaultLanguage`), then English: a stage's own
 *   templates are its English text, its translations add the other languages.
 * - Money, dates and numbers are written as the customer's own variant writes them when the notice speaks
 *   the customer's language ("de-AT": "€ 480,00"), else as the language chosen writes them.
 */

/** The languages to try, in order: the customer's tag and language, the store's default tag and language, English. */
export function languageCandidates(customer: string | null | undefined, storeDefault: string | null | undefined): string[] {
  const candidates: string[] = []
  for (const tag of [customer, baseLanguage(customer), storeDefault, baseLanguage(storeDefault), "en"]) {
    const clean = typeof tag === "string" ? tag.trim().replace(/_/g, "-") : ""
    if (clean && !candidates.some((c) => c.toLowerCase() === clean.toLowerCase())) {
      candidates.push(clean)
    }
  }
  return candidates
}

/**
 * The first candidate `speaks` says yes to; English when none does (a stage's own templates are English,
 * so a notice can always be written in it).
 */
export function chooseLanguage(candidates: string[], speaks: (language: string) => boolean): string {
  return candidates.find((c) => c.toLowerCase() === "en" || speaks(c)) ?? "en"
}

/**
 * The locale money, dates and numbers are formatted in: the customer's tag when the notice speaks its
 * language, else the store default's tag when it speaks that one, else the language chosen.
 */
export function formattingLocale(language: string, customer: string | null | undefined, storeDefault: string | null | undefined): string {
  const base = baseLanguage(language)
  for (const tag of [customer, storeDefault]) {
    if (typeof tag === "string" && tag.trim() && baseLanguage(tag) === base) {
      return tag.trim().replace(/_/g, "-")
    }
  }
  return language
}
