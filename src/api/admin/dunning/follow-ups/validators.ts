import { z } from "@medusajs/framework/zod"
import { CALL_LIST_ORDERS } from "../../../../modules/dunning/queries/worklists"
import { Id, isoDate, PageLimit, PageOffset } from "../common-validators"

const FOLLOW_UP_TYPES = [
  "claim_for_non_payment",
  "promise_to_pay",
  "dispute_opened",
  "call_logged",
  "note",
  "escalated",
  "delivery_failed",
] as const

/** The call list: open follow-ups across customers. */
export const AdminGetFollowUpsParams = z
  .object({
    assigned_to: Id.optional(),
    customer_id: Id.optional(),
    type: z
      .union([z.enum(FOLLOW_UP_TYPES), z.array(z.enum(FOLLOW_UP_TYPES)).max(FOLLOW_UP_TYPES.length)], {
        error: `type: must be one of ${FOLLOW_UP_TYPES.join(", ")}`,
      })
      .optional(),
    order: z.enum(CALL_LIST_ORDERS, { error: `order: must be one of ${CALL_LIST_ORDERS.join(", ")}` }).optional(),
    limit: PageLimit(50),
    offset: PageOffset,
    now: isoDate("now").optional(),
  })
  .strict()
export type AdminGetFollowUpsParamsType = z.infer<typeof AdminGetFollowUpsParams>
