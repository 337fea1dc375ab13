import { z } from "@medusajs/framework/zod"
import { DateInput } from "../common-validators"

/** Revoking a customer's links takes nothing but, with allowTimeTravel, the moment it happens at. */
export const AdminRevokeCollectionLinks = z.object({ now: DateInput.optional() }).strict()
export type AdminRevokeCollectionLinksType = z.infer<typeof AdminRevokeCollectionLinks>
