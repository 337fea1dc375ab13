import type { Context } from "@medusajs/framework/types"
import { sameWording, wordingOf, type StageWording } from "../domain/template-variants"
import type DunningModuleService from "../service"

/**
 * The versions of a stage's templates: each save that changes a stage's wording (its own templates, its
 * variant B or the share) adds the next version, and the stage points at its latest. Versions are never
 * changed, so a notice's `template_version_id` always names the words it was rendered from.
 */
export type TemplateVersionRecords = Pick<DunningModuleService, "listTemplateVersions" | "createTemplateVersions" | "updateDunningStages">

/** Keeps the stage's wording as a new version unless its latest version already says the same; returns the version's id. */
export async function keepTemplateVersion(
  records: TemplateVersionRecords,
  stageId: string,
  stage: StageWording,
  savedBy: string | null,
  sharedContext: Context
): Promise<string> {
  const [latest] = await records.listTemplateVersions(
    { stage_id: stageId },
    { order: { version: "DESC" }, take: 1 },
    sharedContext
  )
  let id: string
  if (latest && sameWording(latest as StageWording, stage)) {
    id = latest.id
  } else {
    const created: any = await records.createTemplateVersions(
      { stage_id: stageId, version: (latest?.version ?? 0) + 1, ...wordingOf(stage), created_by: savedBy } as any,
      sharedContext
    )
    id = created.id
  }
  await records.updateDunningStages({ id: stageId, template_version_id: id } as any, sharedContext)
  return id
}
