import { z } from "@medusajs/framework/zod"
import { OVERDUE_ORDERS } from "../../../../modules/dunning/queries/worklists"
import { isKnownCurrency } from "../../../../modules/dunning/domain/currency"
import { RISK_BANDS } from "../../../../modules/dunning/domain/risk"
import { BooleanString, enumList, isoDate, OneId, PageLimit, PageOffset } from "../common-validators"

const Days = (field: string) =>
  z.coerce.number({ error: `${field}: must be a whole number of days` }).int({ error: `${field}: must be a whole number of days` }).min(0, { error: `${field}: must not be negative` }).max(36_500, { error: `${field}: must be at most 36500` })

/** Overdue receivables across customers. */
export const AdminGetOverdueParams = z
  .object({
    currency_code: z
      .string()
      .trim()
      .toLowerCase()
      .refine(isKnownCurrency, { error: "currency_code: must be an ISO 4217 currency code such as 'eur' or 'usd'" })
      .optional(),
    customer_group_id: OneId("customer_group_id").optional(),
    customer_id: OneId("customer_id").optional(),
    min_days_overdue: Days("min_days_overdue").optional(),
    max_days_overdue: Days("max_days_overdue").optional(),
    stage: OneId("stage").optional(),
    on_hold: BooleanString.optional(),
    // customers in these risk bands (new, low, medium, high)
    risk_band: enumList("risk_band", RISK_BANDS).optional(),
    order: z.enum(OVERDUE_ORDERS, { error: `order: must be one of ${OVERDUE_ORDERS.join(", ")}` }).optional(),
    limit: PageLimit(50),
    offset: PageOffset,
    now: isoDate("now").optional(),
  })
  .strict()
  .refine((q) => q.min_days_overdue === undefined || q.max_days_overdue === undefined || q.min_days_overdue <= q.max_days_overdue, {
    error: "max_days_overdue: must not be less than min_days_overdue",
    path: ["max_days_overdue"],
  })
export type AdminGetOverdueParamsType = z.infer<typeof AdminGetOverdueParams>
