import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RECEIVABLE_STATUSES } from "../../validators"
import { customerOf, dunningOf, presentReceivable } from "../../presenter"

/** One receivable of the logged-in customer; another customer's (or none) answers 404 alike. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = customerOf(req)
  const dunning = dunningOf(req)
  const { rows } = await dunning.listCustomerReceivables({
    customer_id: customerId,
    statuses: [...RECEIVABLE_STATUSES],
    ids: [req.params.id],
    limit: 1,
    offset: 0,
  })
  if (!rows[0]) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Receivable '${req.params.id.slice(0, 100)}' was not found`)
  }
  res.json({ receivable: presentReceivable(rows[0], new Date(), dunning.selfServiceSettings().payment_providers.length > 0) })
}
