import { randomFillSync } from "crypto"

/**
 * ULID-shaped ids (`dntc_01J…`, time-ordered, 80 random bits) made from a pooled random buffer. The run
 * creates thousands of rows per batch, and generating each id with its own call into the random source
 * costs more than the rest of the batch's bookkeeping together.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const pool = Buffer.alloc(4096)
let offset = pool.length

function randomBytes(n: number): Buffer {
  if (offset + n > pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  const bytes = pool.subarray(offset, offset + n)
  offset += n
  return bytes
}

const codes = new Array<number>(26)

export function entityId(prefix: string, now = Date.now()): string {
  let t = now
  for (let i = 9; i >= 0; i--) {
    codes[i] = ALPHABET.charCodeAt(t % 32)
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes(16)
  for (let i = 0; i < 16; i++) {
    codes[10 + i] = ALPHABET.charCodeAt(bytes[i] & 31)
  }
  // one flat string: appending character by character leaves a chain of 26 partial strings per id
  return `${prefix}_${String.fromCharCode.apply(null, codes)}`
}
