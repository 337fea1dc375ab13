import type { AdminSession } from "./admin"
import { createBusinessCustomer } from "./store"

type Api = { post: (url: string, body: unknown, config: unknown) => Promise<{ data: any }> }

/**
 * Two customers with half a year of history, told in the order it happened (each request at its own `now`),
 * as risk.spec.ts explains figure by figure:
 *
 *  Prompt Foods  P-1..P-4 1000 EUR each, paid on or before their due dates (31 Jan, 1 Mar, 31 Mar, 30 Apr);
 *                P-5 2000 EUR issued 10 Apr, due 10 May, unpaid; a call with no answer on `asOf`
 *  Slow Trading  S-1..S-4 1000 EUR each, each paid 30 days after its due date (2 Mar, 2 Apr, 30 Apr, 31 May);
 *                S-5 1500 EUR issued 15 Apr, due 15 May, unpaid; on 20 May a promise to pay it by 25 May
 *
 * Returns the customers, the receivables' ids by number, and the two actions the specs go on with.
 */
export async function seedTwoHistories(api: Api, admin: AdminSession, container: any, asOf: string) {
  const prompt = (await createBusinessCustomer(container, { email: "ap@prompt.test", company_name: "Prompt Foods" })).customer.id as string
  const slow = (await createBusinessCustomer(container, { email: "ap@slow.test", company_name: "Slow Trading" })).customer.id as string
  const ids: Record<string, string> = {}
  const pay = (number: string, amount: number, at: string) =>
    api.post(`/admin/dunning/receivables/${ids[number]}/payments`, { amount, external_ref: `BANK-${number}`, paid_at: at, now: at }, admin)
  const promise = (customerId: string, body: Record<string, unknown>) =>
    api.post(`/admin/customers/${customerId}/collection-events`, { type: "promise_to_pay", receivable_ids: [ids["S-5"]], ...body }, admin)
  const invoice = (customer_id: string, number: string, amount: string, issued_at: string, due_at: string) => ({
    customer_id,
    number,
    external_ref: number,
    currency_code: "eur",
    amount,
    issued_at,
    due_at,
  })
  const { data } = await api.post(
    "/admin/dunning/receivables/batch",
    {
      now: asOf,
      receivables: [
        invoice(prompt, "P-1", "1000.00", "2026-01-01", "2026-01-31"),
        invoice(prompt, "P-2", "1000.00", "2026-02-01", "2026-03-03"),
        invoice(prompt, "P-3", "1000.00", "2026-03-01", "2026-03-31"),
        invoice(prompt, "P-4", "1000.00", "2026-04-01", "2026-05-01"),
        invoice(prompt, "P-5", "2000.00", "2026-04-10", "2026-05-10"),
        invoice(slow, "S-1", "1000.00", "2026-01-01", "2026-01-31"),
        invoice(slow, "S-2", "1000.00", "2026-02-01", "2026-03-03"),
        invoice(slow, "S-3", "1000.00", "2026-03-01", "2026-03-31"),
        invoice(slow, "S-4", "1000.00", "2026-04-01", "2026-05-01"),
        invoice(slow, "S-5", "1500.00", "2026-04-15", "2026-05-15"),
      ],
    },
    admin
  )
  for (const r of data.receivables) {
    ids[r.external_ref] = r.id
  }
  await pay("P-1", 1000, "2026-01-31T10:00:00.000Z")
  await pay("P-2", 1000, "2026-03-01T10:00:00.000Z")
  await pay("P-3", 1000, "2026-03-31T10:00:00.000Z")
  await pay("P-4", 1000, "2026-04-30T10:00:00.000Z")
  await pay("S-1", 1000, "2026-03-02T10:00:00.000Z")
  await pay("S-2", 1000, "2026-04-02T10:00:00.000Z")
  await pay("S-3", 1000, "2026-04-30T10:00:00.000Z")
  await promise(slow, { promised_date: "2026-05-25", follow_up: true, now: "2026-05-20T10:00:00.000Z" })
  await pay("S-4", 1000, "2026-05-31T10:00:00.000Z")
  await api.post(`/admin/customers/${prompt}/collection-events`, { type: "call_logged", outcome: "no_answer", follow_up: true, now: asOf }, admin)
  return { prompt, slow, ids, pay, promise }
}
