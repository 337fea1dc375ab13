import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import { NEXT_RUN } from "../../../modules/dunning/domain/schedule"
import type { HoldSnapshot } from "../../../modules/dunning/service"

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
 * - a manual hold holds until its end date; a release (or a resolved dispute) resumes at once.
 * Compensation puts every receivable's hold back as it was.
 */
export const applyEventHoldsStep = createStep(
  applyEventHoldsStepId,
  async ({ events }: { events: HoldingEvent[]; now?: Date | string }, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const snapshots: HoldSnapshot[] = []
    const targets = async (event: HoldingEvent) => {
      if (event.receivable_ids?.length) {
        return event.receivable_ids
      }
      const open = await dunning.listReceivables({ customer_id: event.customer_id, status: "open" }, { select: ["id"], take: null })
      return open.map((r) => r.id)
    }
    for (const event of events) {
      if (event.type === "promise_to_pay" && event.promised_date) {
        // held through the promised day and one more, for the money to arrive
        const until = new Date(new Date(event.promised_date).getTime() + 2 * DAY)
        snapshots.push(
          ...(await dunning.setHolds({
            receivable_ids: await targets(event),
            hold_until: until,
            hold_reason: `promise_to_pay:${event.id}`,
            next_action_at: until,
          }))
        )
      } else if (event.type === "dispute_opened") {
        snapshots.push(
          ...(await dunning.setHolds({
            receivable_ids: event.receivable_ids ?? [],
            hold_until: null,
            hold_reason: `dispute:${event.id}`,
            next_action_at: null,
          }))
        )
      } else if (event.type === "dispute_resolved") {
        snapshots.push(
          ...(await dunning.setHolds({
            receivable_ids: event.receivable_ids ?? [],
            hold_until: null,
            hold_reason: null,
            next_action_at: NEXT_RUN,
            only_reason_prefix: "dispute:",
          }))
        )
      } else if (event.type === "hold_placed") {
        const until = event.metadata?.hold_until ? new Date(String(event.metadata.hold_until)) : null
        snapshots.push(
          ...(await dunning.setHolds({
            receivable_ids: await targets(event),
            hold_until: until,
            hold_reason: `manual:${event.id}`,
            next_action_at: until,
          }))
        )
      } else if (event.type === "hold_released") {
        snapshots.push(
          ...(await dunning.setHolds({
            receivable_ids: await targets(event),
            hold_until: null,
            hold_reason: null,
            next_action_at: NEXT_RUN,
          }))
        )
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
