import { createHash, createHmac, randomBytes, timingSafeEqual } from "crypto"

/**
 * The signed links to a customer's collection page, and the forms on it. The rules:
 * - a link's token is the customer's only credential: an HMAC-SHA256, with the plugin's secret, over the
 *   customer, the moment it expires and the customer's link version; nothing of it is stored;
 * - a token is good until it expires, as long as the customer's link version is still the one it carries
 *   (revoking a customer's links moves the version on) and the secret has not changed (a new secret
 *   revokes every link);
 * - every check compares in constant time, and a refusal never says which check failed;
 * - a token is never written anywhere in clear: logs and stored copies carry its fingerprint;
 * - every form on the page carries a token of its own, bound to the link (and so to the customer) and to
 *   the page it came from; the same form sent twice is recognised by that page's nonce.
 */
export type CollectionLinkClaims = { customer_id: string; expires_at: Date; version: number }

export type LinkReading = { ok: true; claims: CollectionLinkClaims } | { ok: false }

const LINK_PURPOSE = "dunning-collection-link:v1"
const FORM_PURPOSE = "dunning-collection-form:v1"
/** Far longer than any token we sign; a longer one is refused before any work is done on it. */
export const MAX_TOKEN_LENGTH = 400
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,100}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const MAC_LENGTH = 43

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url")
const mac = (secret: string, purpose: string, message: string) => createHmac("sha256", secret).update(`${purpose}\n${message}`).digest()

/** Equal in constant time for strings of the same length (the length of a MAC is no secret). */
function sameMac(expected: Buffer, given: string): boolean {
  if (given.length !== MAC_LENGTH || !BASE64URL.test(given)) {
    return false
  }
  const decoded = Buffer.from(given, "base64url")
  return decoded.length === expected.length && timingSafeEqual(decoded, expected)
}

export function signCollectionLink(claims: CollectionLinkClaims, secret: string): string {
  if (!CUSTOMER_ID.test(claims.customer_id)) {
    throw new Error(`a collection link cannot carry the customer id '${claims.customer_id.slice(0, 100)}'`)
  }
  const payload = `${Math.max(0, Math.floor(claims.version))}.${Math.floor(claims.expires_at.getTime() / 1000)}.${claims.customer_id}`
  return `${base64url(payload)}.${base64url(mac(secret, LINK_PURPOSE, payload))}`
}

/**
 * The claims of a token signed with `secret` that has not expired at `now`; `{ ok: false }` for anything
 * else (malformed, forged, signed with another secret, expired), without saying which.
 */
export function readCollectionLink(token: unknown, secret: string, now: Date): LinkReading {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false }
  }
  const [body, signature, extra] = token.split(".")
  if (extra !== undefined || !body || !signature || !BASE64URL.test(body)) {
    return { ok: false }
  }
  const payload = Buffer.from(body, "base64url").toString("utf8")
  // the MAC is checked before the payload is believed, and whatever the payload looks like
  const authentic = sameMac(mac(secret, LINK_PURPOSE, payload), signature)
  const match = /^(\d{1,9})\.(\d{1,12})\.(.+)$/.exec(payload)
  if (!authentic || !match || !CUSTOMER_ID.test(match[3]) || base64url(payload) !== body) {
    return { ok: false }
  }
  const expires_at = new Date(Number(match[2]) * 1000)
  if (expires_at.getTime() <= now.getTime()) {
    return { ok: false }
  }
  return { ok: true, claims: { customer_id: match[3], expires_at, version: Number(match[1]) } }
}

/** What logs and stored copies say instead of a token: the start of its SHA-256. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 12)
}

/** `text` with every occurrence of `token` replaced by its fingerprint (a stored copy of a sent notice). */
export function redactToken(text: string, token: string | null): string {
  return token ? text.split(token).join(`redacted-${tokenFingerprint(token)}`) : text
}

/** A fresh nonce for one rendering of the page. */
export function newFormNonce(): string {
  return base64url(randomBytes(18))
}

/** The token every form of one page carries: its page's nonce, signed together with the link it is bound to. */
export function signFormToken(linkToken: string, nonce: string, secret: string): string {
  return `${nonce}.${base64url(mac(secret, FORM_PURPOSE, `${tokenFingerprint(linkToken)}.${nonce}`))}`
}

/** The nonce of a form token that was signed for this link; null for any other value. */
export function readFormToken(value: unknown, linkToken: string, secret: string): string | null {
  if (typeof value !== "string" || value.length > 100) {
    return null
  }
  const [nonce, signature, extra] = value.split(".")
  if (extra !== undefined || !nonce || !signature || !BASE64URL.test(nonce) || nonce.length > 40) {
    return null
  }
  return sameMac(mac(secret, FORM_PURPOSE, `${tokenFingerprint(linkToken)}.${nonce}`), signature) ? nonce : null
}

/**
 * The idempotency key of one answer sent from one page (or one storefront request): the same form sent
 * twice gives the same key, so the answer is recorded once. Hashed, so its length is bounded.
 */
export function answerKey(customerId: string, source: string, parts: string[]): string {
  return `self-service:${createHash("sha256").update([customerId, source, ...parts].join("\n")).digest("hex").slice(0, 40)}`
}
