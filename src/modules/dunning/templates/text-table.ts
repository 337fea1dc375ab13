import type { TextSink } from "./text-sink"

/**
 * A data table as text: cells in aligned columns (right-aligned where the HTML says so), or, for a layout
 * table (a cell too long, a row too wide, one column), its cells as blocks one after the other.
 */
export type Cell = { sink: TextSink; colspan: number; right: boolean }

// cells longer than this, or rows wider than this, mean a layout table, which reads better as blocks
// than as columns (and padding a wide grid would multiply the text)
const MAX_GRID_CELL = 60
const MAX_GRID_WIDTH = 240

export function renderTable(rows: Cell[][]): string {
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
