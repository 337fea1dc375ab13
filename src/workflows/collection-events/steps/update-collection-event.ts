import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

export const updateCollectionEventStepId = "dunning-update-collection-event"

export type CollectionEventChanges = {
  id: string
  follow_up_status?: "open" | "done"
  assigned_to?: string | null
  follow_up_due_at?: Date | string | null
  note?: string | null
  outcome?: string | null
  /** Who made the change (an admin user id), recorded when a follow-up is marked done. */
  actor_id?: string | null
  now?: Date | string
}

const TRACKED = [
  "follow_up_status",
  "assigned_to",
  "follow_up_due_at",
  "follow_up_done_at",
  "follow_up_done_by",
  "note",
  "outcome",
] as const

/**
 * Works a follow-up: marks it done (who and when), re-opens it, re-assigns it or moves its due date.
 * The compensation restores the fields it changed.
 */
export const updateCollectionEventStep = createStep(
  updateCollectionEventStepId,
  async (changes: CollectionEventChanges, { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const current: any = await dunning.retrieveCollectionEvent(changes.id)
    const previous: Record<string, unknown> = { id: current.id }
    TRACKED.forEach((f) => (previous[f] = current[f]))

    const update: Record<string, unknown> = { id: changes.id }
    for (const f of ["assigned_to", "follow_up_due_at", "note", "outcome"] as const) {
      if (changes[f] !== undefined) {
        update[f] = changes[f]
      }
    }
    if (changes.follow_up_status === "done" && current.follow_up_status !== "done") {
      Object.assign(update, {
        follow_up_status: "done",
        follow_up_done_at: changes.now ? new Date(changes.now) : new Date(),
        follow_up_done_by: changes.actor_id ?? null,
      })
    } else if (changes.follow_up_status === "open" && current.follow_up_status !== "open") {
      Object.assign(update, { follow_up_status: "open", follow_up_done_at: null, follow_up_done_by: null })
    }
    const updated = await dunning.updateCollectionEvents(update as any)
    return new StepResponse(updated, previous)
  },
  async (previous: Record<string, unknown> | undefined, { container }) => {
    if (!previous) {
      return
    }
    await container.resolve<DunningModuleService>(DUNNING_MODULE).updateCollectionEvents(previous as any)
  }
)
