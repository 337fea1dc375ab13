import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { DEFAULT_POLICY, type PolicyInput, type StageInput } from "../domain/policy"
import type DunningModuleService from "../service"

/**
 * Dunning policies and their stages: the default policy, created the first time anything asks for it,
 * and saving a policy with its whole stage list in one transaction. Reads and writes go through the
 * module's own CRUD (`records`, the main service), as any other CRUD call of the module.
 */
export type PolicyRecords = Pick<
  DunningModuleService,
  | "listDunningPolicies"
  | "createDunningPolicies"
  | "updateDunningPolicies"
  | "listDunningStages"
  | "createDunningStages"
  | "updateDunningStages"
  | "deleteDunningStages"
>

export class PoliciesService extends InternalService {
  /**
   * The default policy with its stages, created from `DEFAULT_POLICY` the first time anything asks for it.
   * Two callers racing to create it end up with one (a unique index allows a single default).
   */
  async ensureDefaultPolicy(records: PolicyRecords): Promise<any> {
    const find = async () =>
      (await records.listDunningPolicies({ is_default: true }, { relations: ["stages"], take: 1 }))[0] ?? null
    const existing = await find()
    if (existing) {
      return existing
    }
    try {
      await this.createPolicyWithStages(records, DEFAULT_POLICY)
    } catch (e) {
      const again = await find()
      if (again) {
        return again
      }
      throw e
    }
    return await find()
  }

  /** Creates a policy and its stages in one transaction. */
  @InjectTransactionManager()
  async createPolicyWithStages(
    records: PolicyRecords,
    input: PolicyInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const { stages, ...fields } = input
    const policy: any = await records.createDunningPolicies(fields as any, sharedContext)
    await records.createDunningStages(
      stages.map((s, position) => ({ ...stageFields(s), position, policy_id: policy.id })) as any[],
      sharedContext
    )
    return policy.id
  }

  /**
   * Replaces a policy's settings and stage list: stages sent with an id are updated, new ones created,
   * missing ones deleted (receivables that were at a deleted stage carry on from their next stage).
   */
  @InjectTransactionManager()
  async replacePolicy(
    records: PolicyRecords,
    id: string,
    input: PolicyInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const { stages, ...fields } = input
    await records.updateDunningPolicies({ id, ...fields } as any, sharedContext)
    const existing = await records.listDunningStages({ policy_id: id }, { select: ["id"] }, sharedContext)
    const kept = new Set(stages.map((s) => s.id).filter(Boolean))
    const removed = existing.map((s) => s.id).filter((sid) => !kept.has(sid))
    if (removed.length) {
      await records.deleteDunningStages(removed, sharedContext)
    }
    const known = new Set(existing.map((s) => s.id))
    for (const [position, stage] of stages.entries()) {
      if (stage.id && known.has(stage.id)) {
        await records.updateDunningStages({ id: stage.id, ...stageFields(stage), position } as any, sharedContext)
      } else {
        await records.createDunningStages({ ...stageFields(stage), position, policy_id: id } as any, sharedContext)
      }
    }
  }
}

function stageFields(stage: StageInput) {
  return {
    name: stage.name,
    offset_days: stage.offset_days,
    action: stage.action,
    tone: stage.tone,
    repeats: stage.repeats,
    stops_reminders: stage.stops_reminders ?? false,
    credit_hold: stage.credit_hold ?? false,
    channel: stage.channel,
    subject_template: stage.subject_template,
    body_html_template: stage.body_html_template,
    body_text_template: stage.body_text_template,
    translations: stage.translations ?? null,
    translation_sources: stage.translation_sources ?? null,
  }
}
