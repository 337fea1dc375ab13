import type en from "./en"
import type enPages from "./en-pages"

/** One text per plural category a language uses; "other" always. */
export type PluralForms = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string }

type Shape<T> = T extends string ? string : T extends { other: string } ? PluralForms : { [K in keyof T]: Shape<T[K]> }

/** A translation of en.ts: the widgets, drawers and words every screen shares; every key, nothing else. */
export type Texts = Shape<typeof en>

/** A translation of en-pages.ts: the Collections page and Settings → Collections. */
export type PageTexts = Shape<typeof enPages>

/** Everything one language says, as the admin loads it under the plugin's namespace. */
export type Translations = Texts & PageTexts

type Changes<T> = { [K in keyof T]?: T[K] extends string ? string : Changes<T[K]> }

/** A language that differs from another only here and there (European from Brazilian Portuguese): the base with the changes laid over it. */
export function withChanges<T>(base: T, changes: Changes<T>): T {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [key, change] of Object.entries(changes as Record<string, unknown>)) {
    result[key] = typeof change === "string" ? change : withChanges(result[key], change as Changes<unknown>)
  }
  return result as T
}
