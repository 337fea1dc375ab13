import { createHmac } from "crypto"
import {
  answerKey,
  newFormNonce,
  readCollectionLink,
  readFormToken,
  redactToken,
  signCollectionLink,
  signFormToken,
  tokenFingerprint,
} from "../domain/collection-link"
import { RateCounter } from "../domain/rate-counter"

const SECRET = "a-secret-of-at-least-thirty-two-characters"
const NOW = new Date("2026-06-15T12:00:00.000Z")
const claims = { customer_id: "cus_01NORTHWIND", expires_at: new Date("2026-07-15T12:00:00.000Z"), version: 2 }

describe("collection page links", () => {
  const token = signCollectionLink(claims, SECRET)

  it("read back the customer, expiry and version they were signed with", () => {
    expect(readCollectionLink(token, SECRET, NOW)).toEqual({ ok: true, claims })
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
  })

  it("refuse an expired link, one signed with another secret, and any change to the token, without saying why", () => {
    const refused = { ok: false }
    expect(readCollectionLink(token, SECRET, claims.expires_at)).toEqual(refused)
    expect(readCollectionLink(token, `${SECRET}-rotated`, NOW)).toEqual(refused)
    const [body, mac] = token.split(".")
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1)
    expect(readCollectionLink(`${flip(body, 3)}.${mac}`, SECRET, NOW)).toEqual(refused)
    expect(readCollectionLink(`${body}.${flip(mac, 10)}`, SECRET, NOW)).toEqual(refused)
    expect(readCollectionLink(`${body}.${mac}.x`, SECRET, NOW)).toEqual(refused)
    expect(readCollectionLink(`${body}.`, SECRET, NOW)).toEqual(refused)
    expect(readCollectionLink("x".repeat(5000), SECRET, NOW)).toEqual(refused)
    expect(readCollectionLink(undefined, SECRET, NOW)).toEqual(refused)
  })

  it("refuse a payload naming another customer or a later expiry, even with a MAC made for that payload under another key", () => {
    const payload = `2.${Math.floor(new Date("2027-01-01").getTime() / 1000)}.cus_01OTHER`
    const forgedMac = createHmac("sha256", "guessed-secret").update(`dunning-collection-link:v1\n${payload}`).digest("base64url")
    expect(readCollectionLink(`${Buffer.from(payload).toString("base64url")}.${forgedMac}`, SECRET, NOW)).toEqual({ ok: false })
    // a well-signed token whose payload is not ours is refused too
    const odd = "2.x.cus_01"
    const oddMac = createHmac("sha256", SECRET).update(`dunning-collection-link:v1\n${odd}`).digest("base64url")
    expect(readCollectionLink(`${Buffer.from(odd).toString("base64url")}.${oddMac}`, SECRET, NOW)).toEqual({ ok: false })
  })

  it("are written nowhere in clear: a stored copy carries the fingerprint", () => {
    const html = `<a href="https://shop.test/dunning/c/${token}">open</a> and again ${token}`
    const stored = redactToken(html, token)
    expect(stored).not.toContain(token)
    expect(stored).toBe(`<a href="https://shop.test/dunning/c/redacted-${tokenFingerprint(token)}">open</a> and again redacted-${tokenFingerprint(token)}`)
    expect(tokenFingerprint(token)).toMatch(/^[0-9a-f]{12}$/)
    expect(redactToken(html, null)).toBe(html)
  })
})

describe("the page's form tokens", () => {
  const link = signCollectionLink(claims, SECRET)
  const other = signCollectionLink({ ...claims, customer_id: "cus_01OTHER" }, SECRET)

  it("give back the page's nonce only for the link they were made for", () => {
    const nonce = newFormNonce()
    const form = signFormToken(link, nonce, SECRET)
    expect(readFormToken(form, link, SECRET)).toBe(nonce)
    expect(readFormToken(form, other, SECRET)).toBeNull()
    expect(readFormToken(form, link, `${SECRET}-rotated`)).toBeNull()
    expect(readFormToken(`${newFormNonce()}.${form.split(".")[1]}`, link, SECRET)).toBeNull()
    expect(readFormToken("", link, SECRET)).toBeNull()
    expect(readFormToken(["a", "b"], link, SECRET)).toBeNull()
    expect(newFormNonce()).not.toBe(nonce)
  })

  it("key an answer by customer, source and what was answered", () => {
    const key = answerKey("cus_1", "page", ["nonce", "promise"])
    expect(key).toBe(answerKey("cus_1", "page", ["nonce", "promise"]))
    expect(key).not.toBe(answerKey("cus_2", "page", ["nonce", "promise"]))
    expect(key).not.toBe(answerKey("cus_1", "page", ["nonce", "dispute", "rcv_1"]))
    expect(key).toMatch(/^self-service:[0-9a-f]{40}$/)
  })
})

describe("the request counter", () => {
  const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

  it("allows `limit` requests per key and window, then says when to come back", () => {
    const counter = new RateCounter(60_000, 100)
    expect([1, 2, 3].map(() => counter.take("link", 3, at(0)).allowed)).toEqual([true, true, true])
    expect(counter.take("link", 3, at(20))).toEqual({ allowed: false, retry_after_seconds: 40 })
    expect(counter.take("other", 3, at(20)).allowed).toBe(true)
    expect(counter.take("link", 3, at(60)).allowed).toBe(true)
  })

  it("never counts more keys than it may, forgetting the oldest windows first", () => {
    const counter = new RateCounter(60_000, 100)
    counter.take("first", 1, at(0))
    for (let i = 0; i < 10_000; i++) {
      counter.take(`flood-${i}`, 1, at(1))
    }
    expect(counter.size).toBe(100)
    // the first key's window was dropped: it starts afresh
    expect(counter.take("first", 1, at(2)).allowed).toBe(true)
  })
})
