import type { MedusaContainer } from "@medusajs/framework/types"
import { generateJwtToken, Modules, ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The customer's side of the app as a browser and a storefront reach it: the collection page by its
 * path (forms sent as a browser sends them, from a client address of the test's choosing), and the
 * storefront routes with a publishable key and a logged-in customer's token.
 */
type Axios = {
  get: (url: string, config?: any) => Promise<{ status: number; data: any; headers: Record<string, any> }>
  post: (url: string, body: unknown, config?: any) => Promise<{ status: number; data: any; headers: Record<string, any> }>
  defaults: { baseURL?: string }
}

/** The path of the collection page in a notice's HTML, `/dunning/c/<token>`. */
export function pagePathIn(html: string): string {
  const match = /\/dunning\/c\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(html)
  if (!match) {
    throw new Error(`no collection page link in: ${html.slice(0, 500)}`)
  }
  return match[0]
}

export const tokenOf = (path: string) => path.split("/").pop()!

/** The form token of the (first) form on a page. */
export function formTokenIn(html: string): string {
  const match = /name="form_token" value="([^"]+)"/.exec(html)
  if (!match) {
    throw new Error(`no form on the page: ${html.slice(0, 500)}`)
  }
  return match[1]
}

let addresses = 0
/** A client address of its own for each caller that does not name one (the rate limit counts per address). */
export const freshAddress = () => `198.51.100.${(addresses = (addresses % 250) + 1)}`

export class PageClient {
  constructor(private readonly api: Axios) {}

  get origin(): string {
    return new URL(this.api.defaults.baseURL ?? "http://localhost:9000").origin
  }

  async open(path: string, address = freshAddress()) {
    return await this.api.get(path, { headers: { "x-forwarded-for": address }, validateStatus: () => true, responseType: "text" })
  }

  /** Sends a form as a browser does: urlencoded, with this site's Origin unless told otherwise, and the `Sec-Fetch-Site` it names. */
  async submit(path: string, fields: Record<string, string>, options: { origin?: string | null; site?: string; address?: string } = {}) {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": options.address ?? freshAddress() }
    if (options.origin !== null) {
      headers.origin = options.origin ?? this.origin
    }
    if (options.site !== undefined) {
      headers["sec-fetch-site"] = options.site
    }
    return await this.api.post(path, new URLSearchParams(fields).toString(), { headers, validateStatus: () => true, responseType: "text" })
  }
}

/** A publishable API key, as a storefront sends it with every /store request. */
export async function publishableKey(container: MedusaContainer): Promise<string> {
  const [key] = await container.resolve(Modules.API_KEY).createApiKeys([{ title: "Storefront", type: "publishable", created_by: "test" }])
  return key.token
}

/** A bearer token of a logged-in customer, as Medusa's customer login issues it. */
export async function customerToken(container: MedusaContainer, customer: { id: string; email: string }): Promise<string> {
  const auth = container.resolve(Modules.AUTH)
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: customer.email }],
    app_metadata: { customer_id: customer.id },
  })
  return generateJwtToken(
    { actor_id: customer.id, actor_type: "customer", auth_identity_id: identity.id, app_metadata: { customer_id: customer.id } },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
}
