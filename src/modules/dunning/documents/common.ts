import { formatDate, formatMoney } from "../templates/helpers"
import { fillText, shippedText, type ShippedText } from "../templates/shipped-text"
import { pdfText, type PdfContent } from "./pdf"

/**
 * A party on a document: its name and the lines of its address; the store's may carry its logo, a PNG or
 * JPEG data URL (see logo.ts), shown above its name.
 */
export type DocumentParty = { name: string; company?: string | null; email?: string | null; address?: string[] | null; logo?: string | null }

/** The name the logo is embedded under in a document (pdfmake's `images`). */
export const LOGO_IMAGE = "store-logo"

/** What every document is written with: the customer's language, the store's timezone and today. */
export type DocumentSetting = { language: string; timeZone: string; now: Date | string }

export type DocumentWords = ShippedText["documents"]

/** The formatters of one document, in its language (English where the plugin ships none for it). */
export function wordsFor(setting: DocumentSetting) {
  const words = shippedText(setting.language).documents
  return {
    words,
    money: (amount: string, currency: string) => pdfText(formatMoney(amount, currency, setting.language)),
    date: (value: Date | string | null | undefined) => (value ? pdfText(formatDate(value, setting.language, setting.timeZone, "medium")) : ""),
    fill: (message: string, values: Record<string, string | number>) => pdfText(fillText(message, values)),
  }
}

function partyLines(party: DocumentParty): string[] {
  return [party.company ?? "", ...(party.address ?? []), party.email ?? ""].filter((l) => l.trim() !== "").map(pdfText)
}

/** The store on the left, the customer on the right, the title and the date below. */
export function documentHeader(title: string, store: DocumentParty, customer: DocumentParty, extra: Array<[string, string]>): PdfContent[] {
  return [
    {
      columns: [
        {
          width: "*",
          stack: [
            ...(store.logo ? [{ image: LOGO_IMAGE, fit: [160, 48], margin: [0, 0, 0, 6] }] : []),
            { text: pdfText(store.name), bold: true, fontSize: 12 },
            ...partyLines(store).map((text) => ({ text, style: "muted" })),
          ],
        },
        { width: "*", alignment: "right", stack: [{ text: pdfText(customer.name), bold: true }, ...partyLines(customer)] },
      ],
      margin: [0, 0, 0, 16],
    },
    { text: pdfText(title), style: "title" },
    {
      table: { body: extra.map(([label, value]) => [{ text: pdfText(label), bold: true }, pdfText(value)]) },
      layout: "noBorders",
      margin: [0, 0, 0, 12],
    },
  ]
}

/** The images a document embeds: the store's logo when it has one. */
export function documentImages(store: DocumentParty): Record<string, string> {
  return store.logo ? { [LOGO_IMAGE]: store.logo } : {}
}

/** A table with a grey heading row; columns after the first `leftColumns` are right-aligned. */
export function grid(headings: string[], rows: string[][], widths: Array<string | number>, leftColumns = 1): PdfContent {
  const cell = (text: string, i: number) => ({ text: pdfText(text), alignment: i < leftColumns ? "left" : "right" })
  return {
    table: {
      headerRows: 1,
      widths,
      body: [headings.map((h, i) => ({ ...cell(h, i), style: "heading" })), ...rows.map((r) => r.map(cell))],
    },
    layout: "lightHorizontalLines",
    margin: [0, 0, 0, 10],
  }
}

/** A file name part: lower case letters, digits and dashes only, so any browser saves it as written. */
export function fileSafe(value: string): string {
  const plain = value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
  return plain.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "document"
}
