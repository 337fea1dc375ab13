import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileWorkflow } from "../workflows/reconcile/workflows/reconcile"

/**
 * Every hour: books payments whose events were lost (for receivables about to be chased) and cancels
 * notices that no longer cover anything open, so a lost event never leads to a wrong reminder.
 */
export default async function dunningReconcileJob(container: MedusaContainer) {
  const { result } = await reconcileWorkflow(container).run({ input: {} })
  if (result.payments_booked || result.cancelled_notice_ids.length) {
    container
      .resolve("logger")
      .info(`dunning: reconcile booked ${result.payments_booked} missed payment(s), cancelled ${result.cancelled_notice_ids.length} notice(s)`)
  }
  return result
}

export const config = { name: "dunning-reconcile", schedule: "17 * * * *" }
