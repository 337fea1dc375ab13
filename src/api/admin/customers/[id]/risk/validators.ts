import { z } from "@medusajs/framework/zod"
import { isoDate, PageLimit, PageOffset } from "../../../dunning/common-validators"

/** A customer's risk score with its changes of band, newest first, paged; `now` (time travel) dates the channel that worked. */
export const AdminGetCustomerRiskParams = z
  .object({ limit: PageLimit(20), offset: PageOffset, now: isoDate("now").optional() })
  .strict()
export type AdminGetCustomerRiskParamsType = z.infer<typeof AdminGetCustomerRiskParams>
