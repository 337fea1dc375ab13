import { createHash } from "crypto"
import { CONTENT_SECURITY_POLICY, escape, html, layout } from "../dunning/collection-page/html"
import { holdKind } from "../dunning/collection-page/load"
import { acceptedLanguage, stringsFor } from "../dunning/collection-page/strings"

const NOW = new Date("2026-06-15T12:00:00.000Z")

describe("the collection page's HTML", () => {
  it("allows exactly its own stylesheet: the policy's hash is the hash of the page's <style>", () => {
    const page = layout(stringsFor("en"), "Title", html`<p>x</p>`)
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]
    const hash = createHash("sha256").update(style).digest("base64")
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`)
    expect(page).not.toMatch(/<script|style="/)
    expect(page.startsWith('<!doctype html><html lang="en">')).toBe(true)
  })

  it("escapes every value put into it, once", () => {
    const name = `<img src=x onerror="alert(1)"> & 'Söhne' \``
    expect(html`<td>${name}</td><a href="${name}">`.text).toBe(
      "<td>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;Söhne&#39; &#96;</td><a href=\"&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;Söhne&#39; &#96;\">"
    )
    expect(html`<p>${html`<b>${"<i>"}</b>`}</p>`.text).toBe("<p><b>&lt;i&gt;</b></p>")
    expect(html`${[1, null, undefined, false, "a<"]}`.text).toBe("1a&lt;")
    expect(escape(null)).toBe("")
  })

  it("speaks the customer's language, else the browser's, else the store's, else English", () => {
    expect(stringsFor("de-AT").lang).toBe("de")
    expect(stringsFor("fr_CA").promise.submit).toBe("Envoyer mon engagement")
    expect(stringsFor("pt-BR").lang).toBe("pt")
    expect(stringsFor("sw", "nl").lang).toBe("nl")
    expect(stringsFor("sw", "sw").lang).toBe("en")
    expect(stringsFor(null).lang).toBe("en")
    expect(acceptedLanguage("sw-KE,ja;q=0.9,it-CH;q=0.8")).toBe("it")
    expect(acceptedLanguage(undefined)).toBeNull()
    expect(stringsFor("en").overdue(1)).toBe("1 day overdue")
    expect(stringsFor("en").overdue(-1)).toBe("due in 1 day")
    expect(stringsFor("de").overdue(null)).toBe("wartet auf Versand")
    expect(stringsFor("en").moreNotShown(1200)).toBe("… and 1,200 more open invoices, listed in the statement.")
    expect(stringsFor("it").moreNotShown(1)).toBe("… e un'altra fattura aperta, riportata nell'estratto.")
    expect(stringsFor("nl").status.promised("3 mrt 2026")).toBe("betaling toegezegd vóór 3 mrt 2026")
  })

  it("names an invoice's hold by its owner, and none once a dated hold has ended", () => {
    const until = (days: number) => new Date(NOW.getTime() + days * 86_400_000)
    expect(holdKind({ hold_reason: "promise_to_pay:cevt_1", hold_until: until(2) }, NOW)).toBe("promise")
    expect(holdKind({ hold_reason: "dispute:cevt_2", hold_until: null }, NOW)).toBe("dispute")
    expect(holdKind({ hold_reason: "manual:cevt_3", hold_until: until(1) }, NOW)).toBe("manual")
    expect(holdKind({ hold_reason: "order_change:ordch_1", hold_until: null }, NOW)).toBe("other")
    expect(holdKind({ hold_reason: "promise_to_pay:cevt_1", hold_until: until(-1) }, NOW)).toBeNull()
    expect(holdKind({ hold_reason: null, hold_until: null }, NOW)).toBeNull()
  })
})
