import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { DEFAULT_POLICY, HIGH_RISK_POLICY_KEY, highRiskPolicy, type PolicyInput, type StageInput } from "../domain/policy"
import type DunningModuleService from "../service"
import { keepTemplateVersion, type TemplateVersionRecords } from "./template-versions"

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
> &
  TemplateVersionRecords

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
      await this.ensureHighRiskPolicy(records, existing)
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
    const created = await find()
    await this.ensureHighRiskPolicy(records, created)
    return created
  }

  /**
   * The shipped "High risk" policy (see `highRiskPolicy`), added disabled once to every store, new or
   * existing, with the default policy's CC; a store whose merchant deleted it does not get it again (the
   * marker stays on the deleted row). Two callers racing to add it end up with one (a unique index).
   */
  private async ensureHighRiskPolicy(records: PolicyRecords, defaultPolicy: any): Promise<void> {
    const [shipped] = await records.listDunningPolicies(
      { shipped_as: HIGH_RISK_POLICY_KEY } as any,
      { select: ["id"], take: 1, withDeleted: true }
    )
    if (shipped || !defaultPolicy) {
      return
    }
    try {
      await this.createPolicyWithStages(records, { ...highRiskPolicy(defaultPolicy), shipped_as: HIGH_RISK_POLICY_KEY } as PolicyInput)
    } catch (e) {
      const [again] = await records.listDunningPolicies({ shipped_as: HIGH_RISK_POLICY_KEY } as any, { select: ["id"], take: 1, withDeleted: true })
      if (!again) {
        throw e
      }
    }
  }

  /** Creates a policy and its stages in one transaction, each stage's templates as its version 1. */
  @InjectTransactionManager()
  async createPolicyWithStages(
    records: PolicyRecords,
    input: PolicyInput,
    savedBy: string | null = null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const { stages, ...fields } = input
    const policy: any = await records.createDunningPolicies(fields as any, sharedContext)
    const created: any[] = await records.createDunningStages(
      stages.map((s, position) => ({ ...stageFields(s), position, policy_id: policy.id })) as any[],
      sharedContext
    )
    for (const [i, stage] of created.entries()) {
      await keepTemplateVersion(records, stage.id, stages[i], savedBy, sharedContext)
    }
    return policy.id
  }

  /**
   * Replaces a policy's settings and stage list: stages sent with an id are updated, new ones created,
   * missing ones deleted (receivables that were at a deleted stage carry on from their next stage).
   * A stage whose wording changed gets a new template version, saved by `savedBy`.
   */
  @InjectTransactionManager()
  async replacePolicy(
    records: PolicyRecords,
    id: string,
    input: PolicyInput,
    savedBy: string | null = null,
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
        await keepTemplateVersion(records, stage.id, stage, savedBy, sharedContext)
      } else {
        const created: any = await records.createDunningStages({ ...stageFields(stage), position, policy_id: id } as any, sharedContext)
        await keepTemplateVersion(records, created.id, stage, savedBy, sharedContext)
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
    variant_b: stage.variant_b ?? null,
    variant_split: stage.variant_b ? stage.variant_split ?? null : null,
  }
}
