import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { ORDER_CHANGE_HOLD_PREFIX } from "../../../modules/dunning/domain/order-follow"
import { NEXT_RUN } from "../../../modules/dunning/domain/schedule"
import type DunningModuleService from "../../../modules/dunning/service"
import type { HoldSnapshot } from "../../../modules/dunning/service"

export const setOrderChangeHoldsStepId = "dunning-set-order-change-holds"

export type SetOrderChangeHoldsInput = {
  place: Array<{ receivable_id: string; reason: string }>
  release: string[]
  now: Date | string
}

/** Which receivables this step put on hold (and whether they were already on an order-change hold) or released. */
export type OrderChangeHolds = {
  placed: Array<{ receivable_id: string; reason: string; was_held_by_order: boolean }>
  released: string[]
}

/**
 * Puts receivables whose order is in question on an order-change hold (no end: it lasts until the order
 * releases it), never over a hold a rep or a dispute set that is still running, and releases the
 * order-change holds of receivables whose order is settled (no other hold is touched). Released
 * receivables are looked at by the next run. Compensation puts every hold back as it was.
 */
export const setOrderChangeHoldsStep = createStep(
  setOrderChangeHoldsStepId,
  async (input: SetOrderChangeHoldsInput, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const now = new Date(input.now)
    const snapshots: HoldSnapshot[] = []
    const holds: OrderChangeHolds = { placed: [], released: [] }
    for (const { receivable_id, reason } of input.place) {
      const [previous] = await dunning.setHolds({
        receivable_ids: [receivable_id],
        hold_until: null,
        hold_reason: reason,
        next_action_at: null,
        keep_other_holds: { reason_prefix: ORDER_CHANGE_HOLD_PREFIX, now },
      })
      if (previous) {
        snapshots.push(previous)
        holds.placed.push({ receivable_id, reason, was_held_by_order: !!previous.hold_reason?.startsWith(ORDER_CHANGE_HOLD_PREFIX) })
      }
    }
    if (input.release.length) {
      const released = await dunning.setHolds({
        receivable_ids: input.release,
        hold_until: null,
        hold_reason: null,
        next_action_at: NEXT_RUN,
        only_reason_prefix: ORDER_CHANGE_HOLD_PREFIX,
      })
      snapshots.push(...released)
      holds.released.push(...released.map((r) => r.id))
    }
    return new StepResponse(holds, snapshots)
  },
  async (snapshots: HoldSnapshot[] | undefined, { container }) => {
    if (snapshots?.length) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).restoreHolds([...snapshots].reverse())
    }
  }
)
