import { z } from "@medusajs/framework/zod"
import { STATEMENT_MAX_DAYS } from "./document-builders"

const DAY_MS = 86_400_000

const CalendarDay = (field: string) =>
  z.iso.date({ error: `${field}: must be a date such as '2026-03-31'` }).refine((day) => day >= "2000-01-01" && day <= "2999-12-31", {
    error: `${field}: must be between 2000-01-01 and 2999-12-31`,
  })

/**
 * A statement's period for its payments: `from` and `to` (whole UTC days, both included) go together,
 * span at most STATEMENT_MAX_DAYS days; without them, the last 90 days up to today. The admin's download
 * and the customer's collection page accept the same.
 */
export const statementPeriodFields = { from: CalendarDay("from").optional(), to: CalendarDay("to").optional() }

export function checkStatementPeriod(q: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (!q.from !== !q.to) {
    ctx.addIssue({ code: "custom", path: [q.from ? "to" : "from"], message: "from and to must be given together" })
    return
  }
  if (q.from && q.to) {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "to: must not be before from" })
    } else if (days > STATEMENT_MAX_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `to: the period may span at most ${STATEMENT_MAX_DAYS} days` })
    }
  }
}
