import fs from "fs"
import path from "path"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * The store's logo on every document: a PNG or JPEG file named by the option `documents.logo`, read once
 * at start-up (a wrong path, a file of another kind or one over MAX_LOGO_BYTES stops the server, naming the
 * option) and kept in memory as the data URL pdfmake embeds, so no document reads a file at render time.
 */
export const MAX_LOGO_BYTES = 1024 * 1024

export type DocumentLogo = { format: "png" | "jpeg"; dataUrl: string }

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff])

const logos = new Map<string, DocumentLogo>()

function refuse(file: string, why: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `medusa-plugin-dunning: invalid plugin options: 'documents.logo' ${why} (${file})`)
}

/** What kind of image the bytes are, from their signature; null when neither PNG nor JPEG. */
export function logoFormat(bytes: Buffer): DocumentLogo["format"] | null {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    return "png"
  }
  return bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE) ? "jpeg" : null
}

/** The logo file, checked and read (relative paths from the server's working directory); cached per path. */
export function readDocumentLogo(file: string): DocumentLogo {
  const absolute = path.resolve(file)
  const known = logos.get(absolute)
  if (known) {
    return known
  }
  let stat: fs.Stats
  try {
    stat = fs.statSync(absolute)
  } catch {
    return refuse(absolute, "names no readable file")
  }
  if (!stat.isFile()) {
    refuse(absolute, "must name a file, not a directory")
  }
  if (stat.size > MAX_LOGO_BYTES) {
    refuse(absolute, `is ${stat.size} bytes, over the limit of ${MAX_LOGO_BYTES} bytes`)
  }
  const bytes = fs.readFileSync(absolute)
  const format = logoFormat(bytes)
  if (!format) {
    refuse(absolute, "must be a PNG or JPEG image")
  }
  const logo = { format: format!, dataUrl: `data:image/${format};base64,${bytes.toString("base64")}` }
  logos.set(absolute, logo)
  return logo
}
