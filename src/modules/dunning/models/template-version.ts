import { model } from "@medusajs/framework/utils"

/**
 * The templates a stage had from one save of its templates on: its own templates (variant A) with their
 * translations, and the alternative wording (variant B) with the share of customers it goes to. A notice
 * keeps the id of the version it was rendered from, so a result can always be traced to the words sent.
 * Versions are never changed; a save that changes a stage's wording adds the next one.
 */
export const TemplateVersion = model
  .define(
    { name: "TemplateVersion", tableName: "dunning_template_version" },
    {
      id: model.id({ prefix: "dtv" }).primaryKey(),
      stage_id: model.text(),
      version: model.number(),
      subject_template: model.text().nullable(),
      body_html_template: model.text().nullable(),
      body_text_template: model.text().nullable(),
      translations: model.json().nullable(),
      // { subject_template, body_html_template, body_text_template, translations } of variant B
      variant_b: model.json().nullable(),
      // percent of customers (1–99) who get variant B; null without a variant B
      variant_split: model.number().nullable(),
      created_by: model.text().nullable(),
    }
  )
  .indexes([{ name: "IDX_dunning_template_version_stage_version", on: ["stage_id", "version"], unique: true }])
