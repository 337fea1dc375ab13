import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import fs from "fs"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { applyPaymentsWorkflow } from "../../src/workflows/payments/workflows/apply-payments"
import { upsertCollectionProfileWorkflow } from "../../src/workflows/profiles/workflows/upsert-collection-profile"
import { upsertReceivablesWorkflow } from "../../src/workflows/receivables/workflows/upsert-receivables"
import { runDunningWorkflow } from "../../src/workflows/dunning/workflows/run-dunning"
import { createBusinessCustomer, placeOrder, seedStore } from "../helpers/store"

const DAY = 86_400_000

/**
 * The data the browser test looks at: a wholesale customer with overdue invoices, a paid invoice (so the
 * collection averages have history), an order on terms, and a dunning run that recorded a Claim for
 * Non-Payment. Writes the ids it made to the file named by SEED_OUT.
 */
export default async function seedBrowserStory({ container }: ExecArgs) {
  const now = new Date()
  const store = await seedStore(container)
  const { customer, groupId } = await createBusinessCustomer(container, {
    email: "buyer@nordwind.test",
    company_name: "Nordwind Handel GmbH",
    group: { name: "Distributors" },
  })
  const userModule = container.resolve(Modules.USER)
  const [admin] = await userModule.listUsers({ email: process.env.ADMIN_EMAIL! })
  await upsertCollectionProfileWorkflow(container).run({
    input: { customer_id: customer.id, billing_emails: ["ap@nordwind.test"], rep_user_id: admin.id },
  })

  const { order } = await placeOrder(container, store, { customerId: customer.id, email: "buyer@nordwind.test", quantity: 4 })
  const dunning = container.resolve<DunningModuleService>(DUNNING_MODULE)
  const [orderReceivable] = await dunning.listReceivables({ order_id: order.id })
  if (!orderReceivable) {
    throw new Error(`order ${order.id} has no receivable: the order.placed subscriber did not run`)
  }

  const iso = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * DAY)
  const { result } = await upsertReceivablesWorkflow(container).run({
    input: {
      now,
      rows: [
        { customer_id: customer.id, number: "NW-1001", source: "erp", external_ref: "NW-1001", currency_code: "eur", amount: 1200, issued_at: iso(-75), due_at: iso(-45) },
        { customer_id: customer.id, number: "NW-1002", source: "erp", external_ref: "NW-1002", currency_code: "eur", amount: 800, issued_at: iso(-50), due_at: iso(-20) },
        { customer_id: customer.id, number: "NW-0990", source: "erp", external_ref: "NW-0990", currency_code: "eur", amount: 600, issued_at: iso(-120), due_at: iso(-90) },
      ],
    },
  })
  const paidId = result.receivable_ids[2]
  await applyPaymentsWorkflow(container).run({
    input: {
      entries: [{ receivable_id: paidId, kind: "payment", amount: 600, currency_code: "eur", paid_at: new Date(now.getTime() - 80 * DAY), source: "erp", external_ref: "BANK-990" }],
    },
  })

  const { result: run } = await runDunningWorkflow(container).run({ input: { now, trigger: "manual", customer_ids: [customer.id] } })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: events } = await query.graph({ entity: "collection_event", fields: ["id", "type"], filters: { customer_id: customer.id } })
  fs.writeFileSync(
    process.env.SEED_OUT!,
    JSON.stringify({ customer_id: customer.id, group_id: groupId, order_id: order.id, notices: run.totals.notices_created, events: events.map((e: any) => e.type) })
  )
}
