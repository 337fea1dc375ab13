import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCartWorkflow, createPaymentCollectionForCartWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import fs from "fs"
import { refuseCheckoutOnCreditHold } from "../../src/api/credit-hold/checkout-guard"

/**
 * The credit-hold check of `npm run bench:checkout` on its own (run by `medusa exec` on the bench's
 * database after the load): the plugin's middleware called in this process with the app's container, one
 * call after another, for a cart of the customer on terms and for one of the held customer, each ready to
 * complete. Writes the milliseconds per call (CALLS calls, three times; the fastest and slowest repetition)
 * to the file named by BENCH_CHECK_OUT.
 */
const CALLS = 1000

type Customer = { id: string; email: string }
type Seed = { region_id: string; sales_channel_id: string; variant_id: string; on_terms: Customer; held: Customer }

export default async function timeCheckAlone({ container }: ExecArgs) {
  const seed: Seed = JSON.parse(fs.readFileSync(process.env.BENCH_SEED_OUT!, "utf8"))
  const carts = { on_terms: await cartReadyToComplete(container, seed, seed.on_terms), held: await cartReadyToComplete(container, seed, seed.held) }
  const check = (cartId: string) =>
    new Promise<string>((resolve, reject) => {
      const req = { scope: container, params: { id: cartId } } as unknown as MedusaRequest
      const next: MedusaNextFunction = (error?: unknown) => (error && (error as { code?: string }).code !== "credit_hold" ? reject(error) : resolve(error ? "refused" : "passed"))
      void refuseCheckoutOnCreditHold(req, {} as MedusaResponse, next)
    })
  const perCall = async (cartId: string, expected: string) => {
    const started = process.hrtime.bigint()
    for (let i = 0; i < CALLS; i++) {
      const outcome = await check(cartId)
      if (outcome !== expected) {
        throw new Error(`the check ${outcome} cart ${cartId}; expected ${expected}`)
      }
    }
    return Number(process.hrtime.bigint() - started) / 1e6 / CALLS
  }
  await perCall(carts.on_terms, "passed")
  await perCall(carts.held, "refused")
  const times = { on_terms: [] as number[], held: [] as number[] }
  for (let r = 0; r < 3; r++) {
    times.on_terms.push(await perCall(carts.on_terms, "passed"))
    times.held.push(await perCall(carts.held, "refused"))
  }
  fs.writeFileSync(process.env.BENCH_CHECK_OUT!, JSON.stringify({ calls: CALLS, ...times }))
}

async function cartReadyToComplete(container: ExecArgs["container"], seed: Seed, customer: Customer): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: { region_id: seed.region_id, sales_channel_id: seed.sales_channel_id, customer_id: customer.id, email: customer.email, items: [{ variant_id: seed.variant_id, quantity: 1 }] },
  })
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "cart", fields: ["id", "payment_collection.id"], filters: { id: cart.id } })
  await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: (data[0] as any).payment_collection.id, provider_id: "pp_system_default" } })
  return cart.id
}
