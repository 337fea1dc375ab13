import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { customerScopes, queryKeys } from "../../lib/query-keys"
import type { CollectionLinks, SelfServiceSettings } from "../../lib/types"

/** The customer's collection page: whether it is on, and one customer's links to it. */

export function useSelfServiceSettings() {
  return useQuery({
    queryKey: queryKeys.selfService.detail("settings"),
    queryFn: () => sdk.client.fetch<{ self_service: SelfServiceSettings }>(`/admin/dunning/self-service`),
    staleTime: 5 * 60_000,
  })
}

export function useCollectionLinks(customerId: string) {
  return useQuery({
    queryKey: queryKeys.links.detail(customerId),
    queryFn: () => sdk.client.fetch<{ collection_links: CollectionLinks }>(`/admin/customers/${customerId}/collection-links`),
  })
}

/** Revokes every link sent to the customer so far; the history and the links' state change with it. */
export function useRevokeCollectionLinks(customerId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ collection_links: CollectionLinks }>(`/admin/customers/${customerId}/collection-links/revoke`, { method: "POST", body: {} }),
    onSuccess: async () => {
      await Promise.all(customerScopes.map((queryKey) => client.invalidateQueries({ queryKey })))
    },
  })
}
