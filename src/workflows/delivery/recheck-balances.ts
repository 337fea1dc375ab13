import type { MedusaContainer } from "@medusajs/framework/types"
import { DUNNING_MODULE } from "../../modules/dunning"
import { decimalCompare } from "../../modules/dunning/domain/decimal"
import { activeHold } from "../../modules/dunning/domain/schedule"
import type DunningModuleService from "../../modules/dunning/service"
import type { ClaimedNotice } from "../../modules/dunning/service"
import { healOrderPayments } from "../payments/order-ledger"

/**
 * The re-check right before a notice is sent. Medusa's payments are the truth: a `payment.captured` event
 * that was lost must not lead to a reminder, so the payments of the notices' orders are booked first when
 * the ledger misses them. Then a notice is sent only about what is still owed: receivables still open,
 * not fully paid and not on hold, for a customer not marked do-not-dun since the run.
 */
export async function healLostPayments(container: MedusaContainer, receivableIds: string[]): Promise<void> {
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const orderIds = (await dunning.listReceivables({ id: receivableIds }, { select: ["order_id"], take: null }))
    .map((r) => r.order_id)
    .filter((id): id is string => !!id)
  await healOrderPayments(container, [...new Set(orderIds)])
}

export type Recheck = { still_owed: any[]; cancel_reason: null } | { still_owed: null; cancel_reason: string }

/** The notice's receivables that are still owed now, or why the notice is no longer to be sent. */
export function recheckNotice(
  notice: ClaimedNotice,
  profile: { do_not_dun: boolean } | undefined,
  receivables: Map<string, any>,
  now: Date
): Recheck {
  if (profile?.do_not_dun) {
    return { still_owed: null, cancel_reason: "the customer was marked do not dun before delivery" }
  }
  const rows = notice.receivable_ids.map((id) => receivables.get(id)).filter(Boolean)
  const open = rows.filter(
    (r: any) =>
      r.status === "open" &&
      decimalCompare(String(r.raw_amount?.value ?? r.amount), String(r.raw_amount_paid?.value ?? r.amount_paid)) > 0 &&
      !activeHold({ hold_until: r.hold_until ? new Date(r.hold_until) : null, hold_reason: r.hold_reason }, now)
  )
  if (!open.length) {
    const paid = rows.some((r: any) => r.status === "paid")
    return { still_owed: null, cancel_reason: paid ? "paid before delivery" : "nothing left to claim (voided, written off or on hold)" }
  }
  return { still_owed: open, cancel_reason: null }
}
