import { CONTEXT_SHAPE, type ValueShape } from "./context"
import { BLOCK_HELPERS, VALUE_HELPERS } from "./helpers"
import { INVOICE_TABLE_PARTIAL } from "./partials"

/**
 * The small language notice templates are written in, as the template check (analysis.ts) enforces it:
 * the names that are refused, the helpers and blocks with what they take, and how a path in a template
 * is read (a value of the notice data, an `as |x|` name, an `@data` variable).
 */

/** Names that lead from data to functions and prototypes; no notice data uses them. */
export const FORBIDDEN_SEGMENTS = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "hasOwnProperty",
  "valueOf",
  "toString",
])

// handlebars built-ins that are switched off (they read arbitrary keys, log, or run on misses)
export const DISABLED_HELPERS = new Set(["lookup", "log", "helperMissing", "blockHelperMissing"])
export const EACH_DATA = new Set(["index", "first", "last", "key"])
// deeper nesting than this is not a notice any more, and keeps the walk (and handlebars') shallow
export const MAX_BLOCK_NESTING = 24
export const MAX_PROBLEMS = 50

export const HELPER_ARITY: Record<string, { args: string[]; hash: string[] }> = {
  money: { args: ["amount", "currency_code"], hash: [] },
  date: { args: ["value"], hash: ["format"] },
  daysOverdue: { args: ["due_at"], hash: [] },
  upper: { args: ["value"], hash: [] },
  lower: { args: ["value"], hash: [] },
}
export const BLOCK_HASH: Record<string, string[]> = { if: ["includeZero"], unless: ["includeZero"], each: [], with: [] }
export const BLOCK_PARAMS: Record<string, number> = { if: 0, unless: 0, each: 2, with: 1 }

export const HELPERS_HINT = `Available helpers: ${VALUE_HELPERS.map((h) => `{{${h} …}}`).join(", ")}; blocks: ${BLOCK_HELPERS.map((b) => `{{#${b} …}}`).join(", ")}; partial: {{> ${INVOICE_TABLE_PARTIAL}}}.`

/**
 * A value a path points at: its shape and where it sits in the notice data ("rep", "receivables[]").
 * `unknown` marks the body of a block whose value was already reported: its variables are not
 * checked again (that would only repeat the mistake), its helpers and names still are.
 */
export type Binding = { shape: ValueShape; path: string; label: string; unknown?: boolean }

export type Scope = {
  /** The contexts `this` and `../` walk through, innermost last (only #each and #with add one). */
  contexts: Binding[]
  /** `as |x|` names in reach. */
  params: Map<string, Binding>
  /** Values known not to be empty here, e.g. "rep" inside `{{#if rep}}`. */
  guards: Set<string>
  eachDepth: number
  blockDepth: number
}

export type Path = { parts: string[]; original: string; data: boolean; depth: number }

export type AnyNode = { type: string; loc?: { start?: { line?: number; column?: number } } } & Record<string, unknown>

export const ROOT: Binding = { shape: CONTEXT_SHAPE, path: "", label: "the notice" }
export const SCALAR: ValueShape = { kind: "value", type: "string", nullable: true, description: "" }
export const UNKNOWN: Binding = { shape: SCALAR, path: "", label: "an unknown value", unknown: true }

export function isSimple(path: Path): boolean {
  // handlebars' own notion of a helper name: one part, not this./../ and not @data
  return !path.data && path.depth === 0 && path.parts.length === 1 && !/^\.|this\b/.test(path.original)
}

export function asPath(node: AnyNode): Path {
  if (node.type === "PathExpression") {
    return {
      parts: Array.isArray(node.parts) ? (node.parts as string[]) : [],
      original: String(node.original ?? ""),
      data: node.data === true,
      depth: typeof node.depth === "number" ? node.depth : 0,
    }
  }
  // `{{"constructor"}}` is read by handlebars exactly like `{{constructor}}`
  const literal = String(node.original ?? node.value ?? node.type)
  return { parts: [literal], original: literal, data: false, depth: 0 }
}

export function join(base: string, part: string): string {
  return base ? `${base}.${part}` : part
}
