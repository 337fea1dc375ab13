import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createUsersWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { savePolicyWorkflow, setGroupTermsWorkflow, upsertCollectionProfileWorkflow } from "medusa-plugin-dunning/workflows"
import { ADMIN, CUSTOMERS, GROUPS, PRODUCTS, REPS, STORE_NAME, STRICT_POLICY, type CustomerSpec, type GroupKey, type RepKey } from "../scenario"

/**
 * Seeds the store of ./scenario.ts through Medusa's workflows and the plugin's: the store's currencies,
 * two regions paying later through the system provider, the products, the admin and the account reps,
 * the customer groups with their net terms, the customers with their collection profiles, and the
 * stricter policy for distributors and key accounts.
 */

export type SeededCustomer = { spec: CustomerSpec; id: string; email: string; rep_id: string }

export type SeededStore = {
  /** In the order of the scenario's customers. */
  customers: SeededCustomer[]
  regionOf: Record<string, string>
  salesChannelId: string
  /** In the order of the scenario's products. */
  products: Array<{ product_id: string; variant_id: string }>
}

export async function seedStore(container: MedusaContainer): Promise<SeededStore> {
  const salesChannelId = await nameTheStore(container)
  const regionOf = await createRegions(container)
  const products = await createProducts(container, salesChannelId)
  const repId = await createStaff(container)
  const groupId = await createGroups(container)
  const customers = await createCustomers(container, groupId, repId)
  await saveStrictPolicy(container, groupId)
  return { customers, regionOf, salesChannelId, products }
}

/** Names the store and lets it sell in EUR and USD; returns its default sales channel. */
async function nameTheStore(container: MedusaContainer): Promise<string> {
  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: STORE_NAME,
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
      },
    },
  })
  return store.default_sales_channel_id as string
}

/** Europe in EUR and North America in USD; returns the region of each currency. */
async function createRegions(container: MedusaContainer): Promise<Record<string, string>> {
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Europe", currency_code: "eur", countries: ["de", "nl", "at", "fr", "es", "be", "ie", "it", "se"], payment_providers: ["pp_system_default"] },
        { name: "North America", currency_code: "usd", countries: ["us", "ca"], payment_providers: ["pp_system_default"] },
      ],
    },
  })
  return { eur: regions[0].id, usd: regions[1].id }
}

/** One variant ("Case") per product, priced in EUR and USD. */
async function createProducts(container: MedusaContainer, salesChannelId: string) {
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: PRODUCTS.map((p) => ({
        title: p.title,
        status: "published" as const,
        options: [{ title: "Pack", values: ["Case"] }],
        sales_channels: [{ id: salesChannelId }],
        variants: [
          {
            title: "Case",
            sku: p.sku,
            manage_inventory: false,
            options: { Pack: "Case" },
            prices: [
              { amount: p.eur, currency_code: "eur" },
              { amount: p.usd, currency_code: "usd" },
            ],
          },
        ],
      })),
    },
  })
  return products.map((p: any) => ({ product_id: p.id as string, variant_id: p.variants[0].id as string }))
}

/** The admin who browses the demo (with a password) and the account reps; returns each rep's user id. */
async function createStaff(container: MedusaContainer): Promise<Record<RepKey, string>> {
  const { result: users } = await createUsersWorkflow(container).run({
    input: {
      users: [
        { email: ADMIN.email, first_name: "Alex", last_name: "Morgan" },
        ...REPS.map((r) => ({ email: r.email, first_name: r.first_name, last_name: r.last_name })),
      ],
    },
  })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email: ADMIN.email, password: ADMIN.password } } as any)
  if (error || !authIdentity) {
    throw new Error(`could not create the demo admin: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })
  return Object.fromEntries(REPS.map((r, i) => [r.key, users[i + 1].id])) as Record<RepKey, string>
}

/** The customer groups with their net terms; returns each group's id. */
async function createGroups(container: MedusaContainer): Promise<Record<GroupKey, string>> {
  const { result: groups } = await createCustomerGroupsWorkflow(container).run({
    input: { customersData: Object.values(GROUPS).map((g) => ({ name: g.name })) },
  })
  const groupId = Object.fromEntries(Object.keys(GROUPS).map((key, i) => [key, groups[i].id])) as Record<GroupKey, string>
  for (const [key, group] of Object.entries(GROUPS) as Array<[GroupKey, (typeof GROUPS)[GroupKey]]>) {
    await setGroupTermsWorkflow(container).run({ input: { customer_group_id: groupId[key], terms_days: group.terms_days } })
  }
  return groupId
}

/** The business customers, each in its group, with billing e-mails, rep, language and terms. */
async function createCustomers(container: MedusaContainer, groupId: Record<GroupKey, string>, repId: Record<RepKey, string>): Promise<SeededCustomer[]> {
  const { result: created } = await createCustomersWorkflow(container).run({
    input: {
      customersData: CUSTOMERS.map((c) => ({
        company_name: c.company,
        first_name: c.first_name,
        last_name: c.last_name,
        email: `${c.first_name.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}@${c.domain}`,
        phone: c.currency === "usd" ? "+1 555 0100" : "+49 30 555 0100",
      })),
    },
  })
  for (const key of Object.keys(GROUPS) as GroupKey[]) {
    const members = created.filter((_, i) => CUSTOMERS[i].group === key).map((c: any) => c.id)
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groupId[key], add: members } })
  }
  const customers: SeededCustomer[] = []
  for (const [i, spec] of CUSTOMERS.entries()) {
    const customer = created[i] as any
    await upsertCollectionProfileWorkflow(container).run({
      input: {
        customer_id: customer.id,
        billing_emails: [`ap@${spec.domain}`, ...(spec.cc_billing ? [`${spec.cc_billing}@${spec.domain}`] : [])],
        rep_user_id: repId[spec.rep],
        preferred_language: spec.language,
        ...(spec.terms_days ? { terms_days: spec.terms_days } : {}),
        notes: `${GROUPS[spec.group].name}; net ${spec.terms_days ?? GROUPS[spec.group].terms_days} days.`,
      },
    })
    customers.push({ spec, id: customer.id, email: customer.email, rep_id: repId[spec.rep] })
  }
  return customers
}

/** The scenario's stricter policy; its stages without templates take the standard policy's, with their translations. */
async function saveStrictPolicy(container: MedusaContainer, groupId: Record<GroupKey, string>) {
  const dunning: any = container.resolve("dunning")
  const standard = await dunning.ensureDefaultPolicy()
  const [withStages] = await dunning.listDunningPolicies({ id: standard.id }, { relations: ["stages"] })
  const templatesOf = (name: string) => {
    const s = withStages.stages.find((s: any) => s.name === name)
    return { subject_template: s.subject_template, body_html_template: s.body_html_template, body_text_template: s.body_text_template, translations: s.translations }
  }
  await savePolicyWorkflow(container).run({
    input: {
      policy: {
        ...STRICT_POLICY.policy,
        customer_group_ids: STRICT_POLICY.groups.map((key) => groupId[key]),
        stages: STRICT_POLICY.stages.map((stage) => ("subject_template" in stage ? stage : { ...stage, ...templatesOf(stage.name) })),
      },
    } as any,
  })
}
