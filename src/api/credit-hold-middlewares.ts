import type { MiddlewareRoute } from "@medusajs/framework/http"
import { NoParams } from "./admin/dunning/common-validators"
import { AdminPlaceCreditHold, AdminReleaseCreditHold } from "./admin/customers/[id]/credit-hold/validators"
import { refuseCheckoutOnCreditHold } from "./credit-hold/checkout-guard"
import { refuseDraftOrderOnCreditHold } from "./credit-hold/draft-order-guard"
import { validateBody, validateQuery } from "./validation"

const noQuery = validateQuery(NoParams, { isList: false, defaults: [] })

/**
 * Credit holds: the checks in front of Medusa's own routes (the store's checkout, the admin's draft-order
 * conversion), the admin's routes to read, place and release a hold, and the storefront's credit status.
 */
export const creditHoldMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts/:id/complete", methods: ["POST"], middlewares: [refuseCheckoutOnCreditHold] },
  { matcher: "/admin/draft-orders/:id/convert-to-order", methods: ["POST"], middlewares: [refuseDraftOrderOnCreditHold] },
  { matcher: "/admin/customers/:id/credit-hold", methods: ["GET"], middlewares: [noQuery] },
  { matcher: "/admin/customers/:id/credit-hold", methods: ["POST"], middlewares: [validateBody(AdminPlaceCreditHold), noQuery] },
  { matcher: "/admin/customers/:id/credit-hold/release", methods: ["POST"], middlewares: [validateBody(AdminReleaseCreditHold), noQuery] },
  { matcher: "/store/dunning/credit-status", methods: ["GET"], middlewares: [noQuery] },
]
