import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { queryKeys } from "../../lib/query-keys"
import type { CustomerRisk } from "../../lib/types"

/** A customer's risk score, its latest changes of band and the channel that worked. */
export function useCustomerRisk(customerId: string) {
  return useQuery({
    // under the summary's scope: whatever changes the summary can change the score
    queryKey: queryKeys.summary.detail(customerId, { risk: true }),
    queryFn: () => sdk.client.fetch<CustomerRisk>(`/admin/customers/${customerId}/risk`, { query: { limit: 5 } }),
  })
}
