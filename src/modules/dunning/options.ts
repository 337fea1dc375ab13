import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { riskDefaults, RiskOptionsSchema } from "./risk-options"
import { selfServiceDefaults, SelfServiceOptionsSchema } from "./self-service-options"

/** Medusa's payment provider ids: `pp_<provider identifier>_<id in medusa-config>`, e.g. `pp_system_default`. */
const PAYMENT_PROVIDER_ID = /^pp_[A-Za-z0-9][\w.-]*$/

const TERMS_DEFAULTS = { paymentProviders: ["pp_system_default"], customers: "with_terms" as const, startAt: "order" as const }

/**
 * Which orders are sales on terms. An order is on terms when it was paid with one of `paymentProviders`
 * (by default Medusa's manual provider: pay later, by invoice), or when its customer has terms (a
 * collection profile with terms days, or a customer group with terms). With `customers: "with_terms"`
 * (the default) only customers the merchant set up for collections count: those with a collection
 * profile or in a group with terms; `"all"` lets any customer's order on a listed provider through.
 * `startAt` says when the terms run from: the order date, its first shipment or its first delivery.
 */
export const TermsOptionsSchema = z
  .object({
    paymentProviders: z
      .array(z.string().trim().regex(PAYMENT_PROVIDER_ID, "must be Medusa payment provider ids such as 'pp_system_default' (pp_<identifier>_<id>)"))
      .max(50)
      .default(() => [...TERMS_DEFAULTS.paymentProviders]),
    customers: z.enum(["with_terms", "all"]).default(TERMS_DEFAULTS.customers),
    startAt: z.enum(["order", "shipment", "delivery"]).default(TERMS_DEFAULTS.startAt),
  })
  .strict()

/**
 * What a credit hold stops. `enforce` (on by default) refuses, for a customer on credit hold, the store's
 * checkout of an order paid with a provider of `terms.paymentProviders` and the admin's conversion of a
 * draft order (which an admin may override with a reason); off, holds are still placed, lifted and shown,
 * and orders placed meanwhile are flagged for the rep. `blockAllOrders` refuses every order of a held
 * customer, also those paid up front.
 */
export const CreditHoldOptionsSchema = z
  .object({
    enforce: z.boolean().default(true),
    blockAllOrders: z.boolean().default(false),
  })
  .strict()

/**
 * The plugin's options, as a merchant writes them in `medusa-config.ts`:
 * `plugins: [{ resolve: "medusa-plugin-dunning", options: { ... } }]`.
 * They are validated once when the module loads, so a typo stops the server with a message that says
 * which option is wrong, instead of surfacing as a silent misbehaviour weeks later.
 */
export const DunningOptionsSchema = z
  .object({
    defaultTermsDays: z.number().int().min(0).max(3650).default(30),
    /**
     * Cron expression of the scheduled dunning run. With Medusa's in-memory workflow engine (the default)
     * two runs may be at most 24.8 days apart (2^31-1 ms, the longest timer Node keeps): a monthly
     * schedule such as "0 9 1 * *" is refused at start-up unless the Redis workflow engine is configured.
     * The same holds for `delivery.schedule`.
     */
    schedule: z
      .string()
      .trim()
      .regex(/^(\S+\s+){4,5}\S+$/, "must be a cron expression with 5 or 6 fields, e.g. '*/15 * * * *'")
      .default("*/15 * * * *"),
    paymentUrlTemplate: z
      .string()
      .trim()
      .regex(/^https?:\/\//, "must be an http(s) URL, e.g. 'https://shop.example/pay/{{receivable.id}}'")
      .optional(),
    payAllUrlTemplate: z
      .string()
      .trim()
      .regex(/^https?:\/\//, "must be an http(s) URL, e.g. 'https://shop.example/account/invoices?customer={{customer.id}}'")
      .optional(),
    storeName: z.string().trim().min(1).max(200).optional(),
    /**
     * The store's language (a BCP 47 tag such as "de" or "fr-CH"): notices speak it to a customer whose
     * collection profile names no language, or one the stage has no templates in, and the notes written
     * for the reps (escalations, claims, delivery follow-ups) are in it where the plugin ships it.
     */
    defaultLanguage: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, "must be a language tag such as 'en', 'de' or 'fr-CH'")
      .default("en"),
    allowTimeTravel: z.boolean().default(false),
    /**
     * Whether this server registers the plugin's scheduled jobs (the run, delivery, the risk score, the
     * reconciliation). Off, it registers them with no executions: runs start from the admin or the admin API.
     */
    scheduledJobs: z.boolean().default(true),
    /**
     * How many batches of one dunning run are processed at the same time, each in its own transaction on
     * its own database connection. Customers are split between them by a hash of their id, so a customer
     * is only ever in one of them.
     */
    runConcurrency: z.number().int().min(1).max(16).default(2),
    createReceivablesFromOrders: z.boolean().default(true),
    /** The customer's collection page, reached from a signed link in every notice (see `self-service-options.ts`). */
    selfService: SelfServiceOptionsSchema.default(selfServiceDefaults),
    /** Which orders are sales on terms, and when their terms start (see `TermsOptionsSchema`). */
    terms: TermsOptionsSchema.default(() => ({ ...TERMS_DEFAULTS, paymentProviders: [...TERMS_DEFAULTS.paymentProviders] })),
    /** What a customer on credit hold can no longer do (see `CreditHoldOptionsSchema`). */
    creditHold: CreditHoldOptionsSchema.default({ enforce: true, blockAllOrders: false }),
    /** The customers' risk score: its nightly job, weights and bands (see `risk-options.ts`, docs/risk.md). */
    risk: RiskOptionsSchema.default(riskDefaults),
    /**
     * The PDF documents (invoice, statement of account): a document larger than `maxAttachmentBytes` is
     * refused. `logo` is the path of a PNG or JPEG file (at most 1 MB) shown on every document, read and
     * checked at start-up; `address` replaces the store address the documents show (from the Medusa store's
     * default stock location, else its metadata), one line per entry.
     */
    documents: z
      .object({
        maxAttachmentBytes: z.number().int().min(10_000).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
        logo: z.string().trim().min(1).max(1024).optional(),
        address: z.array(z.string().trim().min(1).max(200)).min(1).max(8).optional(),
      })
      .strict()
      .default({ maxAttachmentBytes: 5 * 1024 * 1024 }),
    delivery: z
      .object({
        /** The notification module channel e-mail notices go out on (whichever provider owns it). */
        emailChannel: z.string().trim().min(1).default("email"),
        /** Deliver a run's notices as soon as the run ends (otherwise only the delivery job sends them). */
        afterRun: z.boolean().default(true),
        /** Cron expression of the job that sends due notices and retries failed attempts. */
        schedule: z
          .string()
          .trim()
          .regex(/^(\S+\s+){4,5}\S+$/, "must be a cron expression with 5 or 6 fields, e.g. '* * * * *'")
          .default("* * * * *"),
        maxAttempts: z.number().int().min(1).max(100).default(8),
        retryBaseSeconds: z.number().int().min(1).max(86_400).default(60),
        retryMaxSeconds: z.number().int().min(1).max(7 * 86_400).default(6 * 3600),
        giveUpAfterHours: z.number().min(1).max(24 * 30).default(72),
        batchSize: z.number().int().min(1).max(1000).default(100),
        concurrency: z.number().int().min(1).max(100).default(5),
        /**
         * How long a worker's claim on delivery work lasts (a claimed batch of notices, a tick of the
         * delivery job): after a crash, another worker takes the work over once it runs out.
         */
        leaseSeconds: z.number().int().min(5).max(3600).default(300),
        /** Attach the notice's invoices as a CSV statement to e-mails. */
        attachStatementCsv: z.boolean().default(true),
        /**
         * Send e-mail notices to the customer's account e-mail when the collection profile names no billing
         * e-mails. Off by default: anyone can register an account with someone else's address, and a
         * notice about overdue invoices must not reach a stranger. Off, such a notice goes by the policy's
         * next channel, or fails with a follow-up asking the rep to add billing e-mails.
         */
        fallbackToCustomerEmail: z.boolean().default(false),
      })
      .strict()
      .default({
        emailChannel: "email",
        afterRun: true,
        schedule: "* * * * *",
        maxAttempts: 8,
        retryBaseSeconds: 60,
        retryMaxSeconds: 6 * 3600,
        giveUpAfterHours: 72,
        batchSize: 100,
        concurrency: 5,
        leaseSeconds: 300,
        attachStatementCsv: true,
        fallbackToCustomerEmail: false,
      }),
  })
  .strict()

export type DunningOptionsInput = z.input<typeof DunningOptionsSchema>
export type DunningOptions = z.output<typeof DunningOptionsSchema>

/** Keys Medusa itself may put in any module's options (e.g. a per-module database); not ours to validate. */
const FRAMEWORK_KEYS = new Set(["database", "resolve", "definition", "scope", "resources", "dependencies", "main"])

export function parseDunningOptions(raw: unknown): DunningOptions {
  const input = Object.fromEntries(
    Object.entries((raw ?? {}) as Record<string, unknown>).filter(([key]) => !FRAMEWORK_KEYS.has(key))
  )
  const parsed = DunningOptionsSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => {
        const path = issue.path.join(".")
        if (issue.code === "unrecognized_keys") {
          const prefix = path ? `${path}.` : ""
          return `unknown option(s) ${issue.keys.map((k) => `'${prefix}${k}'`).join(", ")}`
        }
        return `'${path}' ${issue.message}`
      })
      .join("; ")
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `medusa-plugin-dunning: invalid plugin options: ${problems}`
    )
  }
  return parsed.data
}
