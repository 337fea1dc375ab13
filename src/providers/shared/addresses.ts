/**
 * E-mail addresses as they may appear in a header: a plain address, or "Display Name <address>" for the
 * sender. Anything with a control character (CR, LF, NUL), U+2028/U+2029, or an unexpected character is
 * refused, so no value can ever add a header line.
 */
const FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029]/
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export function isPlainAddress(value: unknown): value is string {
  return typeof value === "string" && value.length <= 254 && !FORBIDDEN.test(value) && ADDRESS.test(value)
}

/** "Acme Collections <ar@acme.test>" → { name, address }; a bare address has no name. */
export function parseMailbox(value: unknown): { name: string | null; address: string } | null {
  if (typeof value !== "string" || FORBIDDEN.test(value)) {
    return null
  }
  const trimmed = value.trim()
  const named = /^(.{1,100}?)\s*<([^<>]+)>$/.exec(trimmed)
  if (named) {
    const name = named[1].replace(/^"|"$/g, "").trim()
    return isPlainAddress(named[2]) && !/[<>"]/.test(name) ? { name, address: named[2] } : null
  }
  return isPlainAddress(trimmed) ? { name: null, address: trimmed } : null
}

/** A comma-separated or listed set of recipients, each a plain address; null when any is not. */
export function parseAddressList(value: unknown): string[] | null {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : null
  if (!items) {
    return null
  }
  const addresses = items.map((v) => (typeof v === "string" ? v.trim() : v)).filter((v) => v !== "")
  return addresses.every(isPlainAddress) ? (addresses as string[]) : null
}
