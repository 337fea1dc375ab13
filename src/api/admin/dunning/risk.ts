import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { topFactors, type RiskFactor } from "../../../modules/dunning/domain/risk"
import type DunningModuleService from "../../../modules/dunning/service"

/**
 * A customer's risk score as the admin reads it: the score, the band, every factor with its value and
 * contribution, the three that weigh most, since when the customer is in the band and when it was computed.
 */
export type RiskAnswer = {
  score: number
  band: string
  factors: RiskFactor[]
  top_factors: RiskFactor[]
  settled_invoices: number
  band_since: Date
  computed_at: Date
}

export function presentRisk(row: Record<string, any> | undefined | null): RiskAnswer | null {
  if (!row) {
    return null
  }
  const factors = (row.factors ?? []) as RiskFactor[]
  return {
    score: row.score,
    band: row.band,
    factors,
    top_factors: topFactors(factors),
    settled_invoices: row.settled_invoices,
    band_since: row.band_since,
    computed_at: row.computed_at,
  }
}

/** The customer's stored risk score (null: not scored yet). */
export async function customerRisk(scope: MedusaContainer, customerId: string): Promise<RiskAnswer | null> {
  const dunning = scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const [row] = await dunning.listCustomerRisks({ customer_id: customerId }, { take: 1 })
  return presentRisk(row as Record<string, any> | undefined)
}
