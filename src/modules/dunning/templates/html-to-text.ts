import { decodeEntities, scan } from "./html-scan"
import { TextSink } from "./text-sink"
import { renderTable, type Cell } from "./text-table"

/**
 * The plain-text part of a notice when the stage has no text template: derived from the rendered HTML
 * so the two parts always say the same thing. Aimed at readable mail, not at faithful layout:
 * paragraphs and line breaks are kept, data tables become aligned rows, links read "text (url)".
 *
 * A hand-written single-pass scanner rather than regular expressions over the whole document, so that
 * malformed HTML (an unclosed quote, a stray `<`) costs linear time and cannot stall a render. What a
 * document could nest without bound is bounded instead: one link is open at a time (as in a browser),
 * tables nested deeper than a layout needs read as plain blocks, and list indentation stops growing, so
 * no part of the document is processed or repeated more than a fixed number of times.
 */

const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "dl", "figure", "address", "hr"])
const LINE = new Set(["div", "li", "dt", "dd", "section", "article", "header", "footer", "main", "nav", "aside", "center", "form", "fieldset", "figcaption", "caption", "tr"])

// mail layouts nest tables a few levels deep; deeper ones read as blocks (each level re-reads its content)
const MAX_TABLE_DEPTH = 8
const MAX_LIST_INDENT = 8

type Table = { rows: Cell[][]; row: Cell[] | null; cell: Cell | null; parent: TextSink }
type Link = { href: string; sink: TextSink; mark: number }
type List = { ordered: boolean; counter: number }

/** Converts rendered notice HTML to readable plain text. */
export function htmlToText(html: string): string {
  const converter = new TextConverter()
  scan(html, converter)
  return converter.finish()
}

/** The state of one conversion, fed by the scanner's text, opening and closing tags. */
class TextConverter {
  private readonly root = new TextSink()
  private readonly tables: Table[] = []
  private readonly links: Link[] = []
  private readonly lists: List[] = []
  private preDepth = 0
  // tables opened beyond MAX_TABLE_DEPTH: their rows and cells read as lines and spaces
  private flatTables = 0

  finish(): string {
    while (this.tables.length) {
      this.closeTable()
    }
    return this.root.toString()
  }

  readonly text = (value: string): void => {
    if (!value) {
      return
    }
    const table = this.table()
    // whitespace between rows and cells is markup layout, not content
    if (table && !table.cell && !value.trim()) {
      return
    }
    if (this.preDepth > 0) {
      this.sink().raw(decodeEntities(value))
    } else {
      this.sink().inline(collapse(decodeEntities(collapse(value))))
    }
  }

  readonly openTag = (name: string, attrs: Map<string, string>): void => {
    const out = this.sink()
    switch (name) {
      case "br":
        out.lineBreak()
        return
      case "table":
        this.openTable(out)
        return
      case "tr":
        if (this.openRow(out)) {
          return
        }
        break
      case "td":
      case "th":
        this.openCell(out, attrs)
        return
      case "a":
        this.openLink(out, attrs)
        return
      case "img":
        this.image(out, attrs)
        return
      case "ul":
      case "ol":
        this.lists.push({ ordered: name === "ol", counter: 0 })
        // a list inside a list item continues on the next line, not after a blank one
        out.block(this.lists.length > 1 ? 1 : 2)
        return
      case "li":
        this.openListItem(out)
        return
      case "hr":
        out.block(2)
        out.raw("----------")
        out.block(2)
        return
      case "pre":
        this.preDepth += 1
        break
    }
    this.breakAround(name, out)
  }

  readonly closeTag = (name: string): void => {
    switch (name) {
      case "table":
        this.endTable()
        return
      case "tr":
        if (this.endRow()) {
          return
        }
        break
      case "td":
      case "th": {
        const table = this.table()
        if (table && !this.flatTables) {
          table.cell = null
        }
        return
      }
      case "a": {
        const link = this.links.pop()
        if (link) {
          finishLink(link)
        }
        return
      }
      case "ul":
      case "ol":
        this.lists.pop()
        this.sink().block(this.lists.length ? 1 : 2)
        return
      case "pre":
        this.preDepth = Math.max(0, this.preDepth - 1)
        break
    }
    this.breakAround(name, this.sink())
  }

  /** Where text goes now: the open cell, else the text around the innermost table, else the document. */
  private sink(): TextSink {
    const table = this.table()
    return table ? (table.cell?.sink ?? table.parent) : this.root
  }

  private table(): Table | undefined {
    return this.tables[this.tables.length - 1]
  }

  /** A paragraph or line of its own for block elements. */
  private breakAround(name: string, out: TextSink): void {
    if (PARAGRAPH.has(name)) {
      out.block(2)
    } else if (LINE.has(name)) {
      out.block(1)
    }
  }

  private openTable(out: TextSink): void {
    if (this.flatTables || this.tables.length >= MAX_TABLE_DEPTH) {
      this.flatTables += 1
      out.block(1)
      return
    }
    out.block(2)
    this.tables.push({ rows: [], row: null, cell: null, parent: out })
  }

  /** Whether the row was handled as a table's (else it is a line, as outside a table). */
  private openRow(out: TextSink): boolean {
    if (this.flatTables) {
      out.block(1)
      return true
    }
    const table = this.table()
    if (table) {
      closeRow(table)
      table.row = []
      return true
    }
    return false
  }

  private openCell(out: TextSink, attrs: Map<string, string>): void {
    const table = this.table()
    if (!table || this.flatTables) {
      out.inline(" ")
      return
    }
    table.cell = null
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

  private openLink(out: TextSink, attrs: Map<string, string>): void {
    // a link inside a link ends the first one, as in a browser
    const open = this.links.pop()
    if (open) {
      finishLink(open)
    }
    this.links.push({ href: (attrs.get("href") ?? "").trim(), sink: out, mark: out.mark() })
  }

  private image(out: TextSink, attrs: Map<string, string>): void {
    const alt = collapse(attrs.get("alt") ?? "")
    if (alt.trim()) {
      out.inline(` ${alt.trim()} `)
    }
  }

  private openListItem(out: TextSink): void {
    out.block(1)
    const list = this.lists[this.lists.length - 1]
    const indent = "  ".repeat(Math.min(MAX_LIST_INDENT, Math.max(0, this.lists.length - 1)))
    if (list) {
      list.counter += 1
    }
    out.raw(`${indent}${list?.ordered ? `${list.counter}.` : "-"} `)
  }

  private endTable(): void {
    if (this.flatTables) {
      this.flatTables -= 1
      this.sink().block(1)
      return
    }
    this.closeTable()
  }

  /** Whether the row end was handled as a table's (else it ends a line, as outside a table). */
  private endRow(): boolean {
    if (this.flatTables) {
      this.sink().block(1)
      return true
    }
    const table = this.table()
    if (table) {
      closeRow(table)
      return true
    }
    return false
  }

  /** The innermost table, laid out, becomes a block of the text around it. */
  private closeTable(): void {
    const table = this.tables.pop()
    if (!table) {
      return
    }
    closeRow(table)
    const rendered = renderTable(table.rows)
    const target = this.sink()
    target.block(2)
    target.raw(rendered)
    target.block(2)
  }
}

function closeRow(table: Table): void {
  table.cell = null
  if (table.row) {
    table.rows.push(table.row)
    table.row = null
  }
}

/** A link reads "text (url)"; a bare URL as its own text, and nothing added for in-page and script links. */
function finishLink(link: Link): void {
  const href = link.href
  if (!href || href.startsWith("#") || /^javascript:/i.test(href)) {
    return
  }
  const shown = /^(mailto|tel):/i.test(href) ? href.replace(/^(mailto|tel):/i, "") : href
  const label = link.sink.since(link.mark).replace(/\s+/g, " ").trim()
  if (!label) {
    link.sink.suffix(shown)
  } else if (label !== shown && label !== href) {
    link.sink.suffix(` (${shown})`)
  }
}

// HTML whitespace (not U+00A0, which money formatting relies on) becomes one space
function collapse(value: string): string {
  return value.replace(/[ \t\n\r\f]+/g, " ")
}
