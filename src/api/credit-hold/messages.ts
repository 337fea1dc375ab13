import { creditHoldMessage as shippedCreditHoldMessage, shippedLanguageOf } from "../../modules/dunning/templates/shipped-text"

/**
 * What a storefront shows a customer on credit hold, in the languages the notices and the collection page
 * speak (the plugin's locale files): the first of the wanted languages it ships ("de-AT" → "de", "pt-BR" →
 * "pt"), else the store's `defaultLanguage`, else English.
 */
export function messageLanguage(storeDefault: string, ...wanted: Array<string | null | undefined>): string {
  for (const tag of wanted) {
    const shipped = shippedLanguageOf(tag)
    if (shipped) {
      return shipped
    }
  }
  return shippedLanguageOf(storeDefault) ?? "en"
}

/** What a held customer reads: about overdue invoices (a hold the rules placed), or to contact the store (one placed by hand). */
export function creditHoldMessage(source: string, language: string): string {
  return shippedCreditHoldMessage(language, null, source === "manual" ? "manual" : "overdue")
}
