import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { entityId } from "../domain/entity-id"
import { assessRisk, type RiskAssessment, type RiskFactor, type RiskSettings } from "../domain/risk"
import { riskBandChange, type RiskBandChange, type StoredRisk } from "../domain/risk-change"
import { InternalService } from "../internal-service"
import { jsonbRows, runSql } from "../sql"
import { readRiskFacts, type RiskScope } from "./risk/facts"
import { LOCK_STORED_SCORES, NEXT_BATCH, RISK_SETTINGS, WRITE_SCORES } from "./risk/sql"

export type RiskRefreshInput = {
  now: Date
  /** Score these customers; without them, the next batch of customers with receivables after `after` (id order). */
  customer_ids?: string[]
  after?: string | null
  /** Customers in a batch (without `customer_ids`). */
  limit?: number
}

export type RiskRefreshResult = {
  /** Customers scored (a customer without receivables has nothing to score). */
  scored: number
  /** The batch's last customer id, to continue after; null when there was no batch left (or customers were named). */
  last_customer_id: string | null
  band_changes: RiskBandChange[]
}

/**
 * Customers' risk scores inside the module: reads the facts of many customers in one statement
 * (`risk/facts.ts`), scores each with the pure rules of `domain/risk`, and writes every score and each
 * change of band with its reason (`domain/risk-change`) in the caller's transaction. The stored scores are
 * locked before they are compared, so two computations of one customer at once record a change once.
 */
export class RiskScoringService extends InternalService {
  @InjectTransactionManager()
  async refreshRiskScores(
    input: RiskRefreshInput & { settings: RiskSettings },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RiskRefreshResult> {
    const manager = sharedContext.transactionManager as any
    const scope = await this.scopeOf(manager, input)
    if (!scope) {
      return { scored: 0, last_customer_id: null, band_changes: [] }
    }
    await runSql(manager, RISK_SETTINGS)
    const facts = await readRiskFacts(manager, scope, input.now)
    const assessments = facts.map((f) => assessRisk(f, input.settings, input.now))
    const band_changes = await this.write(manager, assessments, input.now)
    return { scored: assessments.length, last_customer_id: "last" in scope ? scope.last : null, band_changes }
  }

  /** The named customers (sorted, so that locks are taken in one order), or the next batch of ids. */
  private async scopeOf(manager: any, input: RiskRefreshInput): Promise<RiskScope | null> {
    if (input.customer_ids) {
      const ids = [...new Set(input.customer_ids)].sort()
      return ids.length ? { customer_ids: ids } : null
    }
    const after = input.after ?? ""
    const [row] = await runSql(manager, NEXT_BATCH, [after, input.limit ?? 1000])
    return row?.last ? { after, last: row.last } : null
  }

  /** Writes the scores and the changes of band; returns the changes. */
  private async write(manager: any, assessments: RiskAssessment[], now: Date): Promise<RiskBandChange[]> {
    if (!assessments.length) {
      return []
    }
    const bands = assessments.map((a) => ({ customer_id: a.customer_id, band: a.band }))
    const stored: Array<StoredRisk & { customer_id: string }> = await runSql(manager, LOCK_STORED_SCORES, [jsonbRows(bands)])
    const storedOf = new Map(stored.map((s) => [s.customer_id, s]))
    const changes: RiskBandChange[] = []
    const factorsOf = new Map<string, RiskFactor[]>()
    for (const assessment of assessments) {
      const change = riskBandChange(storedOf.get(assessment.customer_id) ?? null, assessment)
      if (change) {
        changes.push(change)
        factorsOf.set(change.customer_id, assessment.factors)
      }
    }
    const scoreRows = assessments.map((a) => ({
      id: entityId("crsk"),
      customer_id: a.customer_id,
      score: a.score,
      band: a.band,
      factors: a.factors,
      settled_invoices: a.settled_invoices,
    }))
    const changeRows = changes.map((c) => ({ ...c, id: entityId("crskc"), factors: factorsOf.get(c.customer_id) }))
    await runSql(manager, WRITE_SCORES, [now, now, jsonbRows(scoreRows), now, jsonbRows(changeRows)])
    return changes
  }
}
