import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeCreditHoldByHandWorkflow } from "../../../../../workflows/credit-holds/workflows/change-credit-hold-by-hand"
import { holdInForce, presentCreditHold, presentWaiver, waiverOf } from "../../../../credit-hold/presenter"
import { assertFound } from "../../../dunning/not-found"
import { actorOf, requestNow } from "../../../dunning/time-travel"
import type { AdminPlaceCreditHoldType } from "./validators"

/**
 * The customer's credit hold in force (null: none), with what placed it, since when and what paying would
 * lift it, and the waiver of a hold released by hand, if one keeps the rules from placing another.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertFound(req.scope, "customer", req.params.id)
  const [hold, waiver] = await Promise.all([holdInForce(req.scope, req.params.id), waiverOf(req.scope, req.params.id)])
  res.json({ credit_hold: presentCreditHold(hold), waiver: hold ? null : presentWaiver(waiver) })
}

/**
 * Places a credit hold on the customer by hand, with a reason: it lifts only when released by hand, and an
 * automatic hold in force gives way to it. 400 when the customer already has a hold placed by hand.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPlaceCreditHoldType>, res: MedusaResponse) => {
  const now = requestNow(req, req.validatedBody.now)
  await assertFound(req.scope, "customer", req.params.id)
  const { result } = await changeCreditHoldByHandWorkflow(req.scope).run({
    input: { kind: "place", customer_id: req.params.id, reason: req.validatedBody.reason, user_id: actorOf(req).id, now },
  })
  const placed = result.find((c) => c.change === "placed")
  res.status(201).json({ credit_hold: presentCreditHold(await holdInForce(req.scope, req.params.id)), collection_event_id: placed?.event_id ?? null })
}
