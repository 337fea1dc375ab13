import { z } from "@medusajs/framework/zod"
import { Id, isoDate } from "../common-validators"

const Template = z.string().max(65_536, { error: "must be at most 64 KB" })

/**
 * A preview renders a stage's saved templates (`stage_id`) or templates being edited (the three
 * `*_template` fields, which win over the saved ones), for a real customer or sample data. `variant`
 * "B" previews the stage's saved alternative wording (templates being edited win over it too).
 */
export const AdminPreviewTemplates = z
  .object({
    stage_id: Id.optional(),
    subject_template: Template.optional(),
    body_html_template: Template.optional(),
    body_text_template: Template.nullish(),
    customer_id: Id.optional(),
    variant: z.enum(["A", "B"]).optional(),
    language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "must be a language tag such as 'de'" }).optional(),
    now: isoDate().optional(),
  })
  .strict()
  .refine((b) => !!b.stage_id || (b.subject_template !== undefined && b.body_html_template !== undefined), {
    error: "send a stage_id, or a subject_template and a body_html_template",
  })
export type AdminPreviewTemplatesType = z.infer<typeof AdminPreviewTemplates>
