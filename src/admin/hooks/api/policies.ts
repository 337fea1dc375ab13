import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { sdk } from "../../lib/sdk"
import { queryKeys } from "../../lib/query-keys"
import type { Policy, Preview } from "../../lib/types"

/** Dunning policies, their stages and templates, and the server-rendered preview. */

export function usePolicies() {
  return useQuery({
    queryKey: queryKeys.policies.list(),
    queryFn: () => sdk.client.fetch<{ policies: Policy[]; count: number }>(`/admin/dunning/policies`, { query: { limit: 100 } }),
  })
}

export function useSavePolicy() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Record<string, unknown> }) =>
      sdk.client.fetch<{ policy: Policy }>(id ? `/admin/dunning/policies/${id}` : `/admin/dunning/policies`, {
        method: "POST",
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.policies.all }),
  })
}

export function useDeletePolicy() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/dunning/policies/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.policies.all }),
  })
}

export type TemplateVariables = {
  variables: Array<{ name: string; description: string; example: string }>
  limits: Record<string, number>
}

export function useTemplateVariables() {
  return useQuery({
    queryKey: queryKeys.variables.list(),
    queryFn: () => sdk.client.fetch<TemplateVariables>(`/admin/dunning/templates/variables`),
    staleTime: Infinity,
  })
}

export type PreviewRequest = {
  subject_template: string
  body_html_template: string
  body_text_template: string | null
  customer_id?: string
  language?: string
}

/** Renders on the server exactly as the customer would receive it; template errors come back as problems. */
export async function fetchPreview(body: PreviewRequest): Promise<Preview> {
  return await sdk.client.fetch<Preview>(`/admin/dunning/templates/preview`, { method: "POST", body })
}

/**
 * The preview of templates being edited, rendered a moment after the last change. A failed render keeps the
 * last good preview and says what failed (`error.cause`, the server's message) until a render succeeds.
 */
export function useTemplatePreview(request: PreviewRequest) {
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<{ cause: unknown } | null>(null)
  const [loading, setLoading] = useState(false)
  useEffect(() => {
    let current = true
    setLoading(true)
    const timer = setTimeout(() => {
      fetchPreview(request)
        .then((result) => {
          if (!current) return
          setPreview(result)
          setError(null)
        })
        .catch((cause: unknown) => {
          if (!current) return
          setError({ cause })
        })
        .finally(() => current && setLoading(false))
    }, 350)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [request])
  return { preview, error, loading }
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ["dunning-customer-search", q],
    queryFn: () => sdk.admin.customer.list({ q: q || undefined, limit: 20, fields: "id,email,company_name,first_name,last_name" }),
    staleTime: 30_000,
  })
}

export function useCustomerGroups() {
  return useQuery({
    queryKey: queryKeys.groups.list(),
    queryFn: () => sdk.admin.customerGroup.list({ limit: 200, fields: "id,name" }),
    staleTime: 5 * 60_000,
  })
}
