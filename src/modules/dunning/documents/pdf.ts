import { MedusaError } from "@medusajs/framework/utils"

/**
 * Renders a pdfmake document definition to a PDF buffer on the server. The fonts are PDF's standard
 * Helvetica family (built into every PDF reader, so no font files ship with the plugin); the printer may
 * read no file and fetch no URL except those four font names, so a document can never pull in anything
 * from outside. A document larger than `maxBytes` is refused with an error naming both sizes.
 */

type PdfKitDocument = NodeJS.ReadableStream & { end(): void }
type PdfPrinter = { createPdfKitDocument(definition: unknown, options?: object): Promise<PdfKitDocument> }
type PdfPrinterClass = new (fonts: object, vfs: unknown, urlResolver: unknown, localAccessPolicy: (path: string) => boolean) => PdfPrinter
type UrlResolverClass = new (vfs: unknown) => { setUrlAccessPolicy(policy: (url: string) => boolean): void }

/* eslint-disable @typescript-eslint/no-require-imports */
const Printer: PdfPrinterClass = require("pdfmake/js/Printer").default
const URLResolver: UrlResolverClass = require("pdfmake/js/URLResolver").default
const virtualFs: unknown = require("pdfmake/js/virtual-fs").default
/* eslint-enable @typescript-eslint/no-require-imports */

const FONT_FILES = { normal: "Helvetica", bold: "Helvetica-Bold", italics: "Helvetica-Oblique", bolditalics: "Helvetica-BoldOblique" }
const STANDARD_FONTS = new Set(Object.values(FONT_FILES))

export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

/** A pdfmake content node; kept loose, as pdfmake ships no typings. */
export type PdfContent = Record<string, unknown> | string | PdfContent[]

export type PdfDefinition = {
  title: string
  language: string
  content: PdfContent[]
  /** Images by name, as data URLs (the store's logo) */
  images?: Record<string, string>
}

/**
 * Text as the standard fonts can show it: they use the Windows-1252 characters, so the narrow no-break
 * space Intl puts in French amounts becomes a no-break space, and other characters outside that set a "?".
 */
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"])
export function pdfText(value: string): string {
  return value.replace(/[\u202f\u2009\u2007]/g, "\u00a0").replace(/[^\u0000-\u00ff]/gu, (c) => (WIN_ANSI_EXTRA.has(c) ? c : "?"))
}

function printer(): PdfPrinter {
  const resolver = new URLResolver(virtualFs)
  resolver.setUrlAccessPolicy(() => false)
  return new Printer({ Helvetica: FONT_FILES }, virtualFs, resolver, (path) => STANDARD_FONTS.has(path))
}

function collect(doc: PdfKitDocument, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    doc.on("data", (chunk: Buffer) => {
      size += chunk.length
      chunks.push(chunk)
    })
    doc.on("error", reject)
    doc.on("end", () => {
      if (size > maxBytes) {
        reject(
          new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `The document is ${size} bytes, over the limit of ${maxBytes} bytes (option documents.maxAttachmentBytes)`
          )
        )
        return
      }
      resolve(Buffer.concat(chunks, size))
    })
    doc.end()
  })
}

/** The PDF of a document definition, in A4 with the standard Helvetica font. */
export async function renderPdf(definition: PdfDefinition, maxBytes: number = DEFAULT_MAX_DOCUMENT_BYTES): Promise<Buffer> {
  const doc = await printer().createPdfKitDocument({
    info: { title: pdfText(definition.title) },
    language: definition.language,
    pageSize: "A4",
    pageMargins: [40, 40, 40, 48],
    content: definition.content,
    images: { ...(definition.images ?? {}) },
    defaultStyle: { font: "Helvetica", fontSize: 9 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      heading: { bold: true, fillColor: "#eeeeee" },
      muted: { color: "#555555" },
      total: { bold: true },
    },
  })
  return collect(doc, maxBytes)
}
