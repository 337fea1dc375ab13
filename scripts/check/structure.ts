import fs from "fs"
import path from "path"
import ts from "typescript"

/**
 * The house rules a newcomer can rely on: no source file under src/ over 500 lines (migrations aside) and no
 * function over 80 lines. Prints every breach; `structureBreaches()` is what the unit test checks.
 */
export const MAX_FILE_LINES = 500
export const MAX_FUNCTION_LINES = 80

const ROOT = path.resolve(__dirname, "..", "..")

function sourceFiles(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return entry.name === "__tests__" || entry.name === "migrations" ? [] : sourceFiles(full)
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : []
  })
}

function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node }
  if (named.name && ts.isIdentifier(named.name)) {
    return named.name.text
  }
  const parent = node.parent
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text
  }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text
  }
  if (parent && ts.isCallExpression(parent)) {
    return `callback of ${parent.expression.getText().slice(0, 40)}`
  }
  return "anonymous function"
}

export function structureBreaches(root = ROOT): string[] {
  const breaches: string[] = []
  for (const file of sourceFiles(path.join(root, "src"))) {
    const text = fs.readFileSync(file, "utf8")
    const relative = path.relative(root, file)
    const lines = text.split("\n").length
    if (lines > MAX_FILE_LINES) {
      breaches.push(`${relative}: ${lines} lines (at most ${MAX_FILE_LINES})`)
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2021, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line
        const length = end - start + 1
        if (length > MAX_FUNCTION_LINES) {
          breaches.push(`${relative}:${start + 1}: ${functionName(node)} is ${length} lines (at most ${MAX_FUNCTION_LINES})`)
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return breaches
}

if (require.main === module) {
  const breaches = structureBreaches()
  console.log(breaches.length ? breaches.join("\n") : "no breaches")
  process.exitCode = breaches.length ? 1 : 0
}
