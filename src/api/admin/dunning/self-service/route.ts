import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"

/**
 * Whether the customer's collection page is on, where its links point, how long they work, how far
 * ahead a promise may go and how customers pay there (providers, or the store's pay links). Never the secret.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ self_service: req.scope.resolve<DunningModuleService>(DUNNING_MODULE).selfServiceSettings() })
}
