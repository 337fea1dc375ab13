import { z } from "@medusajs/framework/zod"
import { PageLimit, PageOffset } from "../../../dunning/common-validators"

/** A customer's risk score with its changes of band, newest first, paged. */
export const AdminGetCustomerRiskParams = z.object({ limit: PageLimit(20), offset: PageOffset }).strict()
export type AdminGetCustomerRiskParamsType = z.infer<typeof AdminGetCustomerRiskParams>
