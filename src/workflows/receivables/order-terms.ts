import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../modules/dunning"
import {
  dueDateFor,
  resolveTermsDays,
  resolveTermsStart,
  termsStartedAt,
  whyNotInvoiceable,
  whyNotOnTerms,
  type CustomerTerms,
  type OrderPaymentFacts,
  type TermsStart,
} from "../../modules/dunning/domain/terms"
import type DunningModuleService from "../../modules/dunning/service"
import type { ReceivableRow } from "../../modules/dunning/service"
import { ORDER_PAYMENT_FIELDS } from "../payments/order-ledger"

/**
 * What the plugin reads of an order and its customer to decide whether the order is a sale on terms, and
 * what its invoice looks like: the order's total, due after the customer's terms, counted from the order
 * date or from the order's first shipment or delivery. The order-placed workflow, the admin's "chase this
 * order as an invoice" and the order page read it the same way.
 */

/** Receivables made from orders are booked under this source, keyed by the order id. */
export const MEDUSA_ORDER_SOURCE = "medusa_order"

const ORDER_FIELDS = [
  "id",
  "display_id",
  "customer_id",
  "currency_code",
  "total",
  "created_at",
  "status",
  "customer.groups.id",
  ...ORDER_PAYMENT_FIELDS,
  "payment_collections.payments.provider_id",
  "payment_collections.payment_sessions.provider_id",
  "payment_collections.payment_sessions.status",
  "fulfillments.shipped_at",
  "fulfillments.delivered_at",
  "fulfillments.canceled_at",
]

/** How an order would become a receivable, and whether it becomes one by itself. */
export type OrderReceivableProposal = {
  order_id: string
  /** the invoice number: the order's display id */
  number: string
  customer_id: string | null
  currency_code: string
  amount: string
  issued_at: Date
  terms_days: number
  terms_start: TermsStart
  /** null while the terms wait for the order's first shipment or delivery */
  due_at: Date | null
  /** Why the order is not a sale on terms (null: it is one, and becomes a receivable when placed). */
  not_on_terms_because: string | null
  /** Why the order cannot be invoiced at all, not even by hand (null: it can). */
  not_invoiceable_because: string | null
}

/** The order as the terms rules read it, or undefined when there is no such order. */
export async function readOrderForTerms(container: MedusaContainer, orderId: string): Promise<any | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  return data[0] as any
}

/** The customer's collection profile and the terms of their groups, as the terms rules read them. */
export async function customerTermsOf(
  dunning: DunningModuleService,
  customerId: string | null,
  groupIds: string[]
): Promise<CustomerTerms> {
  const [[profile], groupTerms] = await Promise.all([
    customerId
      ? dunning.listCollectionProfiles({ customer_id: customerId }, { select: ["terms_days", "terms_start"], take: 1 })
      : Promise.resolve([]),
    groupIds.length ? dunning.listGroupTerms({ customer_group_id: groupIds }, { select: ["terms_days"] }) : Promise.resolve([]),
  ])
  return {
    has_profile: !!profile,
    profile_terms_days: profile?.terms_days ?? null,
    profile_terms_start: (profile?.terms_start as TermsStart | null | undefined) ?? null,
    group_terms_days: groupTerms.map((g) => g.terms_days),
  }
}

/** What the order's payments show: its total, what was captured (refunds taken off), and their providers. */
export function paymentFactsOf(order: any): OrderPaymentFacts {
  let captured = MathBN.convert(0)
  const paymentProviders = new Set<string>()
  const sessionProviders = new Set<string>()
  for (const collection of order.payment_collections ?? []) {
    for (const payment of collection?.payments ?? []) {
      if (payment?.provider_id) {
        paymentProviders.add(payment.provider_id)
      }
      for (const capture of payment?.captures ?? []) {
        captured = MathBN.add(captured, capture.raw_amount?.value ?? capture.amount)
      }
      for (const refund of payment?.refunds ?? []) {
        captured = MathBN.sub(captured, refund.raw_amount?.value ?? refund.amount)
      }
    }
    for (const session of collection?.payment_sessions ?? []) {
      if (session?.provider_id && ["authorized", "captured"].includes(session.status)) {
        sessionProviders.add(session.provider_id)
      }
    }
  }
  return {
    has_customer: !!order.customer_id,
    canceled: order.status === "canceled",
    total: String(order.raw_total?.value ?? order.total ?? 0),
    captured: captured.toString(),
    // a payment is what was authorised; before there is one, the sessions the customer authorised
    payment_provider_ids: [...(paymentProviders.size ? paymentProviders : sessionProviders)],
  }
}

/**
 * How the order would become a receivable under the plugin's options and the customer's terms; null when
 * there is no such order.
 */
export async function proposeOrderReceivable(container: MedusaContainer, orderId: string): Promise<OrderReceivableProposal | null> {
  const order = await readOrderForTerms(container, orderId)
  if (!order) {
    return null
  }
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const options = dunning.getOptions()
  const customer = await customerTermsOf(dunning, order.customer_id ?? null, (order.customer?.groups ?? []).map((g: any) => g.id))
  const facts = paymentFactsOf(order)
  const termsDays = resolveTermsDays({
    profileTermsDays: customer.profile_terms_days,
    groupTermsDays: customer.group_terms_days,
    defaultTermsDays: options.defaultTermsDays,
  })
  const termsStart = resolveTermsStart(customer, options.terms.startAt)
  const issuedAt = new Date(order.created_at)
  const startedAt = termsStartedAt(termsStart, issuedAt, order.fulfillments ?? [])
  return {
    order_id: order.id,
    number: String(order.display_id ?? order.id),
    customer_id: order.customer_id ?? null,
    currency_code: order.currency_code,
    amount: facts.total,
    issued_at: issuedAt,
    terms_days: termsDays,
    terms_start: termsStart,
    due_at: startedAt ? dueDateFor(startedAt, termsDays) : null,
    not_on_terms_because: whyNotOnTerms(facts, customer, {
      payment_providers: options.terms.paymentProviders,
      customers: options.terms.customers,
    }),
    not_invoiceable_because: whyNotInvoiceable(facts),
  }
}

/** The receivable row of an order that can be invoiced. */
export function receivableRowOf(proposal: OrderReceivableProposal, metadata?: Record<string, unknown>): ReceivableRow {
  return {
    customer_id: proposal.customer_id!,
    order_id: proposal.order_id,
    number: proposal.number,
    currency_code: proposal.currency_code,
    amount: proposal.amount,
    issued_at: proposal.issued_at,
    due_at: proposal.due_at,
    terms_days: proposal.terms_days,
    terms_start: proposal.terms_start,
    source: MEDUSA_ORDER_SOURCE,
    external_ref: proposal.order_id,
    metadata: metadata ?? null,
  }
}
