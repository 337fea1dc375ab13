import type { MedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import type DunningModuleService from "../../../modules/dunning/service"

/**
 * The moment a request acts at: the wall clock, or the `now` the caller passed when the merchant turned
 * on `allowTimeTravel` (demos and tests travel through weeks of collections this way).
 */
export function requestNow(req: MedusaRequest, requested?: Date | null): Date {
  if (!requested) {
    return new Date()
  }
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  if (!dunning.getOptions().allowTimeTravel) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "now: only accepted when the plugin option allowTimeTravel is true"
    )
  }
  return requested
}

/** The admin user making the request, for the author of events and the one who closes a follow-up. */
export function actorOf(req: MedusaRequest): { type: "user"; id: string | null } {
  const auth = (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context
  return { type: "user", id: auth?.actor_id ?? null }
}
