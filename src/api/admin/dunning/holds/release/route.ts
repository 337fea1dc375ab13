import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../../modules/dunning"
import { activeHold } from "../../../../../modules/dunning/domain/schedule"
import type DunningModuleService from "../../../../../modules/dunning/service"
import { holdEventId, PROMISE_HOLD, releasableByHand, whyStillHeld } from "../../../../../workflows/collection-events/hold-reasons"
import { createCollectionEventsWorkflow } from "../../../../../workflows/collection-events/workflows/create-collection-events"
import { assertFound } from "../../not-found"
import type { AdminReleaseHoldType } from "../../policies/validators"
import { actorOf, requestNow } from "../../time-travel"

type HeldRow = { id: string; number: string; hold_until: Date | null; hold_reason: string | null }

/** The customer's open receivables the release is about (the named ones, else all), with their holds. */
async function holdsOf(req: AuthenticatedMedusaRequest<AdminReleaseHoldType>, now: Date): Promise<HeldRow[]> {
  const { customer_id, receivable_ids } = req.validatedBody
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const rows = (await dunning.listReceivables(
    { customer_id, status: "open", ...(receivable_ids ? { id: receivable_ids } : {}) },
    { select: ["id", "number", "hold_until", "hold_reason"], take: null, order: { id: "ASC" } }
  )) as HeldRow[]
  return rows.filter((r) => activeHold({ hold_until: r.hold_until ? new Date(r.hold_until) : null, hold_reason: r.hold_reason }, now))
}

/**
 * Resumes dunning now for a customer (all open receivables, or the named ones): ends the holds placed by
 * hand and the promises to pay, and says which receivables stay held and why (an open dispute holds until
 * it is resolved; a hold another part of the plugin placed, until that part lifts it). A promise ended
 * early is written in the customer's history with the release.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminReleaseHoldType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  await assertFound(req.scope, "customer", body.customer_id)
  const released = (await holdsOf(req, now)).filter((r) => releasableByHand(r.hold_reason))
  const endedPromises = [...new Set(released.filter((r) => r.hold_reason!.startsWith(PROMISE_HOLD)).map((r) => holdEventId(r.hold_reason!)))]
  const actor = actorOf(req)
  const { result } = await createCollectionEventsWorkflow(req.scope).run({
    input: {
      now,
      events: [
        {
          customer_id: body.customer_id,
          type: "hold_released",
          title: endedPromises.length ? "Dunning resumed; promise to pay ended early" : undefined,
          note: body.note ?? null,
          receivable_ids: body.receivable_ids,
          author_type: "user",
          author_id: actor.id,
          occurred_at: now,
          metadata: endedPromises.length ? { ended_promise_ids: endedPromises } : null,
        },
      ],
    },
  })
  const stillHeld = await holdsOf(req, now)
  res.status(201).json({
    collection_event: result[0],
    released: released.map((r) => ({ id: r.id, number: r.number, hold_reason: r.hold_reason })),
    still_held: stillHeld.map((r) => ({
      id: r.id,
      number: r.number,
      hold_reason: r.hold_reason,
      hold_until: r.hold_until,
      why: whyStillHeld(r.hold_reason ?? ""),
    })),
  })
}
