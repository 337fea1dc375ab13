/**
 * The notice template engine: what admins may write into a dunning stage's subject and bodies, how it
 * is checked when saved, and how a notice is rendered from it at delivery time.
 */
export { renderNotice, sanitizeSubject, validateTemplates } from "./compiler"
export { sampleNoticeContext, type NoticeTemplateContext } from "./context"
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
