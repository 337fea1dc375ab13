import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TEMPLATE_LIMITS, TEMPLATE_VARIABLES } from "../../../../../modules/dunning/templates"

/** What a template may use (variables, helpers, the invoice table), for the admin's template editor. */
export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ variables: TEMPLATE_VARIABLES, limits: TEMPLATE_LIMITS })
}
