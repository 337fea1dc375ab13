import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { DUNNING_MODULE } from "../../modules/dunning"
import type DunningModuleService from "../../modules/dunning/service"
import { createCollectionEventsWorkflow } from "../../workflows/collection-events/workflows/create-collection-events"
import { overrideEventKey } from "../../workflows/credit-holds/steps/check-order-on-credit-hold"
import { actorOf } from "../admin/dunning/time-travel"
import { describeIssues } from "../validation"
import { holdInForce } from "./presenter"

/** The one field this middleware reads from the body of Medusa's convert route (which reads none). */
export const CreditHoldOverride = z
  .object({
    credit_hold_override: z
      .object({ reason: z.string().trim().min(1, { error: "say why the order may be placed despite the credit hold" }).max(500) })
      .strict()
      .optional(),
  })
  .passthrough()

/**
 * In front of Medusa's `POST /admin/draft-orders/:id/convert-to-order`: a draft order of a customer on
 * credit hold is not converted (a draft order is invoiced after the fact, an order on terms), unless the
 * admin overrides the hold with `credit_hold_override: { reason }`. The override is written into the
 * customer's history (who and why) before the conversion runs, so that the order's receivable shows it.
 */
export async function refuseDraftOrderOnCreditHold(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
    if (!dunning.getOptions().creditHold.enforce) {
      return next()
    }
    const parsed = CreditHoldOverride.safeParse(req.body ?? {})
    if (!parsed.success) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, describeIssues(parsed.error.issues))
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["id", "display_id", "customer_id"], filters: { id: req.params.id } })
    const order = data[0] as { id: string; display_id?: number | null; customer_id?: string | null } | undefined
    const hold = order?.customer_id ? await holdInForce(req.scope, order.customer_id) : null
    if (!order || !hold) {
      return next()
    }
    const override = parsed.data.credit_hold_override
    if (!override) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `credit_hold_override: the customer is on credit hold since ${new Date(hold.placed_at).toISOString().slice(0, 10)} (${hold.reason}); ` +
          "to convert this draft order anyway, send credit_hold_override: { reason }"
      )
    }
    await recordOverride(req, { order: { id: order.id, display_id: order.display_id ?? null, customer_id: order.customer_id! }, hold, reason: override.reason })
    return next()
  } catch (e) {
    return next(e)
  }
}

/** "Credit hold overridden" in the customer's history, once per draft order (a second request finds it). */
async function recordOverride(
  req: MedusaRequest,
  input: { order: { id: string; display_id: number | null; customer_id: string }; hold: Record<string, any>; reason: string }
) {
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const key = overrideEventKey(input.order.id)
  const [known] = await dunning.listCollectionEvents({ idempotency_key: key }, { select: ["id"], take: 1 })
  if (known) {
    return
  }
  const actor = actorOf(req)
  const order = input.order.display_id !== null ? `#${input.order.display_id}` : input.order.id
  await createCollectionEventsWorkflow(req.scope).run({
    input: {
      events: [
        {
          customer_id: input.order.customer_id,
          type: "credit_hold_overridden",
          note: `Credit hold overridden to convert draft order ${order}: ${input.reason}`,
          author_type: "user",
          author_id: actor.id,
          idempotency_key: key,
          metadata: { order_id: input.order.id, credit_hold_id: input.hold.id, reason: input.reason },
        },
      ],
    },
  })
}
