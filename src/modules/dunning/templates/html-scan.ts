/**
 * The tokenizer under html-to-text.ts: one pass over a document that reports text, opening tags (with
 * their attributes, entities decoded) and closing tags, skipping comments and content no reader sees.
 * Hand-written, not regular expressions: malformed HTML (an unclosed quote, a stray `<`) costs linear
 * time, and an unterminated tag swallows the rest of the document, as in a browser.
 */

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])
// content a reader never sees
const SKIP = new Set(["script", "style", "title", "template", "noscript", "svg", "object", "iframe", "textarea", "select"])

export type ScanHandlers = {
  text(value: string): void
  openTag(name: string, attrs: Map<string, string>): void
  closeTag(name: string): void
}

const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f"

/** One pass over the document, every character looked at a bounded number of times. */
export function scan(html: string, on: ScanHandlers): void {
  const n = html.length
  let i = 0
  while (i < n) {
    const lt = html.indexOf("<", i)
    if (lt === -1) {
      on.text(html.slice(i))
      return
    }
    if (lt > i) {
      on.text(html.slice(i, lt))
    }
    i = lt
    const next = html[i + 1] ?? ""
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4)
      i = end === -1 ? n : end + 3
      continue
    }
    if (next === "!" || next === "?") {
      const end = html.indexOf(">", i)
      i = end === -1 ? n : end + 1
      continue
    }
    if (next === "/" && isLetter(html[i + 2] ?? "")) {
      let j = i + 2
      while (j < n && !isSpace(html[j]) && html[j] !== ">" && html[j] !== "/") {
        j++
      }
      const name = html.slice(i + 2, j).toLowerCase()
      const end = html.indexOf(">", j)
      i = end === -1 ? n : end + 1
      on.closeTag(name)
      continue
    }
    if (!isLetter(next)) {
      // a "<" that opens no tag is text, as is everything up to the next "<"
      const following = html.indexOf("<", i + 1)
      const end = following === -1 ? n : following
      on.text(html.slice(i, end))
      i = end
      continue
    }
    const tag = readTag(html, i)
    if (!tag) {
      // an unterminated tag swallows the rest, as in a browser
      return
    }
    i = tag.end
    if (SKIP.has(tag.name)) {
      if (!tag.selfClosing) {
        i = skipPast(html, i, tag.name)
      }
      continue
    }
    on.openTag(tag.name, tag.attrs)
    if (VOID.has(tag.name) || tag.selfClosing) {
      if (!VOID.has(tag.name)) {
        on.closeTag(tag.name)
      }
    }
  }
}

/** Position after `</name…>`, or the end of the document. */
function skipPast(html: string, from: number, name: string): number {
  let at = from
  for (;;) {
    const close = html.indexOf("</", at)
    if (close === -1) {
      return html.length
    }
    if (html.slice(close + 2, close + 2 + name.length).toLowerCase() === name) {
      const end = html.indexOf(">", close)
      return end === -1 ? html.length : end + 1
    }
    at = close + 2
  }
}

function readTag(html: string, start: number): { name: string; attrs: Map<string, string>; end: number; selfClosing: boolean } | null {
  const n = html.length
  let i = start + 1
  while (i < n && !isSpace(html[i]) && html[i] !== ">" && html[i] !== "/") {
    i++
  }
  const name = html.slice(start + 1, i).toLowerCase()
  const attrs = new Map<string, string>()
  let selfClosing = false
  while (i < n) {
    const c = html[i]
    if (c === ">") {
      return { name, attrs, end: i + 1, selfClosing }
    }
    if (isSpace(c)) {
      i++
      continue
    }
    if (c === "/") {
      selfClosing = html[i + 1] === ">"
      i++
      continue
    }
    const nameStart = i
    while (i < n && !isSpace(html[i]) && html[i] !== "=" && html[i] !== ">" && html[i] !== "/") {
      i++
    }
    const attrName = html.slice(nameStart, i).toLowerCase()
    while (i < n && isSpace(html[i])) {
      i++
    }
    let value = ""
    if (html[i] === "=") {
      i++
      while (i < n && isSpace(html[i])) {
        i++
      }
      const quote = html[i]
      if (quote === `"` || quote === "'") {
        const close = html.indexOf(quote, i + 1)
        if (close === -1) {
          return null
        }
        value = html.slice(i + 1, close)
        i = close + 1
      } else {
        const valueStart = i
        while (i < n && !isSpace(html[i]) && html[i] !== ">") {
          i++
        }
        value = html.slice(valueStart, i)
      }
    }
    if (attrName && !attrs.has(attrName)) {
      attrs.set(attrName, decodeEntities(value))
    }
  }
  return null
}

const LATIN1 = [
  "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
  "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
  "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
  "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
  "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
  "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
]

// the entities people type into mail templates; anything else is left as written
const ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: `"`, apos: "'",
  euro: "€", hellip: "…", ndash: "–", mdash: "—", lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„",
  lsaquo: "‹", rsaquo: "›", bull: "•", trade: "™", dagger: "†", permil: "‰", prime: "′", OElig: "Œ", oelig: "œ", Scaron: "Š",
  scaron: "š", Yuml: "Ÿ", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", zwnj: "\u200C", zwj: "\u200D", lrm: "\u200E", rlm: "\u200F",
  ...Object.fromEntries(LATIN1.map((name, i) => [name, String.fromCodePoint(0xa0 + i)])),
}

/** `&amp;`, `&#x27;`, `&euro;` … to characters. */
export function decodeEntities(value: string): string {
  if (!value.includes("&")) {
    return value
  }
  return value.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (match, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10)
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      return valid ? String.fromCodePoint(code) : "\uFFFD"
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, body) ? ENTITIES[body] : match
  })
}
