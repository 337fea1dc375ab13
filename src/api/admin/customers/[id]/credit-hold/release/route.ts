import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { changeCreditHoldByHandWorkflow } from "../../../../../../workflows/credit-holds/workflows/change-credit-hold-by-hand"
import { presentWaiver, waiverOf } from "../../../../../credit-hold/presenter"
import { assertFound } from "../../../../dunning/not-found"
import { actorOf, requestNow } from "../../../../dunning/time-travel"
import type { AdminReleaseCreditHoldType } from "../validators"

/**
 * Releases the customer's credit hold by hand, with a reason, whatever placed it; the policy's rules then
 * place no new hold until the customer is clear of them once, or until `waive_until`. 400 when the customer
 * is not on credit hold.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminReleaseCreditHoldType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const now = requestNow(req, body.now)
  if (body.waive_until && body.waive_until.getTime() <= now.getTime()) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "waive_until: must be in the future")
  }
  await assertFound(req.scope, "customer", req.params.id)
  const { result } = await changeCreditHoldByHandWorkflow(req.scope).run({
    input: { kind: "release", customer_id: req.params.id, reason: body.reason, user_id: actorOf(req).id, now, waive_until: body.waive_until ?? null },
  })
  const released = result.find((c) => c.change === "released")
  res.json({ credit_hold: null, waiver: presentWaiver(await waiverOf(req.scope, req.params.id)), collection_event_id: released?.event_id ?? null })
}
