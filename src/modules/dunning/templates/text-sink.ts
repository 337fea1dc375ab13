/**
 * Where html-to-text writes: text with HTML's whitespace rules (runs of spaces folded, line and paragraph
 * breaks that never pile up), and the final tidy of the whole text. Each piece of text is looked at a
 * bounded number of times, so the conversion stays linear in the size of the document.
 */
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

export class TextSink {
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
