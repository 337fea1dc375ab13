import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { DUNNING_MODULE } from "../modules/dunning"
import type DunningModuleService from "../modules/dunning/service"
import { deliverNoticesWorkflow } from "../workflows/delivery/workflows/deliver-notices"

/** Hands a finished run's notices to delivery at once (unless `delivery.afterRun` is off). */
export default async function dunningRunCompletedHandler({ event: { data }, container }: SubscriberArgs<{ run_id: string; as_of: string }>) {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  if (!dunning.getOptions().delivery.afterRun) {
    return
  }
  // notices of a run that travelled in time are due at the moment it acted at
  await deliverNoticesWorkflow(container).run({ input: { now: data?.as_of ?? new Date() } })
}

export const config: SubscriberConfig = {
  event: "dunning.run.completed",
  context: { subscriberId: "dunning-run-completed" },
}
