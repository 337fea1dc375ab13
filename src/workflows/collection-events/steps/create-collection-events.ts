import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { collectionEventTitle } from "../../../modules/dunning/domain/receivable-rules"
import type DunningModuleService from "../../../modules/dunning/service"

export const createCollectionEventsStepId = "dunning-create-collection-events"

export type NewCollectionEvent = {
  customer_id: string
  type: string
  title?: string
  note?: string | null
  outcome?: string | null
  receivable_ids?: string[]
  notice_id?: string | null
  author_type?: "user" | "system" | "customer"
  author_id?: string | null
  occurred_at?: Date | string
  follow_up_status?: "open" | "done" | null
  assigned_to?: string | null
  follow_up_due_at?: Date | string | null
  promised_amount?: string | number | null
  promised_currency_code?: string | null
  promised_date?: Date | string | null
  idempotency_key?: string | null
  metadata?: Record<string, unknown> | null
}

/**
 * Writes lines into customers' collection history after checking that each customer exists and that
 * the receivables an event names belong to that customer. Compensation deletes them again.
 */
export const createCollectionEventsStep = createStep(
  createCollectionEventsStepId,
  async (events: NewCollectionEvent[], { container }) => {
    const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)

    const customerIds = [...new Set(events.map((e) => e.customer_id))]
    const { data: customers } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: customerIds } })
    const known = new Set(customers.map((c: { id: string }) => c.id))
    const unknown = customerIds.filter((id) => !known.has(id))
    if (unknown.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer(s) not found: ${unknown.join(", ")}`)
    }

    const receivableIds = [...new Set(events.flatMap((e) => e.receivable_ids ?? []))]
    if (receivableIds.length) {
      const receivables = await dunning.listReceivables({ id: receivableIds }, { select: ["id", "customer_id"] })
      const ownerOf = new Map(receivables.map((r) => [r.id, r.customer_id]))
      for (const event of events) {
        for (const id of event.receivable_ids ?? []) {
          if (!ownerOf.has(id)) {
            throw new MedusaError(MedusaError.Types.INVALID_DATA, `receivable_ids: no receivable with id '${id}'`)
          }
          if (ownerOf.get(id) !== event.customer_id) {
            throw new MedusaError(
              MedusaError.Types.INVALID_DATA,
              `receivable_ids: receivable '${id}' belongs to another customer`
            )
          }
        }
      }
    }

    const created = (await dunning.createCollectionEvents(
      events.map((e) => ({
        ...e,
        title: e.title ?? collectionEventTitle(e.type),
        receivable_ids: e.receivable_ids ?? [],
        occurred_at: e.occurred_at ? new Date(e.occurred_at) : new Date(),
        author_type: e.author_type ?? "system",
      })) as any[]
    )) as unknown as Array<{ id: string } & Record<string, unknown>>
    return new StepResponse(created, created.map((c) => c.id))
  },
  async (ids: string[] | undefined, { container }) => {
    if (!ids?.length) {
      return
    }
    await container.resolve<DunningModuleService>(DUNNING_MODULE).deleteCollectionEvents(ids)
  }
)
