import { defineMiddlewares } from "@medusajs/framework/http"
import { EmptyBody, NoParams, SelectParams } from "./admin/dunning/common-validators"
import {
  AdminCreateCollectionEvent,
  AdminGetCollectionEventsParams,
  AdminUpdateCollectionEvent,
  collectionEventQueryConfig,
} from "./admin/dunning/events/validators"
import {
  AdminCreatePolicy,
  AdminGetNoticesParams,
  AdminGetPoliciesParams,
  AdminGetRunsParams,
  AdminPlaceHold,
  AdminReleaseHold,
  AdminRetryNotice,
  AdminStartRun,
  AdminUpdatePolicy,
  noticeQueryConfig,
  runQueryConfig,
} from "./admin/dunning/policies/validators"
import {
  AdminGetGroupTermsParams,
  AdminSetGroupTerms,
  AdminUpsertCollectionProfile,
} from "./admin/dunning/profiles/validators"
import { adminReceivableQueryConfig } from "./admin/dunning/receivables/query-config"
import {
  AdminBatchReceivables,
  AdminCreateOrderReceivable,
  AdminCreateReceivable,
  AdminCreateReceivablePayment,
  AdminGetReceivableParams,
  AdminGetReceivablesParams,
  AdminUpdateReceivable,
} from "./admin/dunning/receivables/validators"
import { AdminPreviewTemplates } from "./admin/dunning/templates/validators"
import { AdminGetCustomerRiskParams } from "./admin/customers/[id]/risk/validators"
import { AdminGetStatementParams } from "./admin/customers/[id]/statement.pdf/validators"
import { AdminGetFollowUpsParams } from "./admin/dunning/follow-ups/validators"
import { AdminGetOverdueParams } from "./admin/dunning/overdue/validators"
import {
  AdminGetAgingParams,
  AdminGetCollectionSummaryParams,
  AdminGetKpisParams,
} from "./admin/dunning/kpis/validators"
import { creditHoldMiddlewares } from "./credit-hold-middlewares"
import { selfServiceMiddlewares } from "./self-service-middlewares"
import { validateBody, validateQuery } from "./validation"

const ONE = { isList: false, defaults: [] as string[] }
const noQuery = validateQuery(NoParams, ONE)

/**
 * Every route validates its query, and every route that takes a body its body, with strict zod schemas
 * before a handler sees them: a route that takes no parameters refuses any, a DELETE refuses a body.
 */
export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/dunning/receivables",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetReceivablesParams, adminReceivableQueryConfig.list)],
    },
    {
      matcher: "/admin/dunning/receivables",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateReceivable),
        validateQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    {
      matcher: "/admin/dunning/receivables/batch",
      methods: ["POST"],
      // 1,000 rows of an ERP export run to a few hundred kilobytes
      bodyParser: { sizeLimit: "5mb" },
      middlewares: [validateBody(AdminBatchReceivables), noQuery],
    },
    {
      matcher: "/admin/dunning/receivables/:id",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/receivables/:id",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminUpdateReceivable),
        validateQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    {
      matcher: "/admin/dunning/receivables/:id/payments",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateReceivablePayment),
        validateQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    { matcher: "/admin/dunning/receivables/:id/document", methods: ["GET"], middlewares: [noQuery] },
    { matcher: "/admin/orders/:id/dunning-receivable", methods: ["GET"], middlewares: [noQuery] },
    {
      matcher: "/admin/orders/:id/dunning-receivable",
      methods: ["POST"],
      middlewares: [validateBody(AdminCreateOrderReceivable), noQuery],
    },
    {
      matcher: "/admin/dunning/profiles/:customer_id",
      methods: ["GET"],
      middlewares: [validateQuery(SelectParams, ONE)],
    },
    {
      matcher: "/admin/dunning/profiles/:customer_id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpsertCollectionProfile), noQuery],
    },
    {
      matcher: "/admin/dunning/group-terms",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetGroupTermsParams, ONE)],
    },
    {
      matcher: "/admin/dunning/group-terms/:customer_group_id",
      methods: ["POST"],
      middlewares: [validateBody(AdminSetGroupTerms), noQuery],
    },
    {
      matcher: "/admin/dunning/group-terms/:customer_group_id",
      methods: ["DELETE"],
      middlewares: [validateBody(EmptyBody), noQuery],
    },
    {
      matcher: "/admin/customers/:id/collection-events",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetCollectionEventsParams, collectionEventQueryConfig.list)],
    },
    {
      matcher: "/admin/customers/:id/collection-events",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateCollectionEvent),
        validateQuery(SelectParams, collectionEventQueryConfig.retrieve),
      ],
    },
    { matcher: "/admin/dunning/policies", methods: ["GET"], middlewares: [validateQuery(AdminGetPoliciesParams, ONE)] },
    { matcher: "/admin/dunning/policies", methods: ["POST"], middlewares: [validateBody(AdminCreatePolicy), noQuery] },
    { matcher: "/admin/dunning/policies/:id", methods: ["GET"], middlewares: [noQuery] },
    { matcher: "/admin/dunning/policies/:id", methods: ["POST"], middlewares: [validateBody(AdminUpdatePolicy), noQuery] },
    { matcher: "/admin/dunning/policies/:id", methods: ["DELETE"], middlewares: [validateBody(EmptyBody), noQuery] },
    {
      matcher: "/admin/dunning/runs",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetRunsParams, runQueryConfig.list)],
    },
    { matcher: "/admin/dunning/runs", methods: ["POST"], middlewares: [validateBody(AdminStartRun), noQuery] },
    {
      matcher: "/admin/dunning/runs/:id",
      methods: ["GET"],
      middlewares: [validateQuery(SelectParams, runQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/notices",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetNoticesParams, noticeQueryConfig.list)],
    },
    {
      matcher: "/admin/dunning/notices/:id",
      methods: ["GET"],
      middlewares: [validateQuery(SelectParams, noticeQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/notices/:id/retry",
      methods: ["POST"],
      middlewares: [validateBody(AdminRetryNotice), validateQuery(SelectParams, noticeQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/follow-ups",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetFollowUpsParams, { isList: true, defaults: [] })],
    },
    {
      matcher: "/admin/dunning/overdue",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetOverdueParams, { isList: true, defaults: [] })],
    },
    {
      matcher: "/admin/dunning/aging",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetAgingParams, ONE)],
    },
    {
      matcher: "/admin/dunning/kpis",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetKpisParams, ONE)],
    },
    {
      matcher: "/admin/customers/:id/statement.pdf",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetStatementParams, ONE)],
    },
    {
      matcher: "/admin/customers/:id/collection-summary",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetCollectionSummaryParams, ONE)],
    },
    {
      matcher: "/admin/customers/:id/risk",
      methods: ["GET"],
      middlewares: [validateQuery(AdminGetCustomerRiskParams, { isList: true, defaults: [] })],
    },
    { matcher: "/admin/dunning/holds", methods: ["POST"], middlewares: [validateBody(AdminPlaceHold), noQuery] },
    { matcher: "/admin/dunning/holds/release", methods: ["POST"], middlewares: [validateBody(AdminReleaseHold), noQuery] },
    {
      matcher: "/admin/dunning/templates/preview",
      methods: ["POST"],
      middlewares: [validateBody(AdminPreviewTemplates), noQuery],
    },
    { matcher: "/admin/dunning/templates/variables", methods: ["GET"], middlewares: [noQuery] },
    {
      matcher: "/admin/dunning/events/:id",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminUpdateCollectionEvent),
        validateQuery(SelectParams, collectionEventQueryConfig.retrieve),
      ],
    },
    ...selfServiceMiddlewares,
    ...creditHoldMiddlewares,
  ],
})
