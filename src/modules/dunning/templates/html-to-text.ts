import { decodeEntities, scan } from "./html-scan"

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

// cells longer than this, or rows wider than this, mean a layout table, which reads better as blocks
// than as columns (and padding a wide grid would multiply the text)
const MAX_GRID_CELL = 60
const MAX_GRID_WIDTH = 240
// mail layouts nest tables a few levels deep; deeper ones read as blocks (each level re-reads its content)
const MAX_TABLE_DEPTH = 8
const MAX_LIST_INDENT = 8

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

  /** Text added after what came before without taking the space that separates it from what follows. */
  suffix(value: string): void {
    const spaced = this.pendingSpace
    this.inline(value)
    this.pendingSpace = this.pendingSpace || spaced
  }

  /** Preformatted text, kept as written. */
  raw(value: string): void {
    if (!value) {
      return
    }
    this.parts.push(value)
    this.empty = false
    this.pendingSpace = false
    const trailing = trailingNewlines(value)
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

const NEWLINE = 10
const SPACE = 32
const TAB = 9

/** How many line feeds `value` ends with, counted from the end. */
function trailingNewlines(value: string): number {
  let i = value.length
  while (i > 0 && value.charCodeAt(i - 1) === NEWLINE) {
    i--
  }
  return value.length - i
}

/**
 * Spaces and tabs at the end of each line removed, at most one blank line in a row, no blank lines at
 * the start or the end. One scan: every character is looked at a bounded number of times.
 */
export function tidy(value: string): string {
  const out: string[] = []
  let blankLines = 0
  let start = 0
  const n = value.length
  while (start <= n) {
    let end = value.indexOf("\n", start)
    if (end === -1) {
      end = n
    }
    let stop = end
    while (stop > start && (value.charCodeAt(stop - 1) === SPACE || value.charCodeAt(stop - 1) === TAB)) {
      stop--
    }
    if (stop === start) {
      blankLines += 1
    } else {
      if (out.length) {
        out.push(blankLines ? "\n\n" : "\n")
      }
      out.push(value.slice(start, stop))
      blankLines = 0
    }
    start = end + 1
  }
  return out.join("")
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
  // tables opened beyond MAX_TABLE_DEPTH: their rows and cells read as lines and spaces
  let flatTables = 0

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
        if (flatTables || tables.length >= MAX_TABLE_DEPTH) {
          flatTables += 1
          out.block(1)
          return
        }
        out.block(2)
        tables.push({ rows: [], row: null, cell: null, parent: out })
        return
      case "tr": {
        const table = tables[tables.length - 1]
        if (flatTables) {
          out.block(1)
          return
        }
        if (table) {
          closeRow(table)
          table.row = []
          return
        }
        break
      }
      case "td":
      case "th":
        if (tables.length && !flatTables) {
          openCell(attrs)
          return
        }
        out.inline(" ")
        return
      case "a": {
        // a link inside a link ends the first one, as in a browser
        const open = links.pop()
        if (open) {
          finishLink(open)
        }
        links.push({ href: (attrs.get("href") ?? "").trim(), sink: out, mark: out.mark() })
        return
      }
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
        const indent = "  ".repeat(Math.min(MAX_LIST_INDENT, Math.max(0, lists.length - 1)))
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
        if (flatTables) {
          flatTables -= 1
          sink().block(1)
          return
        }
        closeTable()
        return
      case "tr": {
        const table = tables[tables.length - 1]
        if (flatTables) {
          sink().block(1)
          return
        }
        if (table) {
          closeRow(table)
          return
        }
        break
      }
      case "td":
      case "th": {
        const table = tables[tables.length - 1]
        if (table && !flatTables) {
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
      link.sink.suffix(shown)
    } else if (label !== shown && label !== href) {
      link.sink.suffix(` (${shown})`)
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
  const gap = "  "
  const blocks = () => cells.map((row) => row.map((cell) => cell.text).filter((t) => t.trim()).join("\n")).join("\n\n")
  const columns = cells.reduce((most, row) => Math.max(most, row.reduce((n, cell) => n + cell.colspan, 0)), 0)
  const narrow = cells.every((row) => row.every((cell) => !cell.text.includes("\n") && width(cell.text) <= MAX_GRID_CELL))
  if (columns < 2 || !narrow || columns * (1 + gap.length) > MAX_GRID_WIDTH) {
    return blocks()
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
  if (widths.reduce((a, b) => a + b, 0) + gap.length * (columns - 1) > MAX_GRID_WIDTH) {
    return blocks()
  }
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
