/**
 * ISO 4217 currency codes as Medusa stores them (lower case). Node's ICU data carries the list, so an
 * imported row with a typo such as "eru" is refused without a database round trip.
 */
const KNOWN_CURRENCIES = new Set(
  (Intl as unknown as { supportedValuesOf(key: string): string[] })
    .supportedValuesOf("currency")
    .map((code) => code.toLowerCase())
)

export function isKnownCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code.toLowerCase())
}
