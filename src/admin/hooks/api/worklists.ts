import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect } from "react"
import { sdk } from "../../lib/sdk"
import { customerScopes, queryKeys } from "../../lib/query-keys"
import type { Aging, FollowUp, Kpis, OverdueReceivable, Run, RunResult } from "../../lib/types"

/** The store-wide lists of the Collections page: call list, overdue invoices, runs and KPIs. */

/** How often a running run is read again while the page follows it. */
const RUN_POLL_MS = 1000

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

/** The run history; read again while a run on the page is still running, so its progress shows. */
export function useRuns(params: { limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.runs.list(params),
    queryFn: () => sdk.client.fetch<{ runs: Run[]; count: number }>(`/admin/dunning/runs`, { query: { ...params, order: "-started_at" } }),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => r.status === "running") ? RUN_POLL_MS * 3 : false),
  })
}

/** A dry run answers in the request, so it looks at a bounded number of customers and says when it stopped. */
export type RunPreview = RunResult & { truncated: boolean; customer_limit: number }

/** A dry run: who would get which notice now, and how many were skipped for which reason. */
export function useRunPreview(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.runs.detail("preview"),
    queryFn: () => sdk.client.fetch<RunPreview>(`/admin/dunning/runs`, { method: "POST", body: { dry_run: true } }),
    enabled,
  })
}

/**
 * Starts a run of the whole store. The server answers at once with the run, which goes on in the
 * background (a run already in progress is refused, naming it); follow it with `useRun`.
 */
export function useRunNow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<{ run: Run }>(`/admin/dunning/runs`, { method: "POST", body: {} }),
    onSuccess: async ({ run }) => {
      client.setQueryData(queryKeys.runs.detail(run.id), { run })
      await client.invalidateQueries({ queryKey: queryKeys.runs.list() })
    },
  })
}

/**
 * One run, read again every second while it is running; once it has ended, everything a run can change
 * (notices, follow-ups, balances, the run history) is read afresh.
 */
export function useRun(runId: string | null) {
  const client = useQueryClient()
  const query = useQuery({
    queryKey: queryKeys.runs.detail(runId ?? ""),
    queryFn: () => sdk.client.fetch<{ run: Run }>(`/admin/dunning/runs/${runId}`),
    enabled: !!runId,
    refetchInterval: (query) => (query.state.data?.run.status === "running" ? RUN_POLL_MS : false),
  })
  const status = query.data?.run.status
  useEffect(() => {
    if (status && status !== "running") {
      // (not the run itself: it has ended and would only be read again)
      const scopes = customerScopes.filter((queryKey) => queryKey !== queryKeys.runs.all)
      void Promise.all([...scopes, queryKeys.runs.list()].map((queryKey) => client.invalidateQueries({ queryKey })))
    }
  }, [client, status])
  return query
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
