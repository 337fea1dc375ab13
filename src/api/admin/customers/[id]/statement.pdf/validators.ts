import { z } from "@medusajs/framework/zod"
import { isoDate } from "../../../dunning/common-validators"
import { checkStatementPeriod, statementPeriodFields } from "../../../dunning/statement-period"

/** The statement's period (see statement-period.ts), and `now` with time travel. */
export const AdminGetStatementParams = z
  .object({ now: isoDate("now").optional(), ...statementPeriodFields })
  .strict()
  .superRefine(checkStatementPeriod)
export type AdminGetStatementParamsType = z.infer<typeof AdminGetStatementParams>
