import type { MedusaContainer } from "@medusajs/framework/types"
import { decimalSub } from "../../../modules/dunning/domain/decimal"
import { currencyTotals } from "../../../modules/dunning/domain/notice-lines"
import type { CustomerReceivableRow, SelfServiceSettings } from "../../../modules/dunning/service"
import { repsById, storeName } from "../../../workflows/dunning/notice-content"
import { daysPastDue } from "./formats"
import type { PageContext } from "./guard"

/**
 * What the collection page shows a customer: their open invoices (at most PAGE_ROWS, oldest due first;
 * the statement lists them all), what they owe per currency, each invoice's hold, the store, the rep.
 * Days overdue are whole UTC calendar days, as everywhere in the plugin (negative: due in that many days).
 */
export const PAGE_ROWS = 500

export type HoldKind = "promise" | "dispute" | "manual" | "other"

export type PageInvoice = CustomerReceivableRow & { outstanding: string; days_overdue: number | null; hold: HoldKind | null }

export type PageView = {
  who: string
  store_name: string
  invoices: PageInvoice[]
  open_count: number
  totals: Array<{ currency_code: string; outstanding: string; count: number }>
  rep: string | null
  settings: SelfServiceSettings
  payment_url_template: string | undefined
  pay_all_url_template: string | undefined
}

/** Which hold an invoice is under, from its hold reason's owner (`promise_to_pay:…`, `dispute:…`, `manual:…`). */
export function holdKind(row: Pick<CustomerReceivableRow, "hold_reason" | "hold_until">, now: Date): HoldKind | null {
  const reason = row.hold_reason
  if (!reason || (row.hold_until && new Date(row.hold_until) <= now)) {
    return null
  }
  return reason.startsWith("promise_to_pay:") ? "promise" : reason.startsWith("dispute:") ? "dispute" : reason.startsWith("manual:") ? "manual" : "other"
}

export function pageInvoice(row: CustomerReceivableRow, now: Date): PageInvoice {
  return {
    ...row,
    outstanding: row.amount_paid === "0" ? row.amount : decimalSub(row.amount, row.amount_paid),
    days_overdue: daysPastDue(row.due_at, now),
    hold: holdKind(row, now),
  }
}

export async function loadPage(scope: MedusaContainer, page: PageContext): Promise<PageView> {
  const { dunning } = page
  const options = dunning.getOptions()
  const [receivables, store, reps] = await Promise.all([
    dunning.listCustomerReceivables({ customer_id: page.customer_id, statuses: ["open"], limit: PAGE_ROWS, offset: 0 }),
    cachedStoreName(scope, options),
    page.rep_user_id ? repsById(scope, [page.rep_user_id]) : Promise.resolve(new Map<string, { name: string; email: string | null }>()),
  ])
  const invoices = receivables.rows.map((row) => pageInvoice(row, page.now))
  // every open invoice is on the page (the usual case): its totals need no other query
  const totals = receivables.count > invoices.length ? await dunning.customerOpenTotals(page.customer_id) : currencyTotals(invoices)
  const rep = page.rep_user_id ? reps.get(page.rep_user_id) : undefined
  return {
    who: page.card.company || page.card.name,
    store_name: store,
    invoices,
    open_count: receivables.count,
    totals,
    rep: rep ? (rep.email ? `${rep.name} (${rep.email})` : rep.name) : null,
    settings: dunning.selfServiceSettings(),
    payment_url_template: options.paymentUrlTemplate,
    pay_all_url_template: options.payAllUrlTemplate,
  }
}

const STORE_NAME_TTL_MS = 60_000
let storeNameCache: { value: string; at: number } | null = null

/** The store's name, read at most once a minute: every page shows it, and it hardly ever changes. */
async function cachedStoreName(scope: MedusaContainer, options: Parameters<typeof storeName>[1]): Promise<string> {
  const at = Date.now()
  if (!storeNameCache || at - storeNameCache.at > STORE_NAME_TTL_MS) {
    storeNameCache = { value: await storeName(scope, options), at }
  }
  return storeNameCache.value
}
