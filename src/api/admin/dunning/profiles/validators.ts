import { z } from "@medusajs/framework/zod"
import { EmailAddress, Id, MAX_PAGE_SIZE, Metadata, PageLimit, PageOffset } from "../common-validators"

export const AdminUpsertCollectionProfile = z
  .object({
    billing_emails: z.array(EmailAddress).max(10, { error: "at most 10 billing e-mails" }).nullish(),
    terms_days: z.number().int().min(0).max(3650).nullish(),
    terms_start: z.enum(["order", "shipment", "delivery"]).nullish(),
    do_not_dun: z.boolean().optional(),
    rep_user_id: Id.nullish(),
    preferred_language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "must be a language tag such as 'en', 'de' or 'fr-CA'" })
      .nullish(),
    policy_id: Id.nullish(),
    notes: z.string().max(5000).nullish(),
    metadata: Metadata.nullish(),
  })
  .strict()
export type AdminUpsertCollectionProfileType = z.infer<typeof AdminUpsertCollectionProfile>

export const AdminSetGroupTerms = z
  .object({ terms_days: z.number().int().min(0).max(3650) })
  .strict()
export type AdminSetGroupTermsType = z.infer<typeof AdminSetGroupTerms>

/** The groups' terms, by customer group id, a page at a time. */
export const AdminGetGroupTermsParams = z.object({ limit: PageLimit(MAX_PAGE_SIZE), offset: PageOffset }).strict()
export type AdminGetGroupTermsParamsType = z.infer<typeof AdminGetGroupTermsParams>
