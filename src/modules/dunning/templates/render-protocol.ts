import type { NoticeTemplateContext } from "./context"
import type { NoticeTemplates, TemplateField, TemplateProblem } from "./types"

/**
 * What the render pool (render-pool.ts) and its workers (render-worker.ts) say to each other: plain,
 * structured-clonable data both ways.
 */

/** One piece of work for a worker. */
export type RenderJob = { kind: "render"; templates: NoticeTemplates; context: NoticeTemplateContext } | { kind: "validate"; templates: NoticeTemplates }

/** A worker's answer: ready for work, or the outcome of the job it was given. */
export type RenderAnswer =
  | { type: "ready" }
  | { type: "done"; value: unknown }
  | { type: "refused"; problems: TemplateProblem[] }
  | { type: "failed"; message: string }

/**
 * The templates in the order a worker numbers them in its shared progress cell (0 = none yet), so the
 * pool can say which one was being rendered when it had to stop the worker.
 */
export const PROGRESS_FIELDS: readonly TemplateField[] = ["subject", "body_html", "body_text"]
