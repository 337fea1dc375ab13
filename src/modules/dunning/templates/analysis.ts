import {
  asPath,
  BLOCK_HASH,
  BLOCK_PARAMS,
  DISABLED_HELPERS,
  FORBIDDEN_SEGMENTS,
  HELPER_ARITY,
  HELPERS_HINT,
  isSimple,
  MAX_BLOCK_NESTING,
  MAX_PROBLEMS,
  ROOT,
  SCALAR,
  UNKNOWN,
  type AnyNode,
  type Binding,
  type Path,
  type Scope,
} from "./analysis-language"
import type { ValueShape } from "./context"
import { BLOCK_HELPERS, DATE_STYLES, VALUE_HELPERS } from "./helpers"
import { INVOICE_TABLE_PARTIAL } from "./partials"
import { resolvePath } from "./resolve-path"
import type { TemplateField, TemplateProblem } from "./types"

/**
 * The check every template passes before handlebars compiles it. Handlebars templates are small
 * programs: helpers, partials, decorators and property paths are how the known sandbox escapes
 * (reaching `constructor` to get at `Function`, `lookup` to read arbitrary keys, polluting
 * `Object.prototype`). Instead of relying on handlebars' own runtime checks alone, the parsed tree is
 * walked and anything outside a small, documented language is refused with its line. The same walk
 * resolves every variable against the known shape of the notice data, so typos are caught when the
 * template is saved rather than when a customer's notice fails.
 */

/** Walks one parsed template and collects its problems. */
export class TemplateAnalysis {
  readonly problems: TemplateProblem[] = []

  constructor(
    private readonly field: TemplateField,
    private readonly maxEachDepth: number
  ) {}

  run(program: hbs.AST.Program): TemplateProblem[] {
    // the walk reads nodes loosely: a node type the typings do not know must be refused, not crash it
    this.program(program as unknown as AnyNode, { contexts: [ROOT], params: new Map(), guards: new Set(), eachDepth: 0, blockDepth: 0 })
    return this.problems
  }

  private report(node: AnyNode | undefined, message: string, hint: string): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      return
    }
    const line = node?.loc?.start?.line
    const column = node?.loc?.start?.column
    this.problems.push({
      field: this.field,
      line: typeof line === "number" ? line : null,
      column: typeof column === "number" ? column + 1 : null,
      message,
      hint,
    })
  }

  private program(program: AnyNode | undefined, scope: Scope): void {
    const body = program && Array.isArray(program.body) ? (program.body as AnyNode[]) : []
    for (const statement of body) {
      this.statement(statement, scope)
    }
  }

  private statement(node: AnyNode, scope: Scope): void {
    switch (node.type) {
      case "ContentStatement":
      case "CommentStatement":
        return
      case "MustacheStatement":
        if (node.escaped === false) {
          this.report(
            node,
            "Unescaped output ({{{…}}} or {{& …}}) is not allowed",
            "Write {{value}} with two braces: values are escaped for HTML in the HTML body and left as they are in the subject and text body."
          )
        }
        this.call(node, "mustache", scope)
        return
      case "BlockStatement":
        this.block(node, scope)
        return
      case "PartialStatement":
        this.partial(node, scope)
        return
      case "PartialBlockStatement":
        this.report(node, "Partial blocks ({{#> …}}…{{/…}}) are not allowed", `Use {{> ${INVOICE_TABLE_PARTIAL}}} on its own.`)
        return
      case "Decorator":
      case "DecoratorBlock":
        this.report(node, "Decorators and inline partials ({{* …}}, {{#* …}}) are not allowed", "Notice templates use plain variables, the listed helpers and blocks only.")
        return
      default:
        this.report(node, `Unsupported template construct (${node.type})`, HELPERS_HINT)
    }
  }

  /** A `{{…}}` or `(…)`: a variable, or a call of one of our value helpers. */
  private call(node: AnyNode, kind: "mustache" | "subexpression", scope: Scope): Binding | null {
    const path = asPath(node.path as AnyNode)
    const params = Array.isArray(node.params) ? (node.params as AnyNode[]) : []
    const hash = node.hash as AnyNode | undefined
    const hasArgs = params.length > 0 || !!hash
    if (!this.segmentsAllowed(path, node)) {
      this.values(params, hash, scope)
      return null
    }
    const name = isSimple(path) && !scope.params.has(path.parts[0]) ? path.parts[0] : null
    if (name !== null && DISABLED_HELPERS.has(name)) {
      this.report(node, `'${name}' is not available in notice templates`, HELPERS_HINT)
      this.values(params, hash, scope)
      return null
    }
    if (name !== null && (VALUE_HELPERS as readonly string[]).includes(name)) {
      return this.valueHelper(name, node, params, hash, scope)
    }
    if (name !== null && (BLOCK_HELPERS as readonly string[]).includes(name)) {
      this.report(node, `'${name}' is a block: write {{#${name} …}}…{{/${name}}}`, HELPERS_HINT)
      this.values(params, hash, scope)
      return null
    }
    if (kind === "subexpression" || hasArgs) {
      this.report(node, `Unknown helper '${path.original}'`, HELPERS_HINT)
      this.values(params, hash, scope)
      return null
    }
    const binding = this.resolve(path, node, scope)
    if (binding && binding.shape.kind !== "value") {
      this.report(node, `'${path.original}' is a group of values, not a single value`, this.groupHint(path, binding.shape))
    }
    return binding
  }

  private groupHint(path: Path, shape: ValueShape): string {
    if (shape.kind === "list") {
      return `Loop over it: {{#each ${path.original}}}…{{/each}}, or use {{> ${INVOICE_TABLE_PARTIAL}}} for the invoices.`
    }
    if (shape.kind === "object") {
      const prefix = path.original === "this" || path.original === "" ? "" : `${path.original}.`
      return `Use one of: ${Object.keys(shape.fields)
        .map((k) => `${prefix}${k}`)
        .join(", ")}.`
    }
    return ""
  }

  private valueHelper(name: string, node: AnyNode, params: AnyNode[], hash: AnyNode | undefined, scope: Scope): Binding {
    const spec = HELPER_ARITY[name]
    if (params.length !== spec.args.length) {
      this.report(
        node,
        `'${name}' takes ${spec.args.length === 1 ? "one value" : `${spec.args.length} values`}, got ${params.length}`,
        `Write {{${name} ${spec.args.join(" ")}${spec.hash.length ? ` ${spec.hash.map((h) => `${h}="…"`).join(" ")}` : ""}}}.`
      )
    }
    for (const param of params) {
      const binding = this.value(param, scope)
      if (binding && binding.shape.kind !== "value") {
        this.report(param, `'${name}' needs a single value, but '${asPath(param).original}' is a group of values`, this.groupHint(asPath(param), binding.shape))
      }
    }
    for (const pair of this.pairs(hash)) {
      if (!this.hashKeyAllowed(pair, spec.hash, name)) {
        continue
      }
      const value = pair.value as AnyNode
      if (name === "date" && pair.key === "format" && value.type === "StringLiteral" && !DATE_STYLES.includes(value.value as never)) {
        this.report(value, `Unknown date format '${String(value.value)}'`, `Use format="${DATE_STYLES.join(`", format="`)}".`)
      }
      this.value(value, scope)
    }
    return { shape: SCALAR, path: "", label: name }
  }

  private pairs(hash: AnyNode | undefined): AnyNode[] {
    return hash && Array.isArray(hash.pairs) ? (hash.pairs as AnyNode[]) : []
  }

  private hashKeyAllowed(pair: AnyNode, allowed: string[], owner: string): boolean {
    const key = String(pair.key)
    if (FORBIDDEN_SEGMENTS.has(key)) {
      this.report(pair, `'${key}' is not allowed in templates`, "Templates read the notice data listed in the variable reference only.")
      return false
    }
    if (!allowed.includes(key)) {
      this.report(pair, `'${owner}' has no option '${key}'`, allowed.length ? `Its options: ${allowed.join(", ")}.` : `'${owner}' takes no options.`)
      return false
    }
    return true
  }

  /** Arguments of something already refused: still checked, so every problem shows at once. */
  private values(params: AnyNode[], hash: AnyNode | undefined, scope: Scope): void {
    for (const param of params) {
      this.value(param, scope)
    }
    for (const pair of this.pairs(hash)) {
      if (FORBIDDEN_SEGMENTS.has(String(pair.key))) {
        this.report(pair, `'${String(pair.key)}' is not allowed in templates`, "Templates read the notice data listed in the variable reference only.")
      }
      this.value(pair.value as AnyNode, scope)
    }
  }

  private value(node: AnyNode, scope: Scope): Binding | null {
    switch (node.type) {
      case "PathExpression": {
        const path = asPath(node)
        if (!this.segmentsAllowed(path, node)) {
          return null
        }
        if (isSimple(path) && DISABLED_HELPERS.has(path.parts[0]) && !scope.params.has(path.parts[0])) {
          this.report(node, `'${path.parts[0]}' is not available in notice templates`, HELPERS_HINT)
          return null
        }
        return this.resolve(path, node, scope)
      }
      case "SubExpression":
        return this.call(node, "subexpression", scope)
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
      case "NullLiteral":
      case "UndefinedLiteral":
        return { shape: SCALAR, path: "", label: "literal" }
      default:
        this.report(node, `Unsupported value (${node.type})`, HELPERS_HINT)
        return null
    }
  }

  private segmentsAllowed(path: Path, node: AnyNode): boolean {
    const bad = path.parts.find((part) => FORBIDDEN_SEGMENTS.has(part))
    if (bad !== undefined) {
      this.report(node, `'${bad}' is not allowed in templates (in '${path.original}')`, "Templates read the notice data listed in the variable reference only.")
      return false
    }
    return true
  }

  /** Where a variable points, or a problem when the notice data has no such value. */
  private resolve(path: Path, node: AnyNode, scope: Scope): Binding | null {
    const resolved = resolvePath(path, scope)
    if (resolved.problem) {
      this.report(node, resolved.problem.message, resolved.problem.hint)
      return null
    }
    return resolved.binding
  }

  private block(node: AnyNode, scope: Scope): void {
    const name = this.blockName(node, scope)
    if (name === null || !this.blockArgumentsAllowed(node, name, scope)) {
      return
    }
    const params = node.params as AnyNode[]
    // a value already reported still opens its block, so problems further in are found too
    const subject = this.value(params[0], scope) ?? UNKNOWN
    const body: BlockBody = {
      node,
      program: node.program as AnyNode | undefined,
      inverse: node.inverse as AnyNode | undefined,
      blockParams: blockParamsOf(node),
      shown: asPath(params[0]).original,
      inner: { ...scope, params: new Map(scope.params), guards: new Set(scope.guards), blockDepth: scope.blockDepth + 1 },
      otherwise: { ...scope, guards: new Set(scope.guards), blockDepth: scope.blockDepth + 1 },
    }
    if (name === "if" || name === "unless") {
      this.conditionalBlock(name, subject, body)
    } else if (name === "with") {
      this.withBlock(subject, body, scope)
    } else {
      this.eachBlock(subject, body, scope)
    }
  }

  /** The block helper a `{{#…}}` opens, or null when it is refused (unknown, not a block, nested too deep). */
  private blockName(node: AnyNode, scope: Scope): string | null {
    const path = asPath(node.path as AnyNode)
    if (!this.segmentsAllowed(path, node)) {
      return null
    }
    const name = isSimple(path) ? path.parts[0] : null
    if (name === null || !(BLOCK_HELPERS as readonly string[]).includes(name)) {
      if (name !== null && DISABLED_HELPERS.has(name)) {
        this.report(node, `'${name}' is not available in notice templates`, HELPERS_HINT)
      } else if (name !== null && (VALUE_HELPERS as readonly string[]).includes(name)) {
        this.report(node, `'${name}' is not a block: write {{${name} …}} without # and closing tag`, HELPERS_HINT)
      } else {
        this.report(node, `Unknown block '{{#${path.original}}}'`, HELPERS_HINT)
      }
      return null
    }
    if (scope.blockDepth >= MAX_BLOCK_NESTING) {
      this.report(node, `Blocks are nested more than ${MAX_BLOCK_NESTING} deep`, "Flatten the template: a notice needs only a few levels of {{#if}} and {{#each}}.")
      return null
    }
    return name
  }

  /** Whether a block has one value, only its own options and `as |…|` names it allows. */
  private blockArgumentsAllowed(node: AnyNode, name: string, scope: Scope): boolean {
    const params = Array.isArray(node.params) ? (node.params as AnyNode[]) : []
    const blockParams = blockParamsOf(node)
    if (params.length !== 1) {
      this.report(node, `{{#${name}}} needs exactly one value, got ${params.length}`, `Write {{#${name} something}}…{{/${name}}}.`)
      this.values(params, node.hash as AnyNode | undefined, scope)
      return false
    }
    for (const pair of this.pairs(node.hash as AnyNode | undefined)) {
      if (this.hashKeyAllowed(pair, BLOCK_HASH[name], `#${name}`)) {
        this.value(pair.value as AnyNode, scope)
      }
    }
    if (blockParams.length > BLOCK_PARAMS[name]) {
      this.report(
        node,
        `{{#${name}}} takes ${BLOCK_PARAMS[name] ? `at most ${BLOCK_PARAMS[name]} name${BLOCK_PARAMS[name] > 1 ? "s" : ""} in as |…|` : "no as |…| names"}`,
        name === "each" ? "Write {{#each receivables as |invoice i|}}." : "Write {{#with customer as |c|}}."
      )
      return false
    }
    for (const param of blockParams) {
      if (FORBIDDEN_SEGMENTS.has(param) || DISABLED_HELPERS.has(param) || (VALUE_HELPERS as readonly string[]).includes(param) || (BLOCK_HELPERS as readonly string[]).includes(param) || param === "this" || param === "root") {
        this.report(node, `'${param}' cannot be used as a name in as |…|`, "Pick another name, e.g. as |invoice|.")
        return false
      }
    }
    return true
  }

  private conditionalBlock(name: "if" | "unless", subject: Binding, body: BlockBody): void {
    // the branch that runs only when the value is there may read through it
    if (subject.path && name === "if") {
      body.inner.guards.add(subject.path)
    } else if (subject.path) {
      body.otherwise.guards.add(subject.path)
    }
    this.program(body.program, body.inner)
    this.program(body.inverse, body.otherwise)
  }

  private withBlock(subject: Binding, body: BlockBody, scope: Scope): void {
    const params = body.node.params as AnyNode[]
    const frame: Binding = { ...subject, label: `{{#with ${body.shown}}}` }
    const same = params[0].type === "PathExpression" && asPath(params[0]).parts.length === 0 && asPath(params[0]).depth === 0 && !asPath(params[0]).data
    // handlebars only adds a level for ../ when the context changes
    body.inner.contexts = same ? scope.contexts : [...scope.contexts, frame]
    if (subject.path) {
      body.inner.guards.add(subject.path)
    }
    if (body.blockParams[0]) {
      body.inner.params.set(body.blockParams[0], frame)
    }
    this.program(body.program, body.inner)
    this.program(body.inverse, body.otherwise)
  }

  private eachBlock(subject: Binding, body: BlockBody, scope: Scope): void {
    const { node, shown, inner, blockParams } = body
    let item: Binding
    if (subject.unknown) {
      item = UNKNOWN
    } else if (subject.shape.kind === "list") {
      item = { shape: subject.shape.item, path: `${subject.path}[]`, label: `{{#each ${shown}}}` }
    } else if (subject.shape.kind === "object") {
      item = { shape: SCALAR, path: `${subject.path}.*`, label: `{{#each ${shown}}}` }
    } else {
      this.report((node.params as AnyNode[])[0], `'${shown}' is not a list`, "{{#each}} loops over receivables or totals.")
      return
    }
    if (scope.eachDepth + 1 > this.maxEachDepth) {
      this.report(
        node,
        `{{#each}} is nested more than ${this.maxEachDepth} deep`,
        "Every nested loop multiplies the notice by the number of invoices; loop at most twice inside each other."
      )
      return
    }
    inner.contexts = [...scope.contexts, item]
    inner.eachDepth = scope.eachDepth + 1
    if (blockParams[0]) {
      inner.params.set(blockParams[0], item)
    }
    if (blockParams[1]) {
      inner.params.set(blockParams[1], { shape: { kind: "value", type: "string", description: "" }, path: "", label: blockParams[1] })
    }
    this.program(body.program, inner)
    this.program(body.inverse, body.otherwise)
  }

  private partial(node: AnyNode, scope: Scope): void {
    const nameNode = node.name as AnyNode
    if (nameNode.type === "SubExpression") {
      this.report(node, "Dynamic partials ({{> (…)}}) are not allowed", `The only partial is {{> ${INVOICE_TABLE_PARTIAL}}}.`)
      return
    }
    const path = nameNode.type === "PathExpression" ? asPath(nameNode) : null
    const named =
      (path !== null && !path.data && path.depth === 0 && path.parts.length === 1 && path.parts[0] === INVOICE_TABLE_PARTIAL && path.original === INVOICE_TABLE_PARTIAL) ||
      (nameNode.type === "StringLiteral" && nameNode.value === INVOICE_TABLE_PARTIAL)
    if (!named) {
      this.report(node, `Unknown partial '${String(nameNode.original ?? nameNode.type)}'`, `The only partial is {{> ${INVOICE_TABLE_PARTIAL}}}.`)
      return
    }
    const params = Array.isArray(node.params) ? node.params : []
    if (params.length || node.hash) {
      this.report(node, `{{> ${INVOICE_TABLE_PARTIAL}}} takes no arguments`, `Write {{> ${INVOICE_TABLE_PARTIAL}}} on its own: it always lists every invoice of the notice.`)
      return
    }
    if (this.field === "subject") {
      this.report(node, `{{> ${INVOICE_TABLE_PARTIAL}}} cannot be used in the subject`, "Put the invoice table into the body; the subject is a single line.")
      return
    }
    if (scope.eachDepth > 0) {
      this.report(node, `{{> ${INVOICE_TABLE_PARTIAL}}} cannot be used inside {{#each}}`, "The table already lists every invoice: put it outside the loop.")
    }
  }
}

/** What a block's branches are walked with: its bodies, its `as |…|` names, and the scopes inside and outside. */
type BlockBody = {
  node: AnyNode
  program: AnyNode | undefined
  inverse: AnyNode | undefined
  blockParams: string[]
  /** The block's value as written, for messages. */
  shown: string
  inner: Scope
  otherwise: Scope
}

function blockParamsOf(node: AnyNode): string[] {
  const program = node.program as AnyNode | undefined
  return program && Array.isArray(program.blockParams) ? (program.blockParams as string[]) : []
}
