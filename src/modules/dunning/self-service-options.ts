import { z } from "@medusajs/framework/zod"

/**
 * The options of the customer's collection page (`selfService` in the plugin options). The page is on
 * when `enabled` is true, or when it is left out and a `secret` is given; on, it needs a secret of at
 * least SELF_SERVICE_SECRET_MIN characters, since the links it signs are the customer's only credential.
 * Changing the secret revokes every link sent so far.
 */
export const SELF_SERVICE_SECRET_MIN = 32

/** Medusa's payment provider ids: `pp_<provider identifier>_<id in medusa-config>`, e.g. `pp_system_default`. */
const PROVIDER_ID = /^pp_[A-Za-z0-9][\w.-]*$/

const RATE_LIMIT_DEFAULTS = { windowSeconds: 60, perLink: 60, perAddress: 300, trackedKeys: 10_000 }

export const SELF_SERVICE_DEFAULTS = {
  linkTtlDays: 30,
  promiseMaxDays: 30,
  paymentProviders: [] as string[],
  rateLimit: RATE_LIMIT_DEFAULTS,
}

export const SelfServiceOptionsSchema = z
  .object({
    enabled: z.boolean().optional(),
    /** The HMAC key the links are signed with; at least 32 characters of random text (`openssl rand -hex 32`). */
    secret: z.string().max(1024).optional(),
    /** Where the page is reached: the backend's public URL (default: the admin's `backendUrl`, else `http://localhost:<PORT>`). */
    baseUrl: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "must be an http(s) URL without query, e.g. 'https://api.shop.example'")
      .optional(),
    /** How long a link works after the notice that carries it. */
    linkTtlDays: z.number().int().min(1).max(365).default(SELF_SERVICE_DEFAULTS.linkTtlDays),
    /** The latest date a customer may promise to pay by, in days from the day they promise. */
    promiseMaxDays: z.number().int().min(1).max(365).default(SELF_SERVICE_DEFAULTS.promiseMaxDays),
    /**
     * Payment providers the page offers for invoices of Medusa orders (through Medusa's payment module).
     * Empty: the page links to `paymentUrlTemplate` / `payAllUrlTemplate` instead, where they are set.
     */
    paymentProviders: z
      .array(z.string().trim().regex(PROVIDER_ID, "must be Medusa payment provider ids such as 'pp_system_default'"))
      .max(10)
      .default(() => [...SELF_SERVICE_DEFAULTS.paymentProviders]),
    /** Requests per window, counted per link and per client address, in a bounded in-memory counter per instance. */
    rateLimit: z
      .object({
        windowSeconds: z.number().int().min(1).max(3600).default(RATE_LIMIT_DEFAULTS.windowSeconds),
        perLink: z.number().int().min(1).max(1_000_000).default(RATE_LIMIT_DEFAULTS.perLink),
        perAddress: z.number().int().min(1).max(1_000_000).default(RATE_LIMIT_DEFAULTS.perAddress),
        /** How many links and addresses are counted at once; beyond it the oldest windows are dropped. */
        trackedKeys: z.number().int().min(100).max(1_000_000).default(RATE_LIMIT_DEFAULTS.trackedKeys),
      })
      .strict()
      .default(() => ({ ...RATE_LIMIT_DEFAULTS })),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (!isEnabled(options)) {
      return
    }
    if (!options.secret) {
      ctx.addIssue({ code: "custom", path: ["secret"], message: "is required when the collection page is enabled (32 or more random characters)" })
    } else if (options.secret.length < SELF_SERVICE_SECRET_MIN) {
      ctx.addIssue({
        code: "custom",
        path: ["secret"],
        message: `must be at least ${SELF_SERVICE_SECRET_MIN} characters when the collection page is enabled (e.g. the output of 'openssl rand -hex 32')`,
      })
    }
  })

export type SelfServiceOptions = z.output<typeof SelfServiceOptionsSchema>

function isEnabled(options: { enabled?: boolean; secret?: string }): boolean {
  return options.enabled ?? options.secret !== undefined
}

/** Whether the collection page is on (and so its secret valid). */
export function selfServiceEnabled(options: { selfService: SelfServiceOptions }): boolean {
  return isEnabled(options.selfService) && (options.selfService.secret?.length ?? 0) >= SELF_SERVICE_SECRET_MIN
}

export function selfServiceDefaults(): SelfServiceOptions {
  return { ...SELF_SERVICE_DEFAULTS, paymentProviders: [], rateLimit: { ...RATE_LIMIT_DEFAULTS } }
}

/**
 * Where links point: `selfService.baseUrl`, else the backend's public URL as the admin knows it (an
 * absolute `admin.backendUrl` or MEDUSA_BACKEND_URL), else this server on localhost. No trailing slash.
 */
export function collectionPageBaseUrl(options: { selfService: SelfServiceOptions }, backendUrl: string | undefined, port: string | undefined): string {
  const candidates = [options.selfService.baseUrl, backendUrl, `http://localhost:${/^\d{1,5}$/.test(port ?? "") ? port : "9000"}`]
  const base = candidates.find((url) => !!url && /^https?:\/\/[^\s/?#]+/.test(url))!
  return base.replace(/\/+$/, "")
}

/** What the admin and the page may know of the settings: never the secret. */
export type SelfServiceSettings = {
  enabled: boolean
  base_url: string
  link_ttl_days: number
  promise_max_days: number
  payment_providers: string[]
  payment_url: boolean
  pay_all_url: boolean
}

export function selfServiceSettings(
  options: { selfService: SelfServiceOptions; paymentUrlTemplate?: string; payAllUrlTemplate?: string },
  backendUrl: string | undefined,
  port: string | undefined
): SelfServiceSettings {
  return {
    enabled: selfServiceEnabled(options),
    base_url: collectionPageBaseUrl(options, backendUrl, port),
    link_ttl_days: options.selfService.linkTtlDays,
    promise_max_days: options.selfService.promiseMaxDays,
    payment_providers: options.selfService.paymentProviders,
    payment_url: !!options.paymentUrlTemplate,
    pay_all_url: !!options.payAllUrlTemplate,
  }
}
