import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DUNNING_MODULE } from "../../../../modules/dunning"
import type DunningModuleService from "../../../../modules/dunning/service"
import { customerIdentities, groupMemberIds, groupNames } from "../kpis/customers"
import type { AdminGetAgingParamsType } from "../kpis/validators"
import { requestNow } from "../time-travel"

/**
 * Receivables aging: open balances per currency in buckets of days overdue (UTC calendar days after the
 * due date; "current" = not yet overdue), and the customers with the largest overdue balance. With
 * `by=customer_group`, also the same balances per customer group (`groups`; a customer in two groups
 * counts in both, customers in no group come last with `customer_group_id: null`).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const q = req.validatedQuery as unknown as AdminGetAgingParamsType
  const now = requestNow(req, q.now)
  const dunning = req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
  const aging = await dunning.getAging({
    now,
    bucket_bounds: q.buckets,
    top: q.top,
    currency_code: q.currency_code,
    customer_id: q.customer_id,
    customer_ids: q.customer_group_id ? await groupMemberIds(req.scope, q.customer_group_id) : undefined,
    by_group: q.by === "customer_group",
  })
  const names = aging.groups
    ? await groupNames(req.scope, aging.groups.flatMap((g) => (g.customer_group_id ? [g.customer_group_id] : [])))
    : new Map<string, string>()
  const identities = await customerIdentities(
    req.scope,
    aging.currencies.flatMap((c) => c.top_customers.map((t) => t.customer_id))
  )
  res.json({
    aging: {
      ...aging,
      currencies: aging.currencies.map((c) => ({
        ...c,
        top_customers: c.top_customers.map((t) => ({
          customer_id: t.customer_id,
          customer_name: identities.get(t.customer_id)?.customer_name ?? null,
          company_name: identities.get(t.customer_id)?.company_name ?? null,
          email: identities.get(t.customer_id)?.email ?? null,
          overdue_amount: t.overdue_amount,
          oldest_days_overdue: t.oldest_days_overdue,
          receivable_count: t.receivable_count,
        })),
      })),
      ...(aging.groups
        ? {
            groups: aging.groups.map((g) => ({
              customer_group_id: g.customer_group_id,
              name: g.customer_group_id ? names.get(g.customer_group_id) ?? null : null,
              currencies: g.currencies,
            })),
          }
        : {}),
    },
  })
}
