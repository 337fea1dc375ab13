import { createHash } from "crypto"
import type { StageTemplate } from "./policy"

/**
 * Which of a stage's translations are out of date. A translation is written against the stage's own
 * (English) templates as they were at that moment; when the English text changes afterwards, the
 * translation still says what the old text said. So each translation keeps the fingerprint of the
 * English text it was written against (`translation_sources`, by language):
 * - a translation that is new, or whose text changed, was written against the English text saved with it;
 * - a translation saved unchanged keeps the fingerprint it had (one stored before fingerprints were kept
 *   takes that of the English text it was stored next to);
 * - an admin may confirm that a translation still says what the English says (`reviewed_translations`):
 *   it then counts as written against the current English text;
 * - a translation is out of date when its fingerprint is not that of the stage's current English text.
 */
export type StageTranslations = Record<string, Partial<StageTemplate>>

export type TranslatedStage = StageTemplate & {
  translations?: StageTranslations | null
  translation_sources?: Record<string, string> | null
}

/** A short fingerprint of a stage's own templates: subject, HTML body and text body together. */
export function stageTextFingerprint(stage: StageTemplate): string {
  const text = JSON.stringify([stage.subject_template ?? null, stage.body_html_template ?? null, stage.body_text_template ?? null])
  return createHash("sha256").update(text).digest("hex").slice(0, 16)
}

function sameTranslation(a: Partial<StageTemplate> | undefined, b: Partial<StageTemplate> | undefined): boolean {
  if (!a || !b) {
    return false
  }
  const fields = ["subject_template", "body_html_template", "body_text_template"] as const
  return fields.every((f) => (a[f] ?? null) === (b[f] ?? null))
}

/**
 * The fingerprint each translation of a saved stage was written against, given the stage as it was
 * stored before (none for a new stage) and the languages an admin confirmed; null without translations.
 */
export function translationSources(stage: TranslatedStage, stored: TranslatedStage | undefined, reviewed: string[] = []): Record<string, string> | null {
  const languages = Object.keys(stage.translations ?? {})
  if (!languages.length) {
    return null
  }
  const current = stageTextFingerprint(stage)
  const before = stored ? stageTextFingerprint(stored) : current
  const sources: Record<string, string> = {}
  for (const language of languages) {
    const kept = stored && sameTranslation(stage.translations?.[language], stored.translations?.[language])
    sources[language] = reviewed.includes(language) || !kept ? current : stored?.translation_sources?.[language] ?? before
  }
  return sources
}

/** The languages whose translation was written against other English text than the stage has now, sorted. */
export function staleTranslations(stage: TranslatedStage): string[] {
  const current = stageTextFingerprint(stage)
  const sources = stage.translation_sources ?? {}
  return Object.keys(stage.translations ?? {})
    .filter((language) => typeof sources[language] === "string" && sources[language] !== current)
    .sort()
}
