import { createHmac, timingSafeEqual } from "crypto"

/**
 * The webhook signature: `X-Dunning-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * Signing the timestamp with the body lets a receiver refuse replays (an old timestamp) and tampering.
 * Receivers verify with `verifyWebhookSignature`, exported for them from this package.
 */
export const SIGNATURE_HEADER = "x-dunning-signature"

export function signWebhookBody(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")
  return `t=${timestamp},v1=${digest}`
}

export function verifyWebhookSignature(input: {
  body: string
  header: string | null | undefined
  secret: string
  toleranceSeconds?: number
  now?: number
}): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(input.header ?? "")
  if (!match) {
    return false
  }
  const timestamp = Number(match[1])
  const now = input.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) {
    return false
  }
  const expected = createHmac("sha256", input.secret).update(`${timestamp}.${input.body}`).digest()
  const given = Buffer.from(match[2], "hex")
  return given.length === expected.length && timingSafeEqual(given, expected)
}
