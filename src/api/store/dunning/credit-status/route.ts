import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { messageLanguage } from "../../../credit-hold/messages"
import { holdInForce, presentCreditStatus } from "../../../credit-hold/presenter"
import { customerOf, dunningOf } from "../presenter"

/**
 * Whether the logged-in customer is on credit hold, since when, the message the store shows, and what to
 * pay to lift it, so that a storefront can warn before checkout. Only ever the customer's own.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const [hold, [profile]] = await Promise.all([holdInForce(req.scope, customerId), dunningOf(req).profilesOf([customerId])])
  const language = messageLanguage(dunningOf(req).getOptions().defaultLanguage, (req as AuthenticatedMedusaRequest & { locale?: string }).locale, profile?.preferred_language)
  res.json({ credit_status: presentCreditStatus(hold, language) })
}
