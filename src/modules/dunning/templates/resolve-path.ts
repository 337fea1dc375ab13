import { EACH_DATA, join, ROOT, type Binding, type Path, type Scope } from "./analysis-language"
import { closeNames } from "./close-names"
import { CONTEXT_SHAPE, type ValueShape } from "./context"

/**
 * Where a variable in a template points in the notice data: from the top (`@root`), from an `as |x|`
 * name, or from the context a block opened (`this`, `../`), then field by field through the data's known
 * shape. A path that leads nowhere, or through a value that can be empty outside an `{{#if}}` for it, is
 * a problem with a hint that names what is there.
 */
export type PathProblem = { message: string; hint: string }

export type Resolved = { binding: Binding; problem: null } | { binding: null; problem: PathProblem }

type Start = { base: Binding; rest: string[] } | Resolved

const problem = (message: string, hint: string): Resolved => ({ binding: null, problem: { message, hint } })

export function resolvePath(path: Path, scope: Scope): Resolved {
  const start = startOf(path, scope)
  if (!("base" in start)) {
    return start
  }
  const { base, rest } = start
  const lead = path.original.endsWith(path.parts.join(".")) ? path.original.slice(0, path.original.length - path.parts.join(".").length) : ""
  const shownParts = path.parts.slice(0, path.parts.length - rest.length)
  const show = (parts: string[]) => lead + [...shownParts, ...parts].join(".")

  if (base.unknown) {
    return { binding: base, problem: null }
  }
  let current = base
  for (let i = 0; i < rest.length; i++) {
    const part = rest[i]
    const shape = current.shape
    if (shape.kind === "object") {
      if (i > 0 && shape.nullable && !scope.guards.has(current.path)) {
        const empty = show(rest.slice(0, i))
        return problem(
          `'${empty}' can be empty, so '${path.original}' needs {{#if ${empty}}} around it`,
          `Write {{#if ${empty}}}…{{${path.original}}}…{{/if}}: not every customer has one.`
        )
      }
      if (!Object.prototype.hasOwnProperty.call(shape.fields, part)) {
        return problem(`Unknown variable '${path.original}'`, unknownHint(part, rest.slice(0, i), shape, current, show, scope))
      }
      current = { shape: shape.fields[part], path: join(current.path, part), label: part }
    } else if (shape.kind === "list") {
      if (part === "length") {
        current = { shape: { kind: "value", type: "number", description: "" }, path: `${current.path}.length`, label: part }
      } else if (/^\d+$/.test(part)) {
        current = { shape: shape.item, path: `${current.path}[]`, label: part }
      } else {
        return problem(`Unknown variable '${path.original}'`, `'${show(rest.slice(0, i))}' is a list: loop over it with {{#each ${show(rest.slice(0, i))}}}…{{/each}}.`)
      }
    } else {
      return problem(`Unknown variable '${path.original}'`, `'${show(rest.slice(0, i)) || "this"}' is a single value and has no '${part}'.`)
    }
  }
  return { binding: current, problem: null }
}

/** Where a path starts (and the parts left to walk), or what an `@data` variable is. */
function startOf(path: Path, scope: Scope): Start {
  if (path.data) {
    const head = path.parts[0]
    if (head === "root") {
      return { base: ROOT, rest: path.parts.slice(1) }
    }
    if (!EACH_DATA.has(head)) {
      return problem(`Unknown variable '${path.original}'`, "Data variables: @root anywhere; @index, @first, @last and @key inside {{#each}}.")
    }
    if (scope.eachDepth <= path.depth) {
      return problem(`'${path.original}' only works inside {{#each}}`, "Use @index, @first, @last and @key between {{#each …}} and {{/each}}.")
    }
    if (path.parts.length > 1) {
      return problem(`Unknown variable '${path.original}'`, `'@${head}' is a single value.`)
    }
    return { binding: { shape: { kind: "value", type: head === "index" ? "number" : "string", description: "" }, path: `@${head}`, label: `@${head}` }, problem: null }
  }
  if (!/^\.|this\b/.test(path.original) && path.depth === 0 && scope.params.has(path.parts[0])) {
    return { base: scope.params.get(path.parts[0]) as Binding, rest: path.parts.slice(1) }
  }
  const frame = scope.contexts[scope.contexts.length - 1 - path.depth]
  if (!frame) {
    return problem(`'${path.original}' goes above the top of the notice data`, "Use @root. to start from the top, e.g. {{@root.customer.name}}.")
  }
  return { base: frame, rest: path.parts }
}

function unknownHint(
  part: string,
  before: string[],
  shape: Extract<ValueShape, { kind: "object" }>,
  at: Binding,
  show: (parts: string[]) => string,
  scope: Scope
): string {
  const names = Object.keys(shape.fields)
  const close = closeNames(part, names)
  const hints: string[] = []
  if (close.length) {
    hints.push(`Did you mean ${close.map((c) => `'${show([...before, c])}'`).join(" or ")}?`)
  }
  // inside a loop the top-level names are out of plain sight: strict mode does not search upwards
  const topLevel = CONTEXT_SHAPE.kind === "object" ? CONTEXT_SHAPE.fields : {}
  if (at !== ROOT && before.length === 0 && scope.contexts.length > 1 && Object.prototype.hasOwnProperty.call(topLevel, part)) {
    hints.push(`Inside ${at.label} write '@root.${part}' (or '../${part}') to reach the rest of the notice.`)
  }
  hints.push(`${before.length || at !== ROOT ? `'${show(before) || "this"}' has` : "Available"}: ${names.join(", ")}.`)
  return hints.join(" ")
}
