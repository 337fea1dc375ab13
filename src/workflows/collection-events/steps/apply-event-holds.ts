import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { NEXT_RUN } from "../../../modules/dunning/domain/schedule"
import type { HoldSnapshot } from "../../../modules/dunning/service"
import { DISPUTE_HOLD, MANUAL_HOLD, PROMISE_HOLD, RELEASED_BY_HAND, replaceableHold } from "../hold-reasons"

export const applyEventHoldsStepId = "dunning-apply-event-holds"

type HoldingEvent = {
  id: string
  customer_id: string
  type: string
  receivable_ids?: string[] | null
  promised_date?: Date | string | null
  metadata?: Record<string, unknown> | null
  occurred_at?: Date | string
}

const DAY = 86_400_000

/**
 * What events do to the dunning schedule:
 * - a promise to pay holds the named receivables (or all the customer's open ones) until the promised
 *   date plus one day of grace, then dunning resumes by itself if the money has not come;
 * - a dispute holds the disputed receivables until the dispute is resolved;
 * - a manual hold holds until its end date; a release resumes at once what manual holds and promises
 *   held, and a resolved dispute what the dispute held.
 * A promise or a manual hold never replaces a dispute's hold or a hold another part of the plugin placed
 * (see hold-reasons), so no release by hand can end those. Compensation puts every receivable's hold back
 * as it was.
 */
export const applyEventHoldsStep = createStep(
  applyEventHoldsStepId,
  async ({ events }: { events: HoldingEvent[]; now?: Date | string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const snapshots: HoldSnapshot[] = []
    for (const event of events) {
      for (const change of await holdChanges(dunning, event)) {
        snapshots.push(...(await dunning.setHolds(change)))
      }
    }
    return new StepResponse(snapshots.length, snapshots)
  },
  async (snapshots: HoldSnapshot[] | undefined, { container }) => {
    if (snapshots?.length) {
      // restore in reverse so that a receivable touched twice ends as it was before the first change
      await container.resolve<DunningModuleService>(DUNNING_MODULE).restoreHolds([...snapshots].reverse())
    }
  }
)

type HoldChange = Parameters<DunningModuleService["setHolds"]>[0]

/** What one event does to the holds of the receivables it concerns (nothing, for most events). */
async function holdChanges(dunning: DunningModuleService, event: HoldingEvent): Promise<HoldChange[]> {
  // the named receivables, else all the customer's open ones
  const targets = async () => {
    if (event.receivable_ids?.length) {
      return event.receivable_ids
    }
    const open = await dunning.listReceivables({ customer_id: event.customer_id, status: "open" }, { select: ["id"], take: null })
    return open.map((r) => r.id)
  }
  // those of them whose current hold a promise or a manual hold may take the place of
  const replaceable = async () => {
    const ids = await targets()
    if (!ids.length) {
      return ids
    }
    const current = await dunning.listReceivables({ id: ids }, { select: ["id", "hold_reason"], take: null })
    return current.filter((r) => replaceableHold(r.hold_reason)).map((r) => r.id)
  }
  const resume = { hold_until: null, hold_reason: null, next_action_at: NEXT_RUN }
  switch (event.type) {
    case "promise_to_pay": {
      if (!event.promised_date) {
        return []
      }
      // held through the promised day and one more, for the money to arrive
      const until = new Date(new Date(event.promised_date).getTime() + 2 * DAY)
      return [{ receivable_ids: await replaceable(), hold_until: until, hold_reason: `${PROMISE_HOLD}${event.id}`, next_action_at: until }]
    }
    case "dispute_opened":
      return [{ receivable_ids: event.receivable_ids ?? [], hold_until: null, hold_reason: `${DISPUTE_HOLD}${event.id}`, next_action_at: null }]
    case "dispute_resolved":
      return [{ receivable_ids: event.receivable_ids ?? [], ...resume, only_reason_prefix: DISPUTE_HOLD }]
    case "hold_placed": {
      const until = event.metadata?.hold_until ? new Date(String(event.metadata.hold_until)) : null
      return [{ receivable_ids: await replaceable(), hold_until: until, hold_reason: `${MANUAL_HOLD}${event.id}`, next_action_at: until }]
    }
    case "hold_released": {
      const ids = await targets()
      return RELEASED_BY_HAND.map((prefix) => ({ receivable_ids: ids, ...resume, only_reason_prefix: prefix }))
    }
    default:
      return []
  }
}
