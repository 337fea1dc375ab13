import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import { InternalService } from "../internal-service"
import { computeAging, computeCollectionSummary, computeKpis } from "../analytics"
import type { Aging, AgingInput, CollectionSummary, KpiInput, Kpis, SummaryInput } from "../analytics/types"
import { callList, overdueReceivables, type CallListInput, type OverdueInput } from "../queries/worklists"

/**
 * The read side of collections: the reps' call list, the overdue list, aging, KPIs and one customer's
 * summary. Each is set-based SQL in `analytics/` (figures) or `queries/` (work lists); this service runs
 * them on the module's connection.
 */
export class AnalyticsService extends InternalService {
  /** Open follow-ups across customers, with what each customer owes past due: the reps' call list. */
  @InjectManager()
  async listCallList(input: CallListInput, @MedusaContext() sharedContext: Context = {}) {
    return await callList(sharedContext.manager, input)
  }

  /** Overdue receivables across customers, filtered and paged in the database. */
  @InjectManager()
  async listOverdueReceivables(input: OverdueInput, @MedusaContext() sharedContext: Context = {}) {
    return await overdueReceivables(sharedContext.manager, input)
  }

  /** Open balances per currency by days overdue, with the customers owing the most overdue money. */
  @InjectManager()
  async getAging(input: AgingInput, @MedusaContext() sharedContext: Context = {}): Promise<Aging> {
    return await computeAging(sharedContext.manager, input)
  }

  /** DSO, collection times, stage effectiveness, promises, disputes and notices per currency over a period. */
  @InjectManager()
  async getKpis(input: KpiInput, @MedusaContext() sharedContext: Context = {}): Promise<Kpis> {
    return await computeKpis(sharedContext.manager, input)
  }

  /** How one customer pays: open and overdue balances, payment habits, notices and promises. */
  @InjectManager()
  async getCollectionSummary(input: SummaryInput, @MedusaContext() sharedContext: Context = {}): Promise<CollectionSummary> {
    return await computeCollectionSummary(sharedContext.manager, input)
  }
}
