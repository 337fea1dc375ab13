import { model } from "@medusajs/framework/utils"
import { DunningPolicy } from "./dunning-policy"

/**
 * One step of a policy: when (days from the due date), what (send a notice, or escalate to the rep),
 * in which tone, with which subject and body templates (and translations per language).
 */
export const DunningStage = model
  .define(
    { name: "DunningStage", tableName: "dunning_stage" },
    {
      id: model.id({ prefix: "dstg" }).primaryKey(),
      position: model.number(),
      name: model.text(),
      offset_days: model.number(),
      action: model.enum(["send", "escalate"]).default("send"),
      tone: model.enum(["friendly", "neutral", "firm", "final"]).default("neutral"),
      repeats: model.boolean().default(false),
      // from this stage on the rep alone follows the invoice up: no more reminders
      stops_reminders: model.boolean().default(false),
      // from this stage on the customer is on credit hold: no new orders on terms
      credit_hold: model.boolean().default(false),
      channel: model.text().default("email"),
      subject_template: model.text().nullable(),
      body_html_template: model.text().nullable(),
      body_text_template: model.text().nullable(),
      translations: model.json().nullable(),
      // by language: the fingerprint of the stage's own text each translation was written against
      translation_sources: model.json().nullable(),
      // an alternative wording { subject_template, body_html_template, body_text_template, translations }
      // sent to `variant_split` percent of customers, picked by a stable hash of customer and stage
      variant_b: model.json().nullable(),
      variant_split: model.number().nullable(),
      // the dunning_template_version the stage's templates were last saved as
      template_version_id: model.text().nullable(),
      policy: model.belongsTo(() => DunningPolicy, { mappedBy: "stages" }),
    }
  )
