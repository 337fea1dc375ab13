import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import { refusesCheckout } from "../../modules/dunning/domain/credit-hold"
import type DunningModuleService from "../../modules/dunning/service"
import { creditHoldMessage, messageLanguage } from "./messages"
import { holdInForce } from "./presenter"

/** The `code` of the refusal, for a storefront that tells it apart from other errors. */
export const CREDIT_HOLD_ERROR_CODE = "credit_hold"

/**
 * In front of Medusa's `POST /store/carts/:id/complete`: a customer on credit hold cannot complete a cart
 * paid with a payment provider on terms (`terms.paymentProviders`), or any cart when the merchant blocks
 * every order (`creditHold.blockAllOrders`). The answer is a 400 whose message the storefront can show, in
 * the customer's language. A plugin middleware rather than a handler of `completeCartWorkflow.hooks.validate`:
 * a workflow hook takes one handler, and the merchant's app (the B2B starter's among them) may have its own.
 * Reads the cart's customer first and the payment only for a held customer, so that everyone else's checkout
 * costs two indexed reads. An unknown cart is left to Medusa's route to answer.
 */
export async function refuseCheckoutOnCreditHold(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
    const options = dunning.getOptions()
    if (!options.creditHold.enforce) {
      return next()
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "customer_id", "locale", "completed_at"], filters: { id: req.params.id } })
    const cart = carts[0] as { customer_id?: string | null; locale?: string | null; completed_at?: Date | null } | undefined
    if (!cart?.customer_id || cart.completed_at) {
      return next()
    }
    const hold = await holdInForce(req.scope, cart.customer_id)
    if (!hold || !refusesCheckout({ payment_provider_ids: await paymentProviders(req), terms_providers: options.terms.paymentProviders, block_all_orders: options.creditHold.blockAllOrders })) {
      return next()
    }
    const [profile] = await dunning.profilesOf([cart.customer_id])
    const language = messageLanguage(options.defaultLanguage, (req as MedusaRequest & { locale?: string }).locale, cart.locale, profile?.preferred_language)
    return next(new MedusaError(MedusaError.Types.NOT_ALLOWED, creditHoldMessage(hold.source, language), CREDIT_HOLD_ERROR_CODE))
  } catch (e) {
    return next(e)
  }
}

/** The providers of the cart's payment sessions: how the order would be paid. */
async function paymentProviders(req: MedusaRequest): Promise<string[]> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["id", "payment_collection.payment_sessions.provider_id"], filters: { id: req.params.id } })
  const sessions = ((data[0] as any)?.payment_collection?.payment_sessions ?? []) as Array<{ provider_id?: string } | null>
  return [...new Set(sessions.map((s) => s?.provider_id).filter((id): id is string => !!id))]
}
