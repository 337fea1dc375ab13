import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { customerScopes, queryKeys } from "../../lib/query-keys"
import type { Aging, FollowUp, Kpis, OverdueReceivable, Run, RunResult } from "../../lib/types"

/** The store-wide lists of the Collections page: call list, overdue invoices, runs and KPIs. */

export function useFollowUps(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.followUps.list(params),
    queryFn: () => sdk.client.fetch<{ follow_ups: FollowUp[]; count: number }>(`/admin/dunning/follow-ups`, { query: params }),
  })
}

export function useOverdue(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.overdue.list(params),
    queryFn: () =>
      sdk.client.fetch<{ receivables: OverdueReceivable[]; count: number }>(`/admin/dunning/overdue`, { query: params }),
  })
}

export function useRuns(params: { limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.runs.list(params),
    queryFn: () => sdk.client.fetch<{ runs: Run[]; count: number }>(`/admin/dunning/runs`, { query: { ...params, order: "-started_at" } }),
  })
}

/** A dry run: who would get which notice now, and how many were skipped for which reason. */
export function useRunPreview(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.runs.detail("preview"),
    queryFn: () => sdk.client.fetch<RunResult>(`/admin/dunning/runs`, { method: "POST", body: { dry_run: true } }),
    enabled,
  })
}

export function useRunNow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<RunResult>(`/admin/dunning/runs`, { method: "POST", body: {} }),
    onSuccess: async () => {
      await Promise.all(customerScopes.map((queryKey) => client.invalidateQueries({ queryKey })))
    },
  })
}

export function useKpis(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.kpis.list(params),
    queryFn: () => sdk.client.fetch<{ kpis: Kpis }>(`/admin/dunning/kpis`, { query: params }),
  })
}

export function useAging(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.aging.list(params),
    queryFn: () => sdk.client.fetch<{ aging: Aging }>(`/admin/dunning/aging`, { query: params }),
  })
}
