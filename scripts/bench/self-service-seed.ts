import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow, createRegionsWorkflow } from "@medusajs/medusa/core-flows"
import fs from "fs"
import { DUNNING_MODULE } from "../../src/modules/dunning"
import type DunningModuleService from "../../src/modules/dunning/service"
import { upsertCollectionProfileWorkflow } from "../../src/workflows/profiles/workflows/upsert-collection-profile"
import { upsertReceivablesWorkflow } from "../../src/workflows/receivables/workflows/upsert-receivables"

/**
 * The data `npm run bench:self-service` measures with (run by `medusa exec` on the bench's database): a
 * region for Medusa's `GET /store/regions`, a business customer with BENCH_INVOICES (200) open invoices in two
 * currencies, a publishable key, the customer's bearer token and a link to the customer's collection page.
 * Writes what the load needs to the file named by BENCH_SEED_OUT.
 */
const INVOICES = Number(process.env.BENCH_INVOICES ?? 200)
const DAY = 86_400_000

export default async function seedSelfServiceBench({ container }: ExecArgs) {
  const now = new Date()
  await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de", "fr", "nl"], payment_providers: ["pp_system_default"] }] },
  })
  const email = "ap@bench-wholesale.test"
  const { result: customers } = await createCustomersWorkflow(container).run({
    input: { customersData: [{ email, company_name: "Bench Wholesale GmbH", first_name: "Bo", last_name: "Buyer" }] },
  })
  const customer = customers[0]
  await upsertCollectionProfileWorkflow(container).run({ input: { customer_id: customer.id, billing_emails: [email], terms_days: 30 } })
  const rows = Array.from({ length: INVOICES }, (_, i) => ({
    customer_id: customer.id,
    number: `BW-${String(i + 1).padStart(5, "0")}`,
    source: "erp",
    external_ref: `BW-${i + 1}`,
    currency_code: i % 5 === 0 ? "usd" : "eur",
    amount: `${100 + (i % 37) * 13}.${String(i % 100).padStart(2, "0")}`,
    issued_at: new Date(now.getTime() - (60 + (i % 45)) * DAY),
    due_at: new Date(now.getTime() - (30 + (i % 45)) * DAY + 30 * DAY - (i % 3) * 20 * DAY),
  }))
  for (let i = 0; i < rows.length; i += 500) {
    await upsertReceivablesWorkflow(container).run({ input: { now, rows: rows.slice(i, i + 500) } })
  }

  const [key] = await container.resolve(Modules.API_KEY).createApiKeys([{ title: "Bench storefront", type: "publishable", created_by: "bench" }])
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { customer_id: customer.id },
  })
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const token = generateJwtToken(
    { actor_id: customer.id, actor_type: "customer", auth_identity_id: identity.id, app_metadata: { customer_id: customer.id } },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
  const link = container.resolve<DunningModuleService>(DUNNING_MODULE).issueCollectionLink({ customer_id: customer.id, link_version: 0, now })
  if (!link) {
    throw new Error("the collection page is off: set DUNNING_SELF_SERVICE_SECRET")
  }
  fs.writeFileSync(process.env.BENCH_SEED_OUT!, JSON.stringify({ customer_id: customer.id, invoices: INVOICES, publishable_key: key.token, customer_token: token, page_path: new URL(link.url).pathname }))
}
