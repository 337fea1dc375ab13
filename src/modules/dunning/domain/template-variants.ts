import { createHash } from "crypto"
import type { StageTemplate } from "./policy"

/**
 * Two wordings of one stage, compared on real customers:
 * - a stage's own templates are variant A; a stage may carry an alternative wording, variant B, with the
 *   share of customers (1–99 percent) who get it;
 * - which customers get B is decided by a stable hash of (customer, stage): the same customer always reads
 *   the same wording at that stage, whatever the run, the day or the server, and a change of the share moves
 *   only the customers between the old and the new share;
 * - without a variant B (or with its share left out) every customer gets A;
 * - a version of a stage's templates is kept each time its wording (A, B or the share) changes, so every
 *   notice can say which words it was rendered from.
 */
export type TemplateVariant = "A" | "B"

export type VariantTemplates = StageTemplate & { translations?: Record<string, Partial<StageTemplate>> | null }

export type StageWording = VariantTemplates & {
  variant_b?: VariantTemplates | null
  variant_split?: number | null
}

/** The customer's place (0–99) on the line a stage's share is cut from; the same for ever for a customer and stage. */
export function variantBucket(customerId: string, stageId: string): number {
  const digest = createHash("sha256").update(`${customerId}\u0000${stageId}`).digest()
  return digest.readUInt32BE(0) % 100
}

/** The variant a customer reads at a stage: B for the first `variant_split` percent of the line, else A. */
export function variantFor(customerId: string, stageId: string | null | undefined, stage: Pick<StageWording, "variant_b" | "variant_split">): TemplateVariant {
  if (!stageId || !stage.variant_b || !stage.variant_split) {
    return "A"
  }
  return variantBucket(customerId, stageId) < stage.variant_split ? "B" : "A"
}

/** The templates (with translations) of one variant of a stage; B falls back to A where it has no template. */
export function templatesOfVariant<T extends StageWording>(stage: T, variant: TemplateVariant): VariantTemplates {
  if (variant === "B" && stage.variant_b) {
    const b = stage.variant_b
    return {
      subject_template: b.subject_template ?? stage.subject_template,
      body_html_template: b.body_html_template ?? stage.body_html_template,
      body_text_template: b.body_text_template ?? null,
      translations: b.translations ?? null,
    }
  }
  return {
    subject_template: stage.subject_template,
    body_html_template: stage.body_html_template,
    body_text_template: stage.body_text_template,
    translations: stage.translations ?? null,
  }
}

/** What a template version keeps of a stage: both wordings and the share. */
export function wordingOf(stage: StageWording) {
  return {
    subject_template: stage.subject_template ?? null,
    body_html_template: stage.body_html_template ?? null,
    body_text_template: stage.body_text_template ?? null,
    translations: stage.translations ?? null,
    variant_b: stage.variant_b ?? null,
    variant_split: stage.variant_b ? stage.variant_split ?? null : null,
  }
}

/** Whether two wordings say the same (key order of stored JSON aside): a save that keeps it keeps the version. */
export function sameWording(a: StageWording, b: StageWording): boolean {
  return canonical(wordingOf(a)) === canonical(wordingOf(b))
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null)
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`
  }
  return JSON.stringify(value ?? null)
}
