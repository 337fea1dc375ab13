import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import { templatesOfVariant } from "../../../../../modules/dunning/domain/template-variants"
import { currencyTotals, lineSourceOf, noticeLines } from "../../../../../modules/dunning/domain/notice-lines"
import type DunningModuleService from "../../../../../modules/dunning/service"
import {
  renderNoticeIsolated,
  sampleNoticeContext,
  TemplateRenderError,
  validateTemplatesIsolated,
  type NoticeTemplateContext,
  type NoticeTemplates,
} from "../../../../../modules/dunning/templates"
import { formattingLocale } from "../../../../../modules/dunning/domain/notice-language"
import { noticeContext, noticeTemplates, repsById, storeName, templatesFor } from "../../../../../workflows/dunning/notice-content"
import { customerCards } from "../../../../../workflows/dunning/run-context"
import { notFound } from "../../not-found"
import { requestNow } from "../../time-travel"
import type { AdminPreviewTemplatesType } from "../validators"

/**
 * Renders templates exactly as a customer would receive them: subject, HTML and text, in one language
 * (see `previewTemplates`). For a real customer the notice lists the customer's overdue invoices (or all open ones when none is overdue);
 * without a customer it uses sample data. Template problems answer 400 with every problem and its line.
 * Checking and rendering happen on the render pool, so a costly template answers with its problem
 * instead of holding up the server.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewTemplatesType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const options = dunning.getOptions()

  let stage: any = null
  let policy: any = null
  if (body.stage_id) {
    ;[stage] = await dunning.listDunningStages({ id: body.stage_id }, { relations: ["policy"], take: 1 })
    if (!stage) {
      throw notFound("dunning_stage", body.stage_id)
    }
    policy = stage.policy
    if (body.variant === "B") {
      if (!stage.variant_b) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "variant: this stage has no variant B")
      }
      stage = { ...stage, ...templatesOfVariant(stage, "B") }
    }
  } else if (body.variant === "B") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "variant: send the stage_id whose variant B to preview")
  }
  const [profile] = body.customer_id ? await dunning.profilesOf([body.customer_id]) : []
  const { templates, locale } = previewTemplates(body, stage, profile?.preferred_language ?? null, options.defaultLanguage)
  const problems = await validateTemplatesIsolated(templates)
  if (problems.length) {
    return res.status(400).json({
      type: "invalid_data",
      message: problems.map((p) => `${p.field}${p.line ? ` (line ${p.line})` : ""}: ${p.message}`).join("; "),
      problems,
    })
  }

  let context: NoticeTemplateContext
  if (body.customer_id) {
    context = await customerContext(req, body.customer_id, { now, locale, profile, stage, policy, store: await storeName(req.scope, options) })
  } else {
    context = { ...sampleNoticeContext(now), locale }
    if (stage) {
      context.stage = { name: stage.name, tone: stage.tone, position: stage.position + 1, offset_days: stage.offset_days }
    }
  }
  try {
    const rendered = await renderNoticeIsolated(templates, context)
    res.json({ ...rendered, customer_id: body.customer_id ?? null, sample: !body.customer_id })
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      return res.status(400).json({ type: "invalid_data", message: error.message, problems: error.problems })
    }
    throw error
  }
}

/**
 * What a preview renders, and for which locale. Templates being edited are in the language the preview
 * names (a translation being written), else English (the stage's own text); the saved templates of a
 * stage are chosen as for a notice: for the language named, else the customer's, else the store's.
 */
function previewTemplates(
  body: AdminPreviewTemplatesType,
  stage: any,
  customerLanguage: string | null,
  storeDefault: string
): { templates: NoticeTemplates; locale: string } {
  const edited = body.subject_template !== undefined || body.body_html_template !== undefined || body.body_text_template !== undefined
  if (!edited && stage) {
    const written = noticeTemplates(stage, body.language ?? customerLanguage, storeDefault)
    return { templates: written.templates, locale: written.locale }
  }
  const saved = stage ? templatesFor(stage, body.language ?? null) : null
  const templates = {
    subject: body.subject_template ?? saved?.subject ?? "",
    body_html: body.body_html_template ?? saved?.body_html ?? "",
    body_text: body.body_text_template !== undefined ? body.body_text_template : saved?.body_text ?? null,
  }
  return { templates, locale: formattingLocale(body.language ?? "en", customerLanguage, storeDefault) }
}

async function customerContext(
  req: AuthenticatedMedusaRequest<any>,
  customerId: string,
  input: { now: Date; locale: string; profile: { rep_user_id: string | null } | undefined; stage: any; policy: any; store: string }
): Promise<NoticeTemplateContext> {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const cards = await customerCards(req.scope, [customerId])
  const card = cards.get(customerId)
  if (!card) {
    throw notFound("customer", customerId)
  }
  const { profile } = input
  // an invoice waiting for its terms to start (no due date) is on no notice
  const open = (await dunning.listReceivables({ customer_id: customerId, status: "open", due_at: { $ne: null } } as any, { take: 200, order: { due_at: "ASC" } })) as any[]
  const overdue = open.filter((r) => new Date(r.due_at) < input.now)
  const policy = input.policy ?? (await dunning.ensureDefaultPolicy())
  const timezone = policy?.timezone ?? "UTC"
  const lines = noticeLines((overdue.length ? overdue : open).map(lineSourceOf), input.now, timezone)
  const reps = await repsById(req.scope, [profile?.rep_user_id ?? ""])
  const stage = input.stage ?? { name: "Preview", tone: "neutral", position: 0, offset_days: 0 }
  return noticeContext(
    {
      customer: { id: customerId, ...card },
      lines,
      totals: currencyTotals(lines),
      stage: { name: stage.name, tone: stage.tone, position: stage.position + 1, offset_days: stage.offset_days },
      notices_sent: Math.max(0, ...open.map((r) => Number(r.notices_sent ?? 0))),
      days_since_first_notice: null,
      language: input.locale,
      timezone,
      now: input.now,
      rep: profile?.rep_user_id ? reps.get(profile.rep_user_id) ?? null : null,
      store_name: input.store,
      // where the customer's link goes, never a working one: a preview is no place for a credential
      collection_page_url: dunning.selfServiceSettings().enabled ? `${dunning.selfServiceSettings().base_url}/dunning/c/preview` : null,
    },
    dunning.getOptions()
  )
}
