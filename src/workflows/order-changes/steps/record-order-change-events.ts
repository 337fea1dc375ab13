import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"
import type { NewCollectionEvent } from "../../collection-events/steps/create-collection-events"

export const recordOrderChangeEventsStepId = "dunning-record-order-change-events"

/**
 * Writes the follow-up's lines into the customers' history. A line whose key is already written (the
 * same change seen twice) is left out, so a replay adds nothing. Compensation deletes what it wrote.
 */
export const recordOrderChangeEventsStep = createStep(
  recordOrderChangeEventsStepId,
  async (events: NewCollectionEvent[], { container }) => {
    if (!events.length) {
      return new StepResponse([] as string[], [] as string[])
    }
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const keys = events.map((e) => e.idempotency_key!)
    const written = await dunning.listCollectionEvents({ idempotency_key: keys }, { select: ["idempotency_key"], take: null })
    const known = new Set(written.map((w) => w.idempotency_key))
    const fresh = events.filter((e, i) => !known.has(e.idempotency_key!) && keys.indexOf(e.idempotency_key!) === i)
    if (!fresh.length) {
      return new StepResponse([] as string[], [] as string[])
    }
    const created = (await dunning.createCollectionEvents(
      fresh.map((e) => ({ ...e, occurred_at: new Date(e.occurred_at!) })) as any[]
    )) as unknown as Array<{ id: string }>
    const ids = created.map((c) => c.id)
    return new StepResponse(ids, ids)
  },
  async (ids: string[] | undefined, { container }) => {
    if (ids?.length) {
      await container.resolve<DunningModuleService>(DUNNING_MODULE).deleteCollectionEvents(ids)
    }
  }
)
