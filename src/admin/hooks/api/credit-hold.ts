import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { queryKeys } from "../../lib/query-keys"
import type { CreditHold, CreditHoldWaiver } from "../../lib/types"
import { useCustomerMutation } from "./customer-collections"

/** A customer's credit hold: the one in force (or the waiver of one released by hand), placing one and releasing it. */

export function useCreditHold(customerId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.creditHolds.detail(customerId ?? ""),
    queryFn: () =>
      sdk.client.fetch<{ credit_hold: CreditHold | null; waiver: CreditHoldWaiver | null }>(`/admin/customers/${customerId}/credit-hold`),
    enabled: !!customerId,
  })
}

export function usePlaceCreditHold(customerId: string) {
  return useCustomerMutation((body: { reason: string }) =>
    sdk.client.fetch<{ credit_hold: CreditHold; collection_event_id: string | null }>(`/admin/customers/${customerId}/credit-hold`, {
      method: "POST",
      body,
    })
  )
}

/** `waive_until`: the policy's rules place no new hold before this date (left out: until the customer is clear of them once). */
export function useReleaseCreditHold(customerId: string) {
  return useCustomerMutation((body: { reason: string; waive_until?: string }) =>
    sdk.client.fetch<{ credit_hold: null; waiver: CreditHoldWaiver | null; collection_event_id: string | null }>(
      `/admin/customers/${customerId}/credit-hold/release`,
      { method: "POST", body }
    )
  )
}
