import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DUNNING_MODULE } from "../../../modules/dunning"
import { decimalSub } from "../../../modules/dunning/domain/decimal"
import { daysOverdue } from "../../../modules/dunning/domain/schedule"
import type DunningModuleService from "../../../modules/dunning/service"
import type { CustomerReceivableRow } from "../../../modules/dunning/service"

/**
 * What the storefront sees of a receivable and of an answer: amounts as exact decimal strings with their
 * currency, days overdue in whole UTC days, the hold (a promise, a dispute, another hold) and whether the
 * store takes it online. Nothing of the dunning machinery (stages, next actions, notices).
 */
const HOLD_KINDS: Array<[string, string]> = [
  ["promise_to_pay:", "promise_to_pay"],
  ["dispute:", "dispute"],
  ["manual:", "manual"],
]

export function presentReceivable(row: CustomerReceivableRow, now: Date, payableOnline: boolean) {
  const held = !!row.hold_reason && (!row.hold_until || new Date(row.hold_until) > now)
  const kind = HOLD_KINDS.find(([prefix]) => row.hold_reason?.startsWith(prefix))?.[1] ?? "other"
  return {
    id: row.id,
    number: row.number,
    order_id: row.order_id,
    currency_code: row.currency_code,
    amount: row.amount,
    amount_paid: row.amount_paid,
    outstanding_amount: decimalSub(row.amount, row.amount_paid),
    issued_at: row.issued_at,
    due_at: row.due_at,
    days_overdue: row.status === "open" && row.due_at ? Math.max(0, daysOverdue(new Date(row.due_at), now, "UTC")) : 0,
    status: row.status,
    paid_at: row.paid_at,
    hold: held ? { kind, until: row.hold_until } : null,
    payable_online: payableOnline && row.status === "open" && !!row.order_id,
  }
}

export function presentAnswer(event: Record<string, any>) {
  return {
    id: event.id,
    type: event.type,
    title: event.title,
    receivable_ids: event.receivable_ids ?? [],
    note: event.note ?? null,
    promised_date: event.promised_date ?? null,
    promised_amount: event.promised_amount ?? null,
    promised_currency_code: event.promised_currency_code ?? null,
    occurred_at: event.occurred_at,
  }
}

/** The logged-in customer: the only customer a storefront route ever reads or writes for. */
export function customerOf(req: AuthenticatedMedusaRequest<any, any>): string {
  const id = req.auth_context?.actor_id
  if (!id || req.auth_context.actor_type !== "customer") {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in as a customer to see your invoices")
  }
  return id
}

export function dunningOf(req: AuthenticatedMedusaRequest<any, any>): DunningModuleService {
  return req.scope.resolve<DunningModuleService>(DUNNING_MODULE)
}
