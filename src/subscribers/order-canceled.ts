import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { DUNNING_MODULE } from "../modules/dunning"
import type DunningModuleService from "../modules/dunning/service"
import { updateReceivableWorkflow } from "../workflows/receivables/workflows/update-receivable"

/** A canceled order owes nothing: its open receivable is voided and leaves the dunning schedule. */
export default async function dunningOrderCanceledHandler({ event: { data }, container }: SubscriberArgs<{ id: string }>) {
  if (!data?.id) {
    return
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const [receivable] = await dunning.listReceivables({ order_id: data.id, status: "open" }, { select: ["id"], take: 1 })
  if (!receivable) {
    return
  }
  await updateReceivableWorkflow(container).run({
    input: { id: receivable.id, changes: { status: "void", status_reason: "Order canceled" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "dunning-order-canceled" },
}
