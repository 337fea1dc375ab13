import type { MedusaContainer } from "@medusajs/framework/types"
import { scheduledJobConfig } from "../modules/dunning/job-config"
import { reconcileWorkflow } from "../workflows/reconcile/workflows/reconcile"

/**
 * Every hour: brings receivables in line with order changes that no event announced (a canceled return)
 * or whose event was lost, books payments whose events were lost (for receivables about to be chased) and
 * cancels notices that no longer cover anything open, so a lost event never leads to a wrong reminder.
 */
export default async function dunningReconcileJob(container: MedusaContainer) {
  const { result } = await reconcileWorkflow(container).run({ input: {} })
  const orders = result.order_changes
  if (result.payments_booked || result.cancelled_notice_ids.length || orders.amounts_revised || orders.holds_placed || orders.holds_released) {
    container
      .resolve("logger")
      .info(
        `dunning: reconcile booked ${result.payments_booked} missed payment(s), cancelled ${result.cancelled_notice_ids.length} notice(s); ` +
          `from order changes: ${orders.amounts_revised} amount(s) revised, ${orders.holds_placed} hold(s) placed, ${orders.holds_released} released`
      )
  }
  return result
}

export const config = scheduledJobConfig("dunning-reconcile", "17 * * * *")
