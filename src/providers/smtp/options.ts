import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { parseMailbox } from "../shared/addresses"

/**
 * Options of the SMTP notification provider, as a merchant writes them under the notification module's
 * `providers` in `medusa-config.ts`. Without `host`, notices are written as `.eml` files to `outboxDir`
 * (the embedded default for demos and development). TLS certificate checks cannot be turned off, and a
 * password (`auth`) is only sent over TLS (`secure` or `requireTLS`) unless `allowInsecureAuth` says
 * otherwise: without `requireTLS`, a server (or anyone between) that does not offer STARTTLS would
 * receive it in the clear.
 */
export const SmtpOptionsSchema = z
  .object({
    channels: z.array(z.string()).optional(),
    from: z.string().refine((v) => !!parseMailbox(v), "must be an address or 'Name <address>', e.g. 'Acme Collections <ar@acme.test>'"),
    replyTo: z.string().refine((v) => !!parseMailbox(v), "must be an e-mail address").optional(),
    host: z.string().trim().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    secure: z.boolean().optional(),
    requireTLS: z.boolean().optional(),
    auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict().optional(),
    pool: z.boolean().default(true),
    maxConnections: z.number().int().min(1).max(100).default(5),
    maxMessages: z.number().int().min(1).max(100_000).default(100),
    rateLimit: z.number().int().min(1).max(100_000).optional(),
    rateDelta: z.number().int().min(1).max(3_600_000).default(1000),
    connectionTimeout: z.number().int().min(100).max(600_000).default(10_000),
    greetingTimeout: z.number().int().min(100).max(600_000).default(10_000),
    socketTimeout: z.number().int().min(100).max(600_000).default(60_000),
    outboxDir: z.string().trim().min(1).default("outbox"),
    allowInsecureAuth: z.boolean().default(false),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (options.auth && !options.secure && !options.requireTLS && !options.allowInsecureAuth) {
      ctx.addIssue({
        code: "custom",
        path: ["auth"],
        message:
          "is only sent over TLS: set secure: true (port 465) or requireTLS: true (STARTTLS, port 587); allowInsecureAuth: true sends the password unencrypted (a local test server only)",
      })
    }
  })

export type SmtpOptions = z.output<typeof SmtpOptionsSchema>

export function parseSmtpOptions(raw: unknown): SmtpOptions {
  const parsed = SmtpOptionsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => (i.code === "unrecognized_keys" ? `unknown option(s) ${i.keys.map((k) => `'${k}'`).join(", ")}` : `'${i.path.join(".")}' ${i.message}`))
      .join("; ")
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `dunning SMTP notification provider: invalid options: ${problems}`)
  }
  return parsed.data
}
