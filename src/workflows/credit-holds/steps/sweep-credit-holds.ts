import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { CreditHoldChange } from "../../../modules/dunning/service"
import { loadPolicies } from "../../dunning/run-context"
import { creditRulesFor, loosestRules } from "../credit-rules"

export const sweepCreditHoldsStepId = "dunning-sweep-credit-holds"

export type SweepCreditHoldsStepInput = {
  now: Date | string
  /** Only these customers (a one-customer run); otherwise every customer the rules may hold. */
  customer_ids?: string[] | null
}

export type CreditHoldTotals = { evaluated: number; placed: number; lifted: number; changes: CreditHoldChange[] }

/** Customers evaluated per transaction. */
const CHUNK = 500

/**
 * The dunning run's credit holds, after its batches: evaluates the customers any policy's rules may hold
 * (found with one set-based query) and those with an automatic hold or a waiver, a chunk at a time, each
 * in its own transaction, and places, lifts or updates their holds. Each committed chunk is complete
 * work, like the run's batches: a run that dies half-way is continued by the next one.
 */
export const sweepCreditHoldsStep = createStep(sweepCreditHoldsStepId, async (input: SweepCreditHoldsStepInput, { container }) => {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const now = new Date(input.now)
  const policies = await loadPolicies(container)
  const customerIds = input.customer_ids?.length
    ? [...new Set(input.customer_ids)]
    : await dunning.creditHoldCandidates({ rules: loosestRules(policies, now), now })
  const totals: CreditHoldTotals = { evaluated: 0, placed: 0, lifted: 0, changes: [] }
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const customers = await creditRulesFor(container, customerIds.slice(i, i + CHUNK), policies)
    const { changes } = await dunning.refreshCreditHolds({ customers, now, may_place: true })
    totals.evaluated += customers.length
    totals.placed += changes.filter((c) => c.change === "placed").length
    totals.lifted += changes.filter((c) => c.change === "lifted").length
    totals.changes.push(...changes.filter((c) => c.change === "placed" || c.change === "lifted"))
  }
  return new StepResponse(totals)
})
