/**
 * The templates of one dunning stage as an admin writes them: a subject, an HTML body and optionally a
 * plain-text body (when it is empty the text part is derived from the HTML).
 */
export type NoticeTemplates = { subject: string; body_html: string; body_text?: string | null }

/** Which of the three templates a problem or a failure belongs to, so the editor can point at it. */
export type TemplateField = "subject" | "body_html" | "body_text"

/**
 * Something wrong with a template, in words for the admin who wrote it. `line` and `column` are
 * 1-based positions in that template (null when the problem is the template as a whole); `hint` says
 * how to fix it.
 */
export type TemplateProblem = {
  field: TemplateField
  line: number | null
  column: number | null
  message: string
  hint: string
}

/** One notice ready for the mail provider: a single-line subject and the two bodies. */
export type RenderedNotice = { subject: string; html: string; text: string }

/**
 * Bounds on what a template may cost. A render happens inside the dunning run, next to other
 * customers' notices, so a template can neither be huge, nor run long, nor produce a huge mail, and
 * loops nest at most `maxEachDepth` deep (each level multiplies the work by the number of invoices).
 * Frozen because a render trusts these numbers.
 */
export const TEMPLATE_LIMITS: Readonly<{ templateBytes: number; renderMs: number; outputBytes: number; maxEachDepth: number }> = Object.freeze({
  templateBytes: 65536,
  renderMs: 200,
  outputBytes: 262144,
  maxEachDepth: 2,
})

/**
 * The one error `renderNotice` throws: the template is invalid, reading it failed, or it broke a limit.
 * It carries where (field, line) and a hint for the admin, never the notice data itself, so it can be
 * logged and shown as is. `problems` lists everything found when validation refused the templates.
 */
export class TemplateRenderError extends Error {
  field: TemplateField
  line: number | null
  column: number | null
  hint: string
  problems: TemplateProblem[]

  constructor(problem: TemplateProblem, problems: TemplateProblem[] = [problem]) {
    super(`${problem.field}${problem.line !== null ? ` (line ${problem.line})` : ""}: ${problem.message}`)
    this.name = "TemplateRenderError"
    this.field = problem.field
    this.line = problem.line
    this.column = problem.column
    this.hint = problem.hint
    this.problems = problems
  }
}
