import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"
import {
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import fs from "fs"
import { changeCreditHoldByHandWorkflow } from "../../src/workflows/credit-holds/workflows/change-credit-hold-by-hand"
import { upsertCollectionProfileWorkflow } from "../../src/workflows/profiles/workflows/upsert-collection-profile"

/**
 * The store `npm run bench:checkout` checks out in (run by `medusa exec` on the bench's database): a region
 * paying with Medusa's system provider, a sales channel with its publishable key, a product that does not
 * manage inventory (so no number of carts runs out of stock), and two business customers on 30-day terms
 * with a collection profile: one in good standing, one on a credit hold placed by hand. Writes what the
 * load needs (ids, the key, each customer's bearer token) to the file named by BENCH_SEED_OUT.
 */
export default async function seedCheckoutBench({ container }: ExecArgs) {
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de", "fr", "nl"], payment_providers: ["pp_system_default"] }] },
  })
  const { result: channels } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Wholesale" }] } })
  const [key] = await container.resolve(Modules.API_KEY).createApiKeys([{ title: "Bench storefront", type: "publishable", created_by: "bench" }])
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channels[0].id] } })
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Espresso beans 6 kg",
          status: "published",
          options: [{ title: "Size", values: ["6 kg"] }],
          sales_channels: [{ id: channels[0].id }],
          variants: [{ title: "6 kg", sku: "BENCH-BEANS-6KG", manage_inventory: false, options: { Size: "6 kg" }, prices: [{ amount: 125.5, currency_code: "eur" }] }],
        },
      ],
    },
  })

  const customer = async (email: string, company_name: string) => {
    const { result } = await createCustomersWorkflow(container).run({ input: { customersData: [{ email, company_name, first_name: "Bo", last_name: "Buyer" }] } })
    await upsertCollectionProfileWorkflow(container).run({ input: { customer_id: result[0].id, billing_emails: [email], terms_days: 30 } })
    return { id: result[0].id, email, token: await tokenOf(container, result[0].id, email) }
  }
  const onTerms = await customer("ap@bench-wholesale.test", "Bench Wholesale GmbH")
  const held = await customer("ap@bench-held.test", "Bench Held GmbH")
  await changeCreditHoldByHandWorkflow(container).run({
    input: { kind: "place", customer_id: held.id, reason: "Bench: invoices overdue", user_id: null, now: new Date() },
  })

  fs.writeFileSync(
    process.env.BENCH_SEED_OUT!,
    JSON.stringify({
      region_id: regions[0].id,
      sales_channel_id: channels[0].id,
      variant_id: products[0].variants[0].id,
      publishable_key: key.token,
      on_terms: onTerms,
      held,
    })
  )
}

/** A bearer token of the customer, as Medusa's customer login issues it. */
async function tokenOf(container: ExecArgs["container"], customerId: string, email: string): Promise<string> {
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { customer_id: customerId },
  })
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  return generateJwtToken(
    { actor_id: customerId, actor_type: "customer", auth_identity_id: identity.id, app_metadata: { customer_id: customerId } },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
}
