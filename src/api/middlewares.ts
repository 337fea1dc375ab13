import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { createSelectParams } from "@medusajs/medusa/api/utils/validators"
import {
  AdminCreateCollectionEvent,
  AdminGetCollectionEventsParams,
  AdminUpdateCollectionEvent,
  collectionEventQueryConfig,
} from "./admin/dunning/events/validators"
import {
  AdminCreatePolicy,
  AdminGetNoticesParams,
  AdminGetRunsParams,
  AdminPlaceHold,
  AdminReleaseHold,
  AdminRetryNotice,
  AdminStartRun,
  AdminUpdatePolicy,
  noticeQueryConfig,
  runQueryConfig,
} from "./admin/dunning/policies/validators"
import { AdminSetGroupTerms, AdminUpsertCollectionProfile } from "./admin/dunning/profiles/validators"
import { adminReceivableQueryConfig } from "./admin/dunning/receivables/query-config"
import {
  AdminBatchReceivables,
  AdminCreateReceivable,
  AdminCreateReceivablePayment,
  AdminGetReceivableParams,
  AdminGetReceivablesParams,
  AdminUpdateReceivable,
} from "./admin/dunning/receivables/validators"
import { AdminPreviewTemplates } from "./admin/dunning/templates/validators"
import { AdminGetFollowUpsParams } from "./admin/dunning/follow-ups/validators"
import { AdminGetOverdueParams } from "./admin/dunning/overdue/validators"
import {
  AdminGetAgingParams,
  AdminGetCollectionSummaryParams,
  AdminGetKpisParams,
} from "./admin/dunning/kpis/validators"
import { validateBody } from "./validation"

const SelectParams = createSelectParams()

/** Every route validates its query and body with strict zod schemas before a handler sees them. */
export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/dunning/receivables",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetReceivablesParams, adminReceivableQueryConfig.list)],
    },
    {
      matcher: "/admin/dunning/receivables",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateReceivable),
        validateAndTransformQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    {
      matcher: "/admin/dunning/receivables/batch",
      methods: ["POST"],
      // 1,000 rows of an ERP export run to a few hundred kilobytes
      bodyParser: { sizeLimit: "5mb" },
      middlewares: [validateBody(AdminBatchReceivables)],
    },
    {
      matcher: "/admin/dunning/receivables/:id",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/receivables/:id",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminUpdateReceivable),
        validateAndTransformQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    {
      matcher: "/admin/dunning/receivables/:id/payments",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateReceivablePayment),
        validateAndTransformQuery(AdminGetReceivableParams, adminReceivableQueryConfig.retrieve),
      ],
    },
    {
      matcher: "/admin/dunning/profiles/:customer_id",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(SelectParams, { isList: false })],
    },
    {
      matcher: "/admin/dunning/profiles/:customer_id",
      methods: ["POST"],
      middlewares: [validateBody(AdminUpsertCollectionProfile)],
    },
    {
      matcher: "/admin/dunning/group-terms/:customer_group_id",
      methods: ["POST"],
      middlewares: [validateBody(AdminSetGroupTerms)],
    },
    {
      matcher: "/admin/customers/:id/collection-events",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetCollectionEventsParams, collectionEventQueryConfig.list)],
    },
    {
      matcher: "/admin/customers/:id/collection-events",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminCreateCollectionEvent),
        validateAndTransformQuery(SelectParams, collectionEventQueryConfig.retrieve),
      ],
    },
    { matcher: "/admin/dunning/policies", methods: ["POST"], middlewares: [validateBody(AdminCreatePolicy)] },
    { matcher: "/admin/dunning/policies/:id", methods: ["POST"], middlewares: [validateBody(AdminUpdatePolicy)] },
    {
      matcher: "/admin/dunning/runs",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetRunsParams, runQueryConfig.list)],
    },
    { matcher: "/admin/dunning/runs", methods: ["POST"], middlewares: [validateBody(AdminStartRun)] },
    {
      matcher: "/admin/dunning/runs/:id",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(SelectParams, runQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/notices",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetNoticesParams, noticeQueryConfig.list)],
    },
    {
      matcher: "/admin/dunning/notices/:id",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(SelectParams, noticeQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/notices/:id/retry",
      methods: ["POST"],
      middlewares: [validateBody(AdminRetryNotice), validateAndTransformQuery(SelectParams, noticeQueryConfig.retrieve)],
    },
    {
      matcher: "/admin/dunning/follow-ups",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetFollowUpsParams, { isList: true, defaults: [] })],
    },
    {
      matcher: "/admin/dunning/overdue",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetOverdueParams, { isList: true, defaults: [] })],
    },
    {
      matcher: "/admin/dunning/aging",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetAgingParams, { isList: false, defaults: [] })],
    },
    {
      matcher: "/admin/dunning/kpis",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetKpisParams, { isList: false, defaults: [] })],
    },
    {
      matcher: "/admin/customers/:id/collection-summary",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetCollectionSummaryParams, { isList: false, defaults: [] })],
    },
    { matcher: "/admin/dunning/holds", methods: ["POST"], middlewares: [validateBody(AdminPlaceHold)] },
    { matcher: "/admin/dunning/templates/preview", methods: ["POST"], middlewares: [validateBody(AdminPreviewTemplates)] },
    { matcher: "/admin/dunning/holds/release", methods: ["POST"], middlewares: [validateBody(AdminReleaseHold)] },
    {
      matcher: "/admin/dunning/events/:id",
      methods: ["POST"],
      middlewares: [
        validateBody(AdminUpdateCollectionEvent),
        validateAndTransformQuery(SelectParams, collectionEventQueryConfig.retrieve),
      ],
    },
  ],
})
