import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import fs from "fs"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import { DEFAULT_POLICY } from "../../src/modules/dunning/domain/policy"
import type DunningModuleService from "../../src/modules/dunning/service"
import { deliverNoticesWorkflow, savePolicyWorkflow } from "../../src/workflows"
import { applyPaymentsWorkflow } from "../../src/workflows/payments/workflows/apply-payments"
import { upsertCollectionProfileWorkflow } from "../../src/workflows/profiles/workflows/upsert-collection-profile"
import { upsertReceivablesWorkflow } from "../../src/workflows/receivables/workflows/upsert-receivables"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createBusinessCustomer, placeOrder, seedStore } from "../helpers/store"

const DAY = 86_400_000

/** What the browser test reads back: the ids the seed made and the moments it used. */
export type BrowserSeed = {
  now: string
  /** When the seeded dunning run and its delivery happened (two days before `now`). */
  sent_at: string
  admin_id: string
  /** What a draft order needs from the store: its region, sales channel and a product variant. */
  store: { region_id: string; sales_channel_id: string; variant_id: string }
  nordwind: {
    customer_id: string
    group_id: string
    order: { id: string; placed_at: string; receivable_number: string; due_at: string }
    receivables: Record<string, string>
  }
  kiefer: { customer_id: string; receivable_id: string }
  lindqvist: { customer_id: string; receivable_id: string }
  run: { notices_created: number }
  delivered: { sent: number; failed: number }
  notices: Array<{ customer_id: string; status: string }>
}

/**
 * The data the browser test works on, relative to the moment it runs:
 * - the default policy sends on every day and hour, so nothing the test does depends on the clock;
 * - Nordwind Handel GmbH: two overdue invoices (40 and 20 days), one paid 10 days late (a collection
 *   average of 40 days), an order on 30-day terms, and a notice sent two days ago;
 * - Kiefer Bau AG: one overdue invoice whose notice two days ago bounced (the mail server refused the
 *   billing address with 550), so it failed and left a follow-up;
 * - Lindqvist Trading AB: one invoice 10 days overdue that no run has looked at yet ("Run now" finds it).
 * Writes the ids to the file named by SEED_OUT.
 */
export default async function seedBrowserStory({ container }: ExecArgs) {
  const now = new Date()
  const at = (days: number) => new Date(now.getTime() + days * DAY)
  const sentAt = at(-2)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const store = await seedStore(container)

  const userModule = container.resolve(Modules.USER)
  const [admin] = await userModule.listUsers({ email: process.env.ADMIN_EMAIL! })
  await userModule.updateUsers({ id: admin.id, first_name: "Avery", last_name: "Admin" })

  const { data: defaults } = await query.graph({ entity: "dunning_policy", fields: ["id"], filters: { is_default: true } })
  await savePolicyWorkflow(container).run({
    input: {
      id: (defaults[0] as { id: string } | undefined)?.id,
      policy: { ...DEFAULT_POLICY, send_days: [1, 2, 3, 4, 5, 6, 7], send_hour_start: 0, send_hour_end: 24 },
    },
  })

  const { customer: nordwind, groupId } = await createBusinessCustomer(container, {
    email: "buyer@nordwind.test",
    company_name: "Nordwind Handel GmbH",
    group: { name: "Distributors" },
  })
  const { customer: kiefer } = await createBusinessCustomer(container, { email: "buyer@kiefer-bau.test", company_name: "Kiefer Bau AG" })
  const { customer: lindqvist } = await createBusinessCustomer(container, { email: "ap@lindqvist.test", company_name: "Lindqvist Trading AB" })
  await upsertCollectionProfileWorkflow(container).run({
    input: { customer_id: nordwind.id, billing_emails: ["ap@nordwind.test"], rep_user_id: admin.id },
  })
  await upsertCollectionProfileWorkflow(container).run({
    input: { customer_id: kiefer.id, billing_emails: ["ap@kiefer-bau.test"], rep_user_id: admin.id },
  })
  await upsertCollectionProfileWorkflow(container).run({ input: { customer_id: lindqvist.id, billing_emails: ["ap@lindqvist.test"] } })

  const { order } = await placeOrder(container, store, { customerId: nordwind.id, email: "buyer@nordwind.test", quantity: 4 })
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const [orderReceivable] = await dunning.listReceivables({ order_id: order.id })
  if (!orderReceivable) {
    throw new Error(`order ${order.id} has no receivable: the order.placed subscriber did not run`)
  }

  const invoice = (customer_id: string, number: string, amount: number, issued: number, due: number) => ({
    customer_id,
    number,
    source: "erp",
    external_ref: number,
    currency_code: "eur",
    amount,
    issued_at: at(issued),
    due_at: at(due),
  })
  const rows = [
    invoice(nordwind.id, "NW-1001", 1200, -70, -40),
    invoice(nordwind.id, "NW-1002", 800, -50, -20),
    invoice(nordwind.id, "NW-0990", 600, -120, -90),
    invoice(kiefer.id, "KB-2001", 900, -45, -15),
  ]
  const { result } = await upsertReceivablesWorkflow(container).run({ input: { now, rows } })
  const ids: Record<string, string> = Object.fromEntries(rows.map((row, i) => [row.number, result.receivable_ids[i]]))
  await applyPaymentsWorkflow(container).run({
    input: {
      entries: [{ receivable_id: ids["NW-0990"], kind: "payment", amount: 600, currency_code: "eur", paid_at: at(-80), source: "erp", external_ref: "BANK-990" }],
    },
  })

  // two days ago: the scheduled run, delivered at once (the mail server refuses Kiefer's address)
  const { result: run } = await runDunningWorkflow(container).run({ input: { now: sentAt, trigger: "schedule" } })
  const { result: delivered } = await deliverNoticesWorkflow(container).run({ input: { now: sentAt } })

  // an invoice no run has looked at yet
  const lq = invoice(lindqvist.id, "LQ-3001", 500, -40, -10)
  const { result: later } = await upsertReceivablesWorkflow(container).run({ input: { now, rows: [lq] } })
  ids["LQ-3001"] = later.receivable_ids[0]

  const { data: notices } = await query.graph({ entity: "notice", fields: ["customer_id", "status"] })
  const seed: BrowserSeed = {
    now: now.toISOString(),
    sent_at: sentAt.toISOString(),
    admin_id: admin.id,
    store: { region_id: store.regionId, sales_channel_id: store.salesChannelId, variant_id: store.variantId },
    nordwind: {
      customer_id: nordwind.id,
      group_id: groupId!,
      order: {
        id: order.id,
        placed_at: new Date(order.created_at).toISOString(),
        receivable_number: orderReceivable.number,
        due_at: new Date(orderReceivable.due_at!).toISOString(),
      },
      receivables: { "NW-1001": ids["NW-1001"], "NW-1002": ids["NW-1002"], "NW-0990": ids["NW-0990"], order: orderReceivable.id },
    },
    kiefer: { customer_id: kiefer.id, receivable_id: ids["KB-2001"] },
    lindqvist: { customer_id: lindqvist.id, receivable_id: ids["LQ-3001"] },
    run: { notices_created: run.totals.notices_created },
    delivered: { sent: delivered.sent, failed: delivered.failed },
    notices: (notices as Array<{ customer_id: string; status: string }>).map((n) => ({ customer_id: n.customer_id, status: n.status })),
  }
  fs.writeFileSync(process.env.SEED_OUT!, JSON.stringify(seed))
}
