import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * The customer module owns customers and their groups; the dunning module's analytics receive a group as
 * the ids of its members, and customers' names are added to the answers here.
 */
export async function groupMemberIds(scope: MedusaContainer, customerGroupId: string): Promise<string[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer_group",
    fields: ["id", "customers.id"],
    filters: { id: customerGroupId },
  })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `customer_group_id: no customer group '${customerGroupId}'`)
  }
  return ((data[0] as any).customers ?? []).filter(Boolean).map((c: { id: string }) => c.id)
}

/** Names of customer groups by id. */
export async function groupNames(scope: MedusaContainer, groupIds: string[]): Promise<Map<string, string>> {
  if (!groupIds.length) {
    return new Map()
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer_group",
    fields: ["id", "name"],
    filters: { id: [...new Set(groupIds)] },
  })
  return new Map(data.map((g: any) => [g.id, g.name]))
}

export type CustomerIdentity = {
  customer_name: string | null
  company_name: string | null
  email: string | null
}

export async function customerIdentities(
  scope: MedusaContainer,
  customerIds: string[]
): Promise<Map<string, CustomerIdentity>> {
  if (!customerIds.length) {
    return new Map()
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name", "company_name", "email"],
    filters: { id: [...new Set(customerIds)] },
  })
  return new Map(
    (data as any[]).map((c) => [
      c.id,
      {
        customer_name: [c.first_name, c.last_name].filter(Boolean).join(" ") || null,
        company_name: c.company_name ?? null,
        email: c.email ?? null,
      },
    ])
  )
}

export async function customerExists(scope: MedusaContainer, customerId: string): Promise<boolean> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: customerId } })
  return data.length > 0
}
