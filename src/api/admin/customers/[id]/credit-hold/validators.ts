import { z } from "@medusajs/framework/zod"
import { checkNotFarAhead, isoDate, requestedNow } from "../../../../admin/dunning/common-validators"

const Reason = z.string().trim().min(1, { error: "say why" }).max(500)

/** A credit hold placed by hand: the reason the customer's history keeps. */
export const AdminPlaceCreditHold = z.object({ reason: Reason, now: isoDate().optional() }).strict()
export type AdminPlaceCreditHoldType = z.infer<typeof AdminPlaceCreditHold>

/**
 * Releasing the hold in force by hand: the reason, and until when the policy's rules may not place a new
 * hold (left out: until the customer is clear of them once). At most a year ahead.
 */
export const AdminReleaseCreditHold = z
  .object({ reason: Reason, waive_until: isoDate().nullish(), now: isoDate().optional() })
  .strict()
  .superRefine((body, ctx) => checkNotFarAhead(ctx, "waive_until", body.waive_until, requestedNow(body)))
export type AdminReleaseCreditHoldType = z.infer<typeof AdminReleaseCreditHold>
