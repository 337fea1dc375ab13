import fs from "fs"
import os from "os"
import path from "path"
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, structureBreaches } from "../../scripts/check/structure"

/**
 * Rooms a newcomer can live in: no file under src/ over 500 lines (migrations aside), no function over 80.
 * `scripts/check/structure.ts` prints the breaches with their places.
 */
describe("the shape of the source", () => {
  it("has no file over the line limit and no function over the length limit", () => {
    expect(structureBreaches()).toEqual([])
  })

  it("finds a long file and a long function", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "structure-"))
    fs.mkdirSync(path.join(root, "src", "migrations"), { recursive: true })
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i}`).join("\n")
    fs.writeFileSync(path.join(root, "src", "long.ts"), `export function long() {\n${body}\n}\n`)
    fs.writeFileSync(path.join(root, "src", "big.ts"), "export const x = 1\n".repeat(MAX_FILE_LINES + 1))
    fs.writeFileSync(path.join(root, "src", "migrations", "Migration1.ts"), "export const x = 1\n".repeat(MAX_FILE_LINES + 1))
    expect(structureBreaches(root)).toEqual([
      `src/big.ts: ${MAX_FILE_LINES + 2} lines (at most ${MAX_FILE_LINES})`,
      `src/long.ts:1: long is ${MAX_FUNCTION_LINES + 2} lines (at most ${MAX_FUNCTION_LINES})`,
    ])
    fs.rmSync(root, { recursive: true, force: true })
  })
})
