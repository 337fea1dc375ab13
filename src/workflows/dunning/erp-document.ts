import type { IFileModuleService, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"

/**
 * The ERP's own PDF of an imported invoice, when the import named one in the receivable's metadata: a file
 * of Medusa's file module (`document_file_id`, read through whichever file provider the store uses) or an
 * http(s) address (`document_url`). Either is read up to `maxBytes` and must be a PDF; anything else fails
 * with an error that names the invoice and what went wrong, never a half-read document.
 */
export const ERP_DOCUMENT_TIMEOUT_MS = 15_000

export type ErpDocumentRef = { kind: "file"; file_id: string } | { kind: "url"; url: string }

/** Where the ERP's PDF of a receivable is, from its metadata; null when the import gave none. */
export function erpDocumentRef(metadata: Record<string, unknown> | null | undefined): ErpDocumentRef | null {
  const fileId = metadata?.document_file_id
  if (typeof fileId === "string" && fileId.trim()) {
    return { kind: "file", file_id: fileId.trim() }
  }
  const url = metadata?.document_url
  return typeof url === "string" && url.trim() ? { kind: "url", url: url.trim() } : null
}

/** Whether an address may be fetched: http or https only, no credentials in it. */
export function fetchableDocumentUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password
  } catch {
    return false
  }
}

const refused = (number: string, why: string) =>
  new MedusaError(MedusaError.Types.NOT_ALLOWED, `The ERP document of invoice ${number} could not be used: ${why}`)

/** Reads a stream of chunks up to `maxBytes`, stopping as soon as it is over. */
async function readBounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number, number: string, stop: () => void): Promise<Buffer> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.length
    if (size > maxBytes) {
      stop()
      throw refused(number, `it is over the limit of ${maxBytes} bytes (option documents.maxAttachmentBytes)`)
    }
    parts.push(Buffer.from(chunk))
  }
  return Buffer.concat(parts, size)
}

async function fromUrl(url: string, maxBytes: number, number: string): Promise<Buffer> {
  if (!fetchableDocumentUrl(url)) {
    throw refused(number, "document_url must be an http(s) address")
  }
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), ERP_DOCUMENT_TIMEOUT_MS)
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { accept: "application/pdf" } }).catch((e: Error) => {
      throw refused(number, `${url} could not be reached (${e.message})`)
    })
    if (!response.ok || !response.body) {
      throw refused(number, `${url} answered ${response.status}`)
    }
    const declared = Number(response.headers.get("content-length") ?? "0")
    if (declared > maxBytes) {
      controller.abort()
      throw refused(number, `it is ${declared} bytes, over the limit of ${maxBytes} bytes (option documents.maxAttachmentBytes)`)
    }
    return await readBounded(response.body as unknown as AsyncIterable<Uint8Array>, maxBytes, number, () => controller.abort())
  } finally {
    clearTimeout(timer)
  }
}

async function fromFile(container: MedusaContainer, fileId: string, maxBytes: number, number: string): Promise<Buffer> {
  const files = container.resolve<IFileModuleService>(Modules.FILE)
  const stream = await files.getDownloadStream(fileId).catch((e: Error) => {
    throw refused(number, `file ${fileId} could not be read (${e.message})`)
  })
  return readBounded(stream, maxBytes, number, () => stream.destroy())
}

/** The ERP's PDF of an invoice, checked to be a PDF of at most `maxBytes`. */
export async function erpDocument(container: MedusaContainer, ref: ErpDocumentRef, input: { number: string; maxBytes: number }): Promise<Buffer> {
  const pdf = ref.kind === "file" ? await fromFile(container, ref.file_id, input.maxBytes, input.number) : await fromUrl(ref.url, input.maxBytes, input.number)
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-") {
    throw refused(input.number, "it is not a PDF file")
  }
  return pdf
}
