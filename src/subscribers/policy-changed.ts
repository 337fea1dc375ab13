import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { DUNNING_MODULE } from "../modules/dunning"
import type DunningModuleService from "../modules/dunning/service"

/**
 * After a policy is saved or deleted, the next moments stored on receivables may follow old rules (grace
 * days, re-send interval, maximum of notices, stages): every open receivable that is not on hold is handed
 * back to the next run, which plans it under the new rules. Lowering the grace days thus brings an overdue
 * notice forward at the next run instead of at the moment planned under the old ones.
 */
export default async function dunningPolicyChangedHandler({ event: { name }, container }: SubscriberArgs<{ id: string }>) {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const touched = await dunning.rescheduleOpenReceivables()
  container.resolve("logger").info(`dunning: ${name}; ${touched} open receivables will be re-planned by the next run`)
}

export const config: SubscriberConfig = {
  event: ["dunning.policy.saved", "dunning.policy.deleted"],
  context: { subscriberId: "dunning-policy-changed" },
}
