import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

/**
 * Options of the webhook notification provider: where to POST notices (the merchant's bridge to SMS,
 * WhatsApp or an automated call service) and the shared secret they are signed with. The URL must be
 * https: a notice carries a customer's debts, and the signature proves origin, not secrecy. Plain http is
 * accepted only with `allowInsecureHttp` (a receiver on the same machine during development).
 */
export const WebhookOptionsSchema = z
  .object({
    channels: z.array(z.string()).optional(),
    url: z.url({ protocol: /^https?$/, error: "must be an https URL" }),
    secret: z.string().min(32, "must be at least 32 characters (a random string shared with the receiver)"),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (!options.allowInsecureHttp && options.url.toLowerCase().startsWith("http:")) {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "must be an https URL (notices carry customer data); set allowInsecureHttp: true only for a local receiver in development",
      })
    }
  })

export type WebhookOptions = z.output<typeof WebhookOptionsSchema>

export function parseWebhookOptions(raw: unknown): WebhookOptions {
  const parsed = WebhookOptionsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => (i.code === "unrecognized_keys" ? `unknown option(s) ${i.keys.map((k) => `'${k}'`).join(", ")}` : `'${i.path.join(".")}' ${i.message}`))
      .join("; ")
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `dunning webhook notification provider: invalid options: ${problems}`)
  }
  return parsed.data
}
