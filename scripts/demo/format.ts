/** How the demo writes amounts, days and languages in what it prints. */

const formatters = new Map<string, Intl.NumberFormat>()

/** An amount in its currency, as a US reader writes it ("€1,647.80"). */
export function money(amount: number, currency: string, digits = 0): string {
  const code = currency.toUpperCase()
  let f = formatters.get(`${code}${digits}`)
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits })
    formatters.set(`${code}${digits}`, f)
  }
  return f.format(amount)
}

export const pad = (s: string | number, n: number) => String(s).padEnd(n)
export const padStart = (s: string | number, n: number) => String(s).padStart(n)
export const iso = (d: Date) => d.toISOString().slice(0, 10)
export const line = (s = "") => console.log(s)

const languageNames = new Intl.DisplayNames(["en"], { type: "language" })

/** A language's English name ("es": "Spanish", "de-AT": "Austrian German"). */
export const languageName = (code: string) => languageNames.of(code) ?? code
