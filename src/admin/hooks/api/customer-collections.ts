import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { customerScopes, queryKeys } from "../../lib/query-keys"
import type { CollectionEvent, CollectionProfile, CollectionSummary, Notice, Receivable, RunResult } from "../../lib/types"

/** Reads and actions of one customer's collections: summary, history, open invoices, profile. */

export function useCollectionSummary(customerId: string) {
  return useQuery({
    queryKey: queryKeys.summary.detail(customerId),
    queryFn: () =>
      sdk.client.fetch<{ collection_summary: CollectionSummary }>(`/admin/customers/${customerId}/collection-summary`),
  })
}

export function useCollectionEvents(customerId: string, params: { limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.events.list({ customerId, ...params }),
    queryFn: () =>
      sdk.client.fetch<{ collection_events: CollectionEvent[]; count: number }>(
        `/admin/customers/${customerId}/collection-events`,
        { query: { ...params, order: "-occurred_at" } }
      ),
  })
}

export function useReceivables(params: Record<string, unknown>, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.receivables.list(params),
    queryFn: () =>
      sdk.client.fetch<{ receivables: Receivable[]; count: number }>(`/admin/dunning/receivables`, { query: params }),
    enabled: options.enabled,
  })
}

export function useNotice(id: string | null) {
  return useQuery({
    queryKey: queryKeys.notices.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<{ notice: Notice }>(`/admin/dunning/notices/${id}`),
    enabled: !!id,
  })
}

export function useCollectionProfile(customerId: string) {
  return useQuery({
    queryKey: queryKeys.profiles.detail(customerId),
    queryFn: () => sdk.client.fetch<{ collection_profile: CollectionProfile | null }>(`/admin/dunning/profiles/${customerId}`),
  })
}

export function useAdminUsers() {
  return useQuery({
    queryKey: queryKeys.users.list(),
    queryFn: () => sdk.admin.user.list({ limit: 200, fields: "id,email,first_name,last_name" }),
    staleTime: 5 * 60_000,
  })
}

/** Invalidates everything one customer's change can reach: summary, history, lists and KPIs. */
export function useCustomerMutation<TBody, TResult>(request: (body: TBody) => Promise<TResult>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await Promise.all(customerScopes.map((queryKey) => client.invalidateQueries({ queryKey })))
    },
  })
}

export type NewCollectionEvent =
  | { type: "call_logged"; outcome: string; note?: string; receivable_ids?: string[]; follow_up?: boolean; assigned_to?: string | null; follow_up_due_at?: string | null }
  | { type: "note"; note: string }
  | { type: "promise_to_pay"; promised_date: string; promised_amount?: number; promised_currency_code?: string; note?: string; receivable_ids?: string[] }
  | { type: "dispute_opened"; receivable_ids: string[]; note: string }
  | { type: "dispute_resolved"; receivable_ids: string[]; note?: string }

export function useRecordCollectionEvent(customerId: string) {
  return useCustomerMutation((body: NewCollectionEvent) =>
    sdk.client.fetch<{ collection_event: CollectionEvent }>(`/admin/customers/${customerId}/collection-events`, {
      method: "POST",
      body,
    })
  )
}

export function useUpdateFollowUp() {
  return useCustomerMutation((input: { id: string; follow_up_status?: "open" | "done"; assigned_to?: string | null }) => {
    const { id, ...body } = input
    return sdk.client.fetch<{ collection_event: CollectionEvent }>(`/admin/dunning/events/${id}`, { method: "POST", body })
  })
}

export function usePlaceHold(customerId: string) {
  return useCustomerMutation((body: { reason: string; until: string; receivable_ids?: string[] }) =>
    sdk.client.fetch(`/admin/dunning/holds`, { method: "POST", body: { customer_id: customerId, ...body } })
  )
}

export function useReleaseHold(customerId: string) {
  return useCustomerMutation((body: { note?: string }) =>
    sdk.client.fetch(`/admin/dunning/holds/release`, { method: "POST", body: { customer_id: customerId, ...body } })
  )
}

/** The customer's next reminder now, through the dunning run itself (one per customer, stage and day). */
export function useSendNextReminder(customerId: string) {
  return useCustomerMutation(() =>
    sdk.client.fetch<RunResult>(`/admin/dunning/runs`, { method: "POST", body: { customer_id: customerId } })
  )
}

export function useSaveCollectionProfile(customerId: string) {
  return useCustomerMutation((body: Partial<Omit<CollectionProfile, "customer_id">>) =>
    sdk.client.fetch<{ collection_profile: CollectionProfile }>(`/admin/dunning/profiles/${customerId}`, {
      method: "POST",
      body,
    })
  )
}

export function useRetryNotice() {
  return useCustomerMutation((id: string) => sdk.client.fetch(`/admin/dunning/notices/${id}/retry`, { method: "POST", body: {} }))
}
