/**
 * The notice template engine: what admins may write into a dunning stage's subject and bodies, how it
 * is checked when saved, and how a notice is rendered from it at delivery time. The server renders and
 * checks through the isolated functions (on worker threads, see render-pool.ts); the synchronous ones
 * are what runs inside a worker, and what pure tests call.
 */
export { renderNotice, sanitizeSubject, validateTemplates } from "./compiler"
export {
  closeRenderPool,
  RenderPool,
  renderNoticeIsolated,
  RendererUnavailable,
  validateTemplatesIsolated,
  type RenderPoolOptions,
  type RenderPoolStats,
} from "./render-pool"
export { CONTEXT_LIMITS, sampleNoticeContext, worstCaseNoticeContext, type NoticeTemplateContext } from "./context"
export { htmlToText } from "./html-to-text"
export { TEMPLATE_VARIABLES } from "./variables"
export {
  TEMPLATE_LIMITS,
  TemplateRenderError,
  type NoticeTemplates,
  type RenderedNotice,
  type TemplateField,
  type TemplateProblem,
} from "./types"
