import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { CreditHoldChange, CreditHoldSnapshot } from "../../../modules/dunning/service"
import { creditRulesFor } from "../credit-rules"

export const refreshCreditHoldsStepId = "dunning-refresh-credit-holds"

export type RefreshCreditHoldsStepInput = { customer_ids: string[]; now?: Date | string }

/**
 * After money comes in, an invoice is voided or written off, or an event is recorded: lifts the automatic
 * credit holds of these customers that the rules no longer hold (and brings up to date what would lift the
 * others). It never places a hold: only the dunning run does. Customers with no automatic hold in force
 * and no waiver are passed over with one indexed read. Compensation puts holds and history back.
 */
export const refreshCreditHoldsStep = createStep(
  refreshCreditHoldsStepId,
  async (input: RefreshCreditHoldsStepInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const ids = [...new Set(input.customer_ids)].filter(Boolean)
    const watched = ids.length
      ? await dunning.listCreditHolds(
          { customer_id: ids, $or: [{ released_at: null, source: ["stage", "rule"] }, { waiver_active: true }] } as any,
          { select: ["customer_id"], take: null }
        )
      : []
    const customerIds = [...new Set(watched.map((h) => h.customer_id))]
    if (!customerIds.length) {
      return new StepResponse([] as CreditHoldChange[], null as CreditHoldSnapshot | null)
    }
    const { changes, snapshot } = await dunning.refreshCreditHolds({
      customers: await creditRulesFor(container, customerIds),
      now: input.now ? new Date(input.now) : new Date(),
      may_place: false,
    })
    return new StepResponse(changes, snapshot)
  },
  async (snapshot: CreditHoldSnapshot | null | undefined, { container }) => {
    if (snapshot) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).undoCreditHoldChanges(snapshot)
    }
  }
)
