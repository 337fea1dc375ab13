import { z } from "@medusajs/framework/zod"
import { CALL_LIST_ORDERS } from "../../../../modules/dunning/queries/worklists"
import { BooleanString, enumList, OneId, isoDate, PageLimit, PageOffset } from "../common-validators"

const FOLLOW_UP_TYPES = [
  "claim_for_non_payment",
  "promise_to_pay",
  "dispute_opened",
  "call_logged",
  "note",
  "escalated",
  "delivery_failed",
  "credit_hold_placed",
  "order_on_credit_hold",
] as const

/** The call list: open follow-ups across customers. */
export const AdminGetFollowUpsParams = z
  .object({
    assigned_to: OneId("assigned_to").optional(),
    customer_id: OneId("customer_id").optional(),
    type: enumList("type", FOLLOW_UP_TYPES).optional(),
    // true: only customers on credit hold; false: only those who are not
    credit_hold: BooleanString.optional(),
    order: z.enum(CALL_LIST_ORDERS, { error: `order: must be one of ${CALL_LIST_ORDERS.join(", ")}` }).optional(),
    limit: PageLimit(50),
    offset: PageOffset,
    now: isoDate("now").optional(),
  })
  .strict()
export type AdminGetFollowUpsParamsType = z.infer<typeof AdminGetFollowUpsParams>
