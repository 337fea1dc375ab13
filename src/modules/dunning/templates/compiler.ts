import Handlebars from "handlebars"
import { TemplateAnalysis } from "./analysis"
import {
  CONTEXT_LIMITS,
  prepareContext,
  sampleNoticeContext,
  sparseNoticeContext,
  worstCaseNoticeContext,
  type NoticeTemplateContext,
} from "./context"
import { createHelpers, VALUE_HELPERS } from "./helpers"
import { htmlToText } from "./html-to-text"
import { INVOICE_TABLE_PARTIAL, invoiceTableHtml, invoiceTableText, TableTooLarge } from "./partials"
import {
  TEMPLATE_LIMITS,
  TemplateRenderError,
  type NoticeTemplates,
  type RenderedNotice,
  type TemplateField,
  type TemplateProblem,
} from "./types"

/**
 * Validation and rendering of notice templates. Templates come from store admins and run inside the
 * dunning job, so a template is treated as untrusted code: it is checked before it is compiled (see
 * analysis.ts), compiled in strict mode against a fixed list of helpers, rendered in an environment of
 * its own with prototype access off, and bounded in time and size. Whatever goes wrong surfaces as a
 * {@link TemplateRenderError} with the template and line, never as a crash of the run.
 */

type Limits = typeof TEMPLATE_LIMITS

const FIELDS: TemplateField[] = ["subject", "body_html", "body_text"]
const MAX_SUBJECT_LENGTH = 998

// Every built-in handlebars would otherwise accept is listed: lookup and log are off, and the two
// "missing" hooks are not callable by name.
const KNOWN_HELPERS: Record<string, boolean> = {
  ...Object.fromEntries(VALUE_HELPERS.map((name) => [name, true])),
  if: true,
  unless: true,
  each: true,
  with: true,
  lookup: false,
  log: false,
  helperMissing: false,
  blockHelperMissing: false,
}

const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
}

function compileOptions(field: TemplateField): CompileOptions {
  return {
    strict: true,
    knownHelpers: { ...KNOWN_HELPERS } as CompileOptions["knownHelpers"],
    knownHelpersOnly: true,
    // the subject and the text body are plain text: escaping would show "&amp;" to the customer
    noEscape: field !== "body_html",
    compat: false,
    data: true,
  }
}

/** A limit broken during a render; turned into a TemplateRenderError by the caller. */
class LimitExceeded extends Error {
  constructor(readonly kind: "time" | "output") {
    super(kind)
  }
}

/** Time and size allowance of one render, checked inside loops so a runaway template stops early. */
class Budget {
  private readonly started = performance.now()

  constructor(readonly limits: Limits) {}

  check(): void {
    if (this.elapsed() > this.limits.renderMs) {
      throw new LimitExceeded("time")
    }
  }

  elapsed(): number {
    return performance.now() - this.started
  }
}

/** The subject came out blank (e.g. only an `{{#if}}` whose value is empty for this customer). */
class EmptySubject extends Error {}

/** An error during a render, tagged with the template it happened in. */
class FieldFailure extends Error {
  constructor(
    readonly field: TemplateField,
    readonly failure: unknown
  ) {
    super(field)
  }
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8")
}

function problem(field: TemplateField, message: string, hint: string, line: number | null = null, column: number | null = null): TemplateProblem {
  return { field, line, column, message, hint }
}

const SYNTAX_HINT = "Check that every {{ is closed by }}, and every block ({{#if …}}, {{#each …}}, {{#with …}}, {{#unless …}}) by its own {{/…}}."

const TOKENS: Record<string, string> = {
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
  CLOSE_SEXPR: "')'",
  OPEN_SEXPR: "'('",
  EOF: "the end of the template",
  INVALID: "a character that does not belong inside {{…}} (a single '}'?)",
  OPEN: "'{{'",
  OPEN_ENDBLOCK: "'{{/'",
  OPEN_BLOCK: "'{{#'",
  OPEN_INVERSE: "'{{^'",
  INVERSE: "'{{else}}'",
  EQUALS: "'='",
  SEP: "'.'",
  ID: "a name",
}

/** A handlebars parse or compile error as a problem with its line, without handlebars' internals. */
function syntaxProblem(field: TemplateField, error: unknown): TemplateProblem {
  const message = error instanceof Error ? error.message : ""
  const exception = error as { lineNumber?: unknown; column?: unknown }
  const lineFromMessage = /on line (\d+)/.exec(message)
  const line = typeof exception.lineNumber === "number" ? exception.lineNumber : lineFromMessage ? Number(lineFromMessage[1]) : null
  const column = typeof exception.column === "number" ? exception.column + 1 : null
  if (error instanceof RangeError) {
    return problem(field, "The template is nested too deeply", "Flatten the template: a notice needs only a few levels of blocks.", line, column)
  }
  const got = /got '([A-Z_]+)'/.exec(message)
  if (/^(Parse|Lexical) error/.test(message)) {
    const what = got ? (TOKENS[got[1]] ?? "an unexpected symbol") : "unexpected text"
    return problem(field, `Syntax error: unexpected ${what}`, SYNTAX_HINT, line, column)
  }
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(message)
  if (mismatch) {
    return problem(field, `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}`, SYNTAX_HINT, line, column)
  }
  // handlebars appends " - line:column" to messages that carry a location
  const text = message.split("\n")[0].replace(/ - \d+:\d+$/, "").slice(0, 200)
  return problem(field, text ? `Template error: ${text}` : "The template could not be read", SYNTAX_HINT, line, column)
}

/**
 * Told which template is being worked on before each one is checked, compiled or rendered (or the text
 * part derived), so that a render stopped from outside (see render-pool.ts) is blamed on the right one.
 */
let fieldObserver: ((field: TemplateField) => void) | null = null

export function observeFields(observer: ((field: TemplateField) => void) | null): void {
  fieldObserver = observer
}

/**
 * Everything that can be known without data: size, syntax, the allowed language, variables against
 * the notice shape, and handlebars' own compile step.
 */
/**
 * A stage's templates are the same for thousands of notices: what is known about a template without data
 * (its problems, its compiled form) is kept per template text, in bounded caches, so a delivery run checks
 * and compiles each template once instead of once per notice.
 */
const CACHE_SIZE = 500
const checked = new Map<string, TemplateProblem[]>()
const compiled = new Map<string, ReturnType<typeof Handlebars.precompile>>()

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key)
  if (hit !== undefined) {
    return hit
  }
  const value = make()
  if (cache.size >= CACHE_SIZE) {
    cache.delete(cache.keys().next().value as string)
  }
  cache.set(key, value)
  return value
}

function checkTemplate(field: TemplateField, source: unknown, limits: Limits): TemplateProblem[] {
  fieldObserver?.(field)
  if (typeof source !== "string" || limits !== TEMPLATE_LIMITS) {
    return checkTemplateUncached(field, source, limits)
  }
  return remember(checked, `${field}\u0000${source}`, () => checkTemplateUncached(field, source, limits))
}

/** Handlebars' compiled form of a template that passed `checkTemplate`; turned into a template per render. */
function compiledSpec(field: TemplateField, source: string): ReturnType<typeof Handlebars.precompile> {
  return remember(compiled, `${field}\u0000${source}`, () => specOf(Handlebars.precompile(source, compileOptions(field))))
}

// the code is handlebars' own compiler output for a template our analysis accepted
// (typed as a specification, precompile returns the code of one as a string)
const specOf = (code: unknown) => new Function(`return ${String(code)}`)() as ReturnType<typeof Handlebars.precompile>

function checkTemplateUncached(field: TemplateField, source: unknown, limits: Limits): TemplateProblem[] {
  if (source === null || source === undefined || (typeof source === "string" && !source.trim())) {
    return field === "body_text"
      ? []
      : [problem(field, field === "subject" ? "The subject is empty" : "The HTML body is empty", "Every notice needs a subject and an HTML body.")]
  }
  if (typeof source !== "string") {
    return [problem(field, "The template must be text", "Send the template as a string.")]
  }
  const size = byteLength(source)
  if (size > limits.templateBytes) {
    return [
      problem(
        field,
        `The template is ${size} bytes; at most ${limits.templateBytes} bytes (${Math.floor(limits.templateBytes / 1024)} KB) are allowed`,
        "Shorten it: move long boilerplate out, or link to a page instead of including it."
      ),
    ]
  }
  let ast: hbs.AST.Program
  try {
    ast = Handlebars.parse(source)
  } catch (error) {
    return [syntaxProblem(field, error)]
  }
  try {
    const problems = new TemplateAnalysis(field, limits.maxEachDepth).run(ast)
    if (problems.length) {
      return problems
    }
    // compiles to code without running it, from the tree already parsed (compiling is the costly part of a
    // large template, so it happens once); catches whatever handlebars itself refuses
    const code = Handlebars.create().precompile(ast, compileOptions(field))
    if (limits === TEMPLATE_LIMITS) {
      remember(compiled, `${field}\u0000${source}`, () => specOf(code))
    }
  } catch (error) {
    return [syntaxProblem(field, error)]
  }
  return []
}

function sortProblems(problems: TemplateProblem[]): TemplateProblem[] {
  const seen = new Set<string>()
  return problems
    .filter((p) => {
      const key = `${p.field}|${p.line}|${p.column}|${p.message}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
    .sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}

function staticProblems(templates: NoticeTemplates, limits: Limits): TemplateProblem[] {
  const source = (templates ?? {}) as Partial<Record<TemplateField, unknown>>
  return sortProblems(FIELDS.flatMap((field) => checkTemplate(field, source[field], limits)))
}

/** A fresh handlebars environment for one template: nothing registered in it outlives the render. */
function renderField(field: TemplateField, source: string, context: NoticeTemplateContext, budget: Budget): string {
  fieldObserver?.(field)
  const env = Handlebars.create()
  env.unregisterHelper("lookup")
  env.unregisterHelper("log")
  const check = () => budget.check()
  const helpers = createHelpers(check)
  for (const name of VALUE_HELPERS) {
    env.registerHelper(name, helpers[name])
  }
  // #each is the only way a template repeats itself, so the budget is checked on every iteration and
  // a loop that alone outgrows the output limit stops before it builds a huge string
  const builtinEach = env.helpers.each
  env.registerHelper("each", function (this: unknown, list: unknown, options: Handlebars.HelperOptions) {
    let produced = 0
    const fn = options.fn
    const guarded = Object.assign({}, options, {
      fn: (item: unknown, runtime?: Handlebars.RuntimeOptions) => {
        check()
        const out = fn(item, runtime)
        produced += out.length
        if (produced > budget.limits.outputBytes) {
          throw new LimitExceeded("output")
        }
        return out
      },
    })
    return builtinEach.call(this, list, guarded)
  })
  const table = field === "body_html" ? invoiceTableHtml : invoiceTableText
  env.registerPartial(INVOICE_TABLE_PARTIAL, table(check, budget.limits.outputBytes))
  const template = env.template(compiledSpec(field, source))
  try {
    return template(context, RUNTIME_OPTIONS)
  } catch (error) {
    throw new FieldFailure(field, error)
  }
}

/**
 * A subject is one header line: line breaks and other control characters (header injection, or a
 * stray tab from a multi-line template) become a space, and RFC 5322's 998-character line limit holds.
 */
export function sanitizeSubject(subject: string): string {
  const flat = subject
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim()
  const chars = Array.from(flat)
  return chars.length > MAX_SUBJECT_LENGTH ? chars.slice(0, MAX_SUBJECT_LENGTH).join("").trimEnd() : flat
}

/** The larger of two [field, amount] pairs, to name the template that used up a limit. */
const larger = (a: [TemplateField, number], b: [TemplateField, number]) => (b[1] > a[1] ? b : a)

function render(templates: NoticeTemplates, context: NoticeTemplateContext, limits: Limits): RenderedNotice {
  const budget = new Budget(limits)
  const textSource = templates.body_text
  const textField: TemplateField = typeof textSource === "string" && textSource.trim() ? "body_text" : "body_html"
  const durations: Array<[TemplateField, number]> = []
  const timed = (field: TemplateField, run: () => string): string => {
    const started = budget.elapsed()
    const out = run()
    durations.push([field, budget.elapsed() - started])
    return out
  }

  const subject = sanitizeSubject(timed("subject", () => renderField("subject", templates.subject, context, budget)))
  if (!subject) {
    throw new FieldFailure("subject", new EmptySubject())
  }
  const html = timed("body_html", () => renderField("body_html", templates.body_html, context, budget))
  // the text part is derived from the HTML only once the HTML itself is known to fit
  if (byteLength(subject) + byteLength(html) > limits.outputBytes) {
    throw new FieldFailure("body_html", new LimitExceeded("output"))
  }
  const text = timed(textField, () => {
    if (textField === "body_text") {
      return renderField("body_text", textSource as string, context, budget)
    }
    fieldObserver?.("body_html")
    return htmlToText(html)
  })

  if (budget.elapsed() > limits.renderMs) {
    throw new FieldFailure(durations.reduce(larger)[0], new LimitExceeded("time"))
  }
  const sizes: Array<[TemplateField, number]> = [
    ["subject", byteLength(subject)],
    ["body_html", byteLength(html)],
    [textField, byteLength(text)],
  ]
  if (sizes.reduce((sum, [, size]) => sum + size, 0) > limits.outputBytes) {
    throw new FieldFailure(sizes.reduce(larger)[0], new LimitExceeded("output"))
  }
  return { subject, html, text }
}

/**
 * The problem of a render that ran out of time or grew too large, whether a check inside the render
 * stopped it or it had to be stopped from outside (see render-pool.ts).
 */
export function limitProblem(field: TemplateField, kind: "time" | "output", limits: Limits = TEMPLATE_LIMITS): TemplateProblem {
  return kind === "time"
    ? problem(field, `Rendering took longer than ${limits.renderMs} ms`, "Simplify the loops: nested {{#each}} blocks multiply the work by the number of invoices.")
    : problem(
        field,
        `The notice would be larger than ${Math.floor(limits.outputBytes / 1024)} KB`,
        "Shorten the text repeated inside {{#each}}, or use {{> invoiceTable}} instead of your own loop."
      )
}

/** Why a render failed, in the words of {@link TemplateProblem}; no notice data ends up in it. */
function failureProblem(field: TemplateField, failure: unknown, limits: Limits): TemplateProblem {
  if (failure instanceof TableTooLarge) {
    return limitProblem(field, "output", limits)
  }
  if (failure instanceof LimitExceeded) {
    return limitProblem(field, failure.kind, limits)
  }
  const message = failure instanceof Error ? failure.message : ""
  const exception = failure as { lineNumber?: unknown; column?: unknown }
  const line = typeof exception.lineNumber === "number" ? exception.lineNumber : null
  const column = typeof exception.column === "number" ? exception.column + 1 : null
  if (failure instanceof EmptySubject) {
    return problem(field, "The subject is empty for this notice", "Make sure the subject has text outside {{#if}} blocks, e.g. the store name.")
  }
  const missing = /^"([^"]{1,100})" not defined in/.exec(message)
  if (missing) {
    return problem(field, `Unknown variable '${missing[1]}'`, "Use the variables listed in the reference; inside {{#each}} reach the rest of the notice with @root.", line, column)
  }
  const reading = /Cannot read properties of (?:null|undefined) \(reading '([^']{1,100})'\)/.exec(message)
  if (reading) {
    return problem(field, `Could not read '${reading[1]}': the value before it is empty`, "Wrap it in {{#if …}}…{{/if}}: not every customer has every value.", line, column)
  }
  if (failure instanceof RangeError) {
    return problem(field, "The template is nested too deeply", "Flatten the template.", line, column)
  }
  // handlebars' own messages name template constructs only; anything else may quote notice data
  if (failure instanceof Handlebars.Exception) {
    return syntaxProblem(field, failure)
  }
  return problem(field, "The template could not be rendered", "Check the template against the variable reference.", line, column)
}

/**
 * Checks the three templates of a stage, as the admin saves them: everything {@link renderNotice} would
 * refuse, plus trial renders against sample data for what only shows with data: a full customer and one
 * with every optional value empty (template by template), then the largest notice the context allows
 * (see {@link worstCaseNoticeContext}) rendered whole, text part included, against the time and size
 * limits. Returns every problem found, [] when the templates are fine.
 */
export function validateTemplates(templates: NoticeTemplates): TemplateProblem[] {
  const limits = TEMPLATE_LIMITS
  const problems = staticProblems(templates, limits)
  const failed = new Set(problems.map((p) => p.field))
  const source = (templates ?? {}) as Partial<Record<TemplateField, unknown>>
  for (const sample of [sampleNoticeContext(), sparseNoticeContext()]) {
    const context = prepareContext(sample)
    for (const field of FIELDS) {
      const template = source[field]
      if (failed.has(field) || typeof template !== "string" || !template.trim()) {
        continue
      }
      try {
        const out = renderField(field, template, context, new Budget(limits))
        if (field === "subject" && !sanitizeSubject(out)) {
          throw new FieldFailure(field, new EmptySubject())
        }
      } catch (error) {
        const failure = error instanceof FieldFailure ? error.failure : error
        problems.push(
          failure instanceof EmptySubject
            ? problem(
                field,
                "The subject comes out empty for some customers (e.g. one without a company or rep)",
                "Make sure the subject has text outside {{#if}} blocks, e.g. the store name."
              )
            : failureProblem(field, failure, limits)
        )
        failed.add(field)
      }
    }
  }
  if (!problems.length) {
    const largest = largestNoticeProblem(templates, limits)
    if (largest) {
      problems.push(largest)
    }
  }
  return sortProblems(problems)
}

const LARGEST = `the largest notice (${CONTEXT_LIMITS.listedReceivables} invoices, the longest names and links)`

/** The templates rendered whole for the largest notice; a broken limit is said in those words. */
function largestNoticeProblem(templates: NoticeTemplates, limits: Limits): TemplateProblem | null {
  try {
    render(templates, prepareContext(worstCaseNoticeContext()), limits)
    return null
  } catch (error) {
    const failure = error instanceof FieldFailure ? error : new FieldFailure("body_html", error)
    const found = failureProblem(failure.field, failure.failure, limits)
    const limit = failure.failure instanceof LimitExceeded || failure.failure instanceof TableTooLarge
    return limit ? { ...found, message: `For ${LARGEST}: ${found.message[0].toLowerCase()}${found.message.slice(1)}` } : found
  }
}

/**
 * Renders one notice. The templates are checked first (a template stored before a rule existed, or
 * written to the database directly, is refused the same way), the context is copied into plain data,
 * and the result is bounded by {@link TEMPLATE_LIMITS}. Throws TemplateRenderError and nothing else.
 */
export function renderNotice(templates: NoticeTemplates, context: NoticeTemplateContext): RenderedNotice {
  const limits = TEMPLATE_LIMITS
  try {
    const problems = staticProblems(templates, limits)
    if (problems.length) {
      throw new TemplateRenderError(problems[0], problems)
    }
    return render(templates, prepareContext(context), limits)
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      throw error
    }
    // a failure outside any template (preparing the data) is reported on the first one
    const failure = error instanceof FieldFailure ? error : new FieldFailure("subject", error)
    throw new TemplateRenderError(failureProblem(failure.field, failure.failure, limits))
  }
}
