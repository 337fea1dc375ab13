import { PDFParse } from "pdf-parse"

/** The text of a PDF, read back with a PDF parser, with runs of white space (no-break spaces too) as one space. */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    const result = await parser.getText()
    return result.text.replace(/[\s\u00a0]+/g, " ")
  } finally {
    await parser.destroy()
  }
}
