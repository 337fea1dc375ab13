import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminSession } from "../helpers/admin"
import { prepareHostApp } from "./host-app"

jest.setTimeout(300_000)

// A merchant's app: the packed plugin in node_modules, listed under `plugins` with options.
const host = prepareHostApp("merchant", { defaultTermsDays: 14, paymentUrlTemplate: "https://shop.example/pay/{{receivable.id}}" })

medusaIntegrationTestRunner({
  cwd: host,
  inApp: true,
  testSuite: ({ api, getContainer, dbConnection }) => {
    it("loads the packed plugin, runs its migrations and answers its routes with the merchant's options", async () => {
      const container = getContainer()
      const admin = await createAdminSession(container)

      const tables = await dbConnection.raw(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'dunning_%' ORDER BY table_name"
      )
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(
        expect.arrayContaining(["dunning_collection_event", "dunning_receivable", "dunning_receivable_payment"])
      )

      const list = await api.get("/admin/dunning/receivables", admin)
      expect(list.status).toBe(200)
      expect(list.data).toMatchObject({ receivables: [], count: 0 })

      const customer = await container.resolve("customer").createCustomers({ email: "ap@host.test", company_name: "Host" })
      const profile = await api.get(`/admin/dunning/profiles/${customer.id}`, admin)
      expect(profile.data.default_terms_days).toBe(14)

      // the plugin's links are registered in the host app
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "receivable", fields: ["id", "customer.email"] })
      expect(data).toEqual([])

      const unauthenticated = await api.get("/admin/dunning/receivables").catch((e: any) => e.response)
      expect(unauthenticated.status).toBe(401)
    })
  },
})
