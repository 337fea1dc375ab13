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

export function entityId(prefix: string, now = Date.now()): string {
  let time = ""
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes(16)
  let random = ""
  for (let i = 0; i < 16; i++) {
    random += ALPHABET[bytes[i] & 31]
  }
  return `${prefix}_${time}${random}`
}
