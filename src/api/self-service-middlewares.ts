import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import { EmptyBody, NoParams } from "./admin/dunning/common-validators"
import { AdminRevokeCollectionLinks } from "./admin/dunning/self-service/validators"
import { StoreCreateDispute, StoreCreatePromise, StoreGetReceivablesParams } from "./store/dunning/validators"
import { validateBody, validateQuery } from "./validation"

const noQuery = validateQuery(NoParams, { isList: false, defaults: [] })
// the page's forms are a few fields: a larger body is refused before it is parsed
const FORM_BODY = { sizeLimit: "16kb" }

/**
 * The customer's side: the collection page's forms (small bodies; the page checks its own credential),
 * the storefront routes (Medusa's customer authentication, on top of the publishable key every /store
 * route needs; strict zod), and the admin's view of the links and the page's settings.
 */
export const selfServiceMiddlewares: MiddlewareRoute[] = [
  { matcher: "/dunning/c/:token/promise", methods: ["POST"], bodyParser: FORM_BODY, middlewares: [] },
  { matcher: "/dunning/c/:token/dispute", methods: ["POST"], bodyParser: FORM_BODY, middlewares: [] },
  { matcher: "/dunning/c/:token/pay", methods: ["POST"], bodyParser: FORM_BODY, middlewares: [] },
  { matcher: "/store/dunning/*", middlewares: [authenticate("customer", ["session", "bearer"])] },
  {
    matcher: "/store/dunning/receivables",
    methods: ["GET"],
    middlewares: [validateQuery(StoreGetReceivablesParams, { isList: true, defaults: [] })],
  },
  { matcher: "/store/dunning/receivables/:id", methods: ["GET"], middlewares: [noQuery] },
  { matcher: "/store/dunning/receivables/:id/payment-collection", methods: ["POST"], middlewares: [validateBody(EmptyBody), noQuery] },
  { matcher: "/store/dunning/promises", methods: ["POST"], middlewares: [validateBody(StoreCreatePromise), noQuery] },
  { matcher: "/store/dunning/disputes", methods: ["POST"], middlewares: [validateBody(StoreCreateDispute), noQuery] },
  { matcher: "/admin/customers/:id/collection-links", methods: ["GET"], middlewares: [noQuery] },
  {
    matcher: "/admin/customers/:id/collection-links/revoke",
    methods: ["POST"],
    middlewares: [validateBody(AdminRevokeCollectionLinks), noQuery],
  },
  { matcher: "/admin/dunning/self-service", methods: ["GET"], middlewares: [noQuery] },
]
