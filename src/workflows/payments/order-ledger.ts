import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import type DunningModuleService from "../../modules/dunning/service"
import type { NewLedgerEntry } from "../../modules/dunning/service"
import { applyPaymentsWorkflow } from "./workflows/apply-payments"

/** Ledger rows that mirror Medusa's own payments are booked under this source, keyed by capture/refund id. */
export const MEDUSA_PAYMENT_SOURCE = "medusa"

export const ORDER_PAYMENT_FIELDS = [
  "payment_collections.payments.id",
  "payment_collections.payments.currency_code",
  "payment_collections.payments.captures.id",
  "payment_collections.payments.captures.amount",
  "payment_collections.payments.captures.raw_amount",
  "payment_collections.payments.captures.created_at",
  "payment_collections.payments.refunds.id",
  "payment_collections.payments.refunds.amount",
  "payment_collections.payments.refunds.raw_amount",
  "payment_collections.payments.refunds.created_at",
]

type MoneyRow = { id: string; amount: unknown; raw_amount?: { value?: string } | null; created_at: string | Date }
type OrderPayments = {
  payment_collections?: Array<{
    payments?: Array<{ id: string; currency_code: string; captures?: MoneyRow[]; refunds?: MoneyRow[] } | null> | null
  } | null> | null
}

const valueOf = (row: MoneyRow) => String(row.raw_amount?.value ?? row.amount)

/**
 * Every capture and refund of an order's payments as ledger rows for its receivable. The whole order is
 * re-read each time, so an event that was lost earlier is healed by the next one, and the ledger's
 * unique `(source, external_ref)` makes rows already booked a no-op.
 */
export function orderLedgerEntries(order: OrderPayments, receivableId: string): NewLedgerEntry[] {
  const entries: NewLedgerEntry[] = []
  for (const collection of order.payment_collections ?? []) {
    for (const payment of collection?.payments ?? []) {
      if (!payment) {
        continue
      }
      for (const capture of payment.captures ?? []) {
        entries.push({
          receivable_id: receivableId,
          kind: "payment",
          amount: valueOf(capture),
          currency_code: payment.currency_code,
          paid_at: new Date(capture.created_at),
          source: MEDUSA_PAYMENT_SOURCE,
          external_ref: capture.id,
          payment_id: payment.id,
        })
      }
      for (const refund of payment.refunds ?? []) {
        entries.push({
          receivable_id: receivableId,
          kind: "refund",
          amount: valueOf(refund),
          currency_code: payment.currency_code,
          paid_at: new Date(refund.created_at),
          source: MEDUSA_PAYMENT_SOURCE,
          external_ref: refund.id,
          payment_id: payment.id,
        })
      }
    }
  }
  return entries
}

/** The moment of the latest of these captures and refunds (undefined: none). */
export function latestPaidAt(entries: Array<Pick<NewLedgerEntry, "paid_at">>): Date | undefined {
  const times = entries.map((e) => new Date(e.paid_at).getTime()).filter((t) => !Number.isNaN(t))
  return times.length ? new Date(Math.max(...times)) : undefined
}

/** The id of the order a Medusa payment belongs to, through its payment collection. */
export async function orderIdOfPayment(container: MedusaContainer, paymentId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection.order.id"],
    filters: { id: paymentId },
  })
  return (data[0] as any)?.payment_collection?.order?.id ?? null
}

/**
 * Books any capture or refund of these orders that the ledger does not have yet (a `payment.captured`
 * event that was lost, or a subscriber that failed): one query for the orders' payments, one for the
 * booked references, and a booking only when something is missing. Returns how many entries it booked.
 */
export async function healOrderPayments(container: MedusaContainer, orderIds: string[]): Promise<number> {
  if (!orderIds.length) {
    return 0
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [receivables, { data: orders }] = await Promise.all([
    dunning.listReceivables({ order_id: orderIds }, { select: ["id", "order_id"], take: null }),
    query.graph({ entity: "order", fields: ["id", ...ORDER_PAYMENT_FIELDS], filters: { id: orderIds } }),
  ])
  const receivableOf = new Map(receivables.map((r) => [r.order_id, r.id]))
  const entries = (orders as any[]).flatMap((order) =>
    receivableOf.has(order.id) ? orderLedgerEntries(order, receivableOf.get(order.id)!) : []
  )
  if (!entries.length) {
    return 0
  }
  const booked = await dunning.listReceivablePayments(
    { source: MEDUSA_PAYMENT_SOURCE, external_ref: entries.map((e) => e.external_ref) },
    { select: ["external_ref"], take: null }
  )
  const known = new Set(booked.map((b) => b.external_ref))
  const missing = entries.filter((e) => !known.has(e.external_ref))
  if (!missing.length) {
    return 0
  }
  await applyPaymentsWorkflow(container).run({ input: { entries: missing, author: { type: "system", id: null } } })
  container.resolve("logger").warn(`dunning: booked ${missing.length} payment(s) that had not been recorded (a lost payment event)`)
  return missing.length
}
