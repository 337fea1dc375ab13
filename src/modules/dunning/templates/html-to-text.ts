/**
 * The plain-text part of a notice when the stage has no text template: derived from the rendered HTML
 * so the two parts always say the same thing. Aimed at readable mail, not at faithful layout:
 * paragraphs and line breaks are kept, data tables become aligned rows, links read "text (url)".
 *
 * A hand-written single-pass scanner rather than regular expressions over the whole document, so that
 * malformed HTML (an unclosed quote, a stray `<`) costs linear time and cannot stall a render.
 */

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])
// content a reader never sees
const SKIP = new Set(["script", "style", "title", "template", "noscript", "svg", "object", "iframe", "textarea", "select"])
const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "dl", "figure", "address", "hr"])
const LINE = new Set(["div", "li", "dt", "dd", "section", "article", "header", "footer", "main", "nav", "aside", "center", "form", "fieldset", "figcaption", "caption", "tr"])

// cells longer than this mean a layout table, which reads better as blocks than as columns
const MAX_GRID_CELL = 60

class TextSink {
  private parts: string[] = []
  private atLineStart = true
  private pendingSpace = false
  private trailingNewlines = 0
  private empty = true

  /** Text with whitespace already collapsed to single spaces. */
  inline(textValue: string): void {
    if (!textValue) {
      return
    }
    let value = textValue
    if (value.startsWith(" ")) {
      this.pendingSpace = true
      value = value.slice(1)
    }
    const endsWithSpace = value.endsWith(" ")
    if (endsWithSpace) {
      value = value.slice(0, -1)
    }
    if (value) {
      if (this.pendingSpace && !this.atLineStart) {
        this.parts.push(" ")
      }
      this.parts.push(value)
      this.atLineStart = false
      this.trailingNewlines = 0
      this.empty = false
      this.pendingSpace = false
    }
    if (endsWithSpace) {
      this.pendingSpace = true
    }
  }

  /** Preformatted text, kept as written. */
  raw(value: string): void {
    if (!value) {
      return
    }
    this.parts.push(value)
    this.empty = false
    this.pendingSpace = false
    const trailing = value.length - value.replace(/\n+$/, "").length
    this.trailingNewlines = trailing === value.length ? this.trailingNewlines + trailing : trailing
    this.atLineStart = value.endsWith("\n")
  }

  lineBreak(): void {
    this.parts.push("\n")
    this.atLineStart = true
    this.pendingSpace = false
    this.trailingNewlines += 1
    this.empty = false
  }

  /** At least `newlines` line ends before what comes next (1 = new line, 2 = new paragraph). */
  block(newlines: number): void {
    this.pendingSpace = false
    if (this.empty) {
      return
    }
    while (this.trailingNewlines < newlines) {
      this.lineBreak()
    }
  }

  /** Text written since `mark` (see {@link TextSink.mark}). */
  since(mark: number): string {
    return this.parts.slice(mark).join("")
  }

  mark(): number {
    return this.parts.length
  }

  toString(): string {
    return tidy(this.parts.join(""))
  }
}

function tidy(value: string): string {
  return value
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "")
}

type Cell = { sink: TextSink; colspan: number; right: boolean }
type Table = { rows: Cell[][]; row: Cell[] | null; cell: Cell | null; parent: TextSink }
type Link = { href: string; sink: TextSink; mark: number }
type List = { ordered: boolean; counter: number }

/** Converts rendered notice HTML to readable plain text. */
export function htmlToText(html: string): string {
  const root = new TextSink()
  const tables: Table[] = []
  const links: Link[] = []
  const lists: List[] = []
  let preDepth = 0

  const sink = (): TextSink => {
    const table = tables[tables.length - 1]
    return table ? (table.cell?.sink ?? table.parent) : root
  }

  const closeCell = (table: Table) => {
    table.cell = null
  }
  const closeRow = (table: Table) => {
    closeCell(table)
    if (table.row) {
      table.rows.push(table.row)
      table.row = null
    }
  }
  const openCell = (attrs: Map<string, string>) => {
    const table = tables[tables.length - 1]
    if (!table) {
      return
    }
    closeCell(table)
    if (!table.row) {
      table.row = []
    }
    const span = Number.parseInt(attrs.get("colspan") ?? "1", 10)
    const style = (attrs.get("style") ?? "").toLowerCase()
    const cell: Cell = {
      sink: new TextSink(),
      colspan: Number.isFinite(span) && span > 1 ? Math.min(span, 50) : 1,
      right: (attrs.get("align") ?? "").toLowerCase() === "right" || /text-align\s*:\s*right/.test(style),
    }
    table.row.push(cell)
    table.cell = cell
  }
  const closeTable = () => {
    const table = tables.pop()
    if (!table) {
      return
    }
    closeRow(table)
    const rendered = renderTable(table.rows)
    const target = sink()
    target.block(2)
    target.raw(rendered)
    target.block(2)
  }

  const openTag = (name: string, attrs: Map<string, string>) => {
    const out = sink()
    switch (name) {
      case "br":
        out.lineBreak()
        return
      case "table":
        out.block(2)
        tables.push({ rows: [], row: null, cell: null, parent: out })
        return
      case "tr": {
        const table = tables[tables.length - 1]
        if (table) {
          closeRow(table)
          table.row = []
          return
        }
        break
      }
      case "td":
      case "th":
        if (tables.length) {
          openCell(attrs)
          return
        }
        out.inline(" ")
        return
      case "a":
        links.push({ href: (attrs.get("href") ?? "").trim(), sink: out, mark: out.mark() })
        return
      case "img": {
        const alt = collapse(attrs.get("alt") ?? "")
        if (alt.trim()) {
          out.inline(` ${alt.trim()} `)
        }
        return
      }
      case "ul":
      case "ol":
        lists.push({ ordered: name === "ol", counter: 0 })
        // a list inside a list item continues on the next line, not after a blank one
        out.block(lists.length > 1 ? 1 : 2)
        return
      case "li": {
        out.block(1)
        const list = lists[lists.length - 1]
        const indent = "  ".repeat(Math.max(0, lists.length - 1))
        if (list) {
          list.counter += 1
        }
        out.raw(`${indent}${list?.ordered ? `${list.counter}.` : "-"} `)
        return
      }
      case "hr":
        out.block(2)
        out.raw("----------")
        out.block(2)
        return
      case "pre":
        preDepth += 1
        break
    }
    if (PARAGRAPH.has(name)) {
      out.block(2)
    } else if (LINE.has(name)) {
      out.block(1)
    }
  }

  const closeTag = (name: string) => {
    switch (name) {
      case "table":
        closeTable()
        return
      case "tr": {
        const table = tables[tables.length - 1]
        if (table) {
          closeRow(table)
          return
        }
        break
      }
      case "td":
      case "th": {
        const table = tables[tables.length - 1]
        if (table) {
          closeCell(table)
        }
        return
      }
      case "a": {
        const link = links.pop()
        if (link) {
          finishLink(link)
        }
        return
      }
      case "ul":
      case "ol":
        lists.pop()
        sink().block(lists.length ? 1 : 2)
        return
      case "pre":
        preDepth = Math.max(0, preDepth - 1)
        break
    }
    if (PARAGRAPH.has(name)) {
      sink().block(2)
    } else if (LINE.has(name)) {
      sink().block(1)
    }
  }

  const finishLink = (link: Link) => {
    const href = link.href
    if (!href || href.startsWith("#") || /^javascript:/i.test(href)) {
      return
    }
    const shown = /^(mailto|tel):/i.test(href) ? href.replace(/^(mailto|tel):/i, "") : href
    const label = link.sink.since(link.mark).replace(/\s+/g, " ").trim()
    if (!label) {
      link.sink.inline(shown)
    } else if (label !== shown && label !== href) {
      link.sink.inline(` (${shown})`)
    }
  }

  const text = (value: string) => {
    if (!value) {
      return
    }
    const table = tables[tables.length - 1]
    // whitespace between rows and cells is markup layout, not content
    if (table && !table.cell && !value.trim()) {
      return
    }
    if (preDepth > 0) {
      sink().raw(decodeEntities(value))
    } else {
      sink().inline(collapse(decodeEntities(collapse(value))))
    }
  }

  scan(html, { text, openTag, closeTag })
  while (tables.length) {
    closeTable()
  }
  return root.toString()
}

// HTML whitespace (not U+00A0, which money formatting relies on) becomes one space
function collapse(value: string): string {
  return value.replace(/[ \t\n\r\f]+/g, " ")
}

function renderTable(rows: Cell[][]): string {
  const cells = rows
    .map((row) => row.map((cell) => ({ ...cell, text: cell.sink.toString() })))
    .filter((row) => row.some((cell) => cell.text.trim()))
  if (!cells.length) {
    return ""
  }
  const columns = Math.max(...cells.map((row) => row.reduce((n, cell) => n + cell.colspan, 0)))
  const grid = columns > 1 && cells.every((row) => row.every((cell) => !cell.text.includes("\n") && width(cell.text) <= MAX_GRID_CELL))
  if (!grid) {
    return cells.map((row) => row.map((cell) => cell.text).filter((t) => t.trim()).join("\n")).join("\n\n")
  }
  const widths = new Array<number>(columns).fill(0)
  for (const row of cells) {
    let column = 0
    for (const cell of row) {
      if (cell.colspan === 1) {
        widths[column] = Math.max(widths[column], width(cell.text))
      }
      column += cell.colspan
    }
  }
  const gap = "  "
  return cells
    .map((row) => {
      let column = 0
      const line = row.map((cell) => {
        const span = widths.slice(column, column + cell.colspan)
        const room = span.reduce((a, b) => a + b, 0) + gap.length * (span.length - 1)
        column += cell.colspan
        const pad = " ".repeat(Math.max(0, room - width(cell.text)))
        return cell.right ? pad + cell.text : cell.text + pad
      })
      return line.join(gap).trimEnd()
    })
    .join("\n")
}

const width = (value: string) => Array.from(value).length

type ScanHandlers = {
  text(value: string): void
  openTag(name: string, attrs: Map<string, string>): void
  closeTag(name: string): void
}

const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f"

/** One pass over the document, every character looked at a bounded number of times. */
function scan(html: string, on: ScanHandlers): void {
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
      on.text("<")
      i += 1
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
