import fs from "fs"
import path from "path"
import ts from "typescript"
import en from "../../src/admin/i18n/en"
import enPages from "../../src/admin/i18n/en-pages"

/**
 * Every word the admin shows comes from the plugin's translations (src/admin/i18n), so it reads in the
 * admin user's language. This finds the words written straight into src/admin instead: JSX text, strings
 * given to the props a person reads (title, label, placeholder, aria-label, …), strings a JSX expression
 * shows (`{done ? "Done" : "Open"}`, `` {`${n} days`} ``) and toast messages. A string that is a key of the
 * English translations (a route's `label: "nav.collections"`) is not a word. `literalTexts()` is what the
 * unit test checks; run this file to list the places.
 */

/** Props whose value a person reads (or hears, for the aria ones). */
export const USER_FACING_PROPS = new Set([
  "title",
  "label",
  "placeholder",
  "aria-label",
  "aria-description",
  "aria-placeholder",
  "aria-roledescription",
  "aria-valuetext",
  "alt",
  "description",
  "hint",
  "submitLabel",
  "confirmText",
  "cancelText",
])

const TOAST_METHODS = new Set(["success", "error", "info", "warning", "message", "loading"])

/** Methods that pass their receiver's strings on to the screen (`[a, "b"].filter(Boolean).join(" · ")`). */
const PASS_THROUGH = new Set(["join", "filter", "concat", "trim", "toUpperCase", "toLowerCase", "slice"])

const ROOT = path.resolve(__dirname, "..", "..")

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") {
    return [prefix]
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => [
    ...(prefix ? [prefix] : []),
    ...keysOf(inner, prefix ? `${prefix}.${key}` : key),
  ])
}

/** Every key of the English translations, plural groups and their parents included ("customer", "customer.title"). */
export const ENGLISH_KEYS = new Set(keysOf({ ...en, ...enPages }))

/** A string a person would read: it has a letter, and it is not one of the translations' keys. */
function isWords(text: string): boolean {
  return /\p{L}/u.test(text) && !ENGLISH_KEYS.has(text.trim())
}

/** The strings an expression puts on the screen as they are written in it. */
function shownStrings(node: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return [node]
  }
  if (ts.isTemplateExpression(node)) {
    return [node.head, ...node.templateSpans.flatMap((span) => [span.literal, ...shownStrings(span.expression)])]
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) {
    return shownStrings(node.expression)
  }
  if (ts.isConditionalExpression(node)) {
    return [...shownStrings(node.whenTrue), ...shownStrings(node.whenFalse)]
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken) {
      return [...shownStrings(node.left), ...shownStrings(node.right)]
    }
    return op === ts.SyntaxKind.AmpersandAmpersandToken ? shownStrings(node.right) : []
  }
  if (ts.isArrayLiteralExpression(node)) {
    return node.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : shownStrings(element)))
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && PASS_THROUGH.has(node.expression.name.text)) {
    return shownStrings(node.expression.expression)
  }
  return []
}

function textOf(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) {
    return node.text
  }
  return (node as ts.TemplateLiteralLikeNode).text ?? node.getText()
}

function propName(name: ts.Node): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) {
    return name.text
  }
  return ts.isJsxNamespacedName(name) ? `${name.namespace.text}:${name.name.text}` : null
}

function isToastCall(node: ts.CallExpression): boolean {
  const callee = node.expression
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "toast" && TOAST_METHODS.has(callee.name.text)
}

/** What one node shows as written: its JSX text, the strings of its user-facing prop or child expression, a toast's message. */
function shownBy(node: ts.Node): ts.Node[] {
  if (ts.isJsxText(node)) {
    return [node]
  }
  if (ts.isJsxAttribute(node) && USER_FACING_PROPS.has(propName(node.name) ?? "") && node.initializer) {
    const value = node.initializer
    return ts.isStringLiteral(value) ? [value] : ts.isJsxExpression(value) && value.expression ? shownStrings(value.expression) : []
  }
  if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
    return shownStrings(node.expression)
  }
  if (ts.isPropertyAssignment(node) && USER_FACING_PROPS.has(propName(node.name) ?? "")) {
    return shownStrings(node.initializer)
  }
  if (ts.isCallExpression(node) && isToastCall(node)) {
    return node.arguments.flatMap((argument) => shownStrings(argument))
  }
  return []
}

/** The words written into one source file: "file:line: text". */
export function literalTextsIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2021, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    for (const shown of shownBy(node)) {
      const words = textOf(shown).replace(/\s+/g, " ").trim()
      if (isWords(words)) {
        const line = source.getLineAndCharacterOfPosition(shown.getStart()).line + 1
        found.push(`${fileName}:${line}: ${JSON.stringify(words)}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function adminSources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        return entry.name === "__tests__" || entry.name === "i18n" ? [] : adminSources(full)
      }
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : []
    })
}

/** Every word written into src/admin outside its translations. */
export function literalTexts(root = ROOT): string[] {
  return adminSources(path.join(root, "src", "admin")).flatMap((file) => literalTextsIn(path.relative(root, file), fs.readFileSync(file, "utf8")))
}

if (require.main === module) {
  const found = literalTexts()
  console.log(found.length ? found.join("\n") : "no words outside src/admin/i18n")
  process.exitCode = found.length ? 1 : 0
}
