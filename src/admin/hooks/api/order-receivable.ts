import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { customerScopes, queryKeys } from "../../lib/query-keys"
import type { OrderReceivableProposal, Receivable } from "../../lib/types"

/** An order's receivable, or how the order would be invoiced while it has none; and invoicing it by hand. */

export function useOrderReceivable(orderId: string) {
  return useQuery({
    queryKey: queryKeys.orderReceivables.detail(orderId),
    queryFn: () =>
      sdk.client.fetch<{ receivable: Receivable | null; proposal: OrderReceivableProposal | null }>(
        `/admin/orders/${orderId}/dunning-receivable`
      ),
  })
}

export function useInvoiceOrder(orderId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<{ receivable: Receivable }>(`/admin/orders/${orderId}/dunning-receivable`, { method: "POST", body: {} }),
    onSuccess: async () => {
      await Promise.all(customerScopes.map((queryKey) => client.invalidateQueries({ queryKey })))
    },
  })
}
