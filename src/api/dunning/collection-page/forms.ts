import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { ANSWER_NOTE_MAX, DISPUTE_REASON_MAX } from "../../../modules/dunning/domain/customer-answer"
import { isKnownCurrency, moneyProblem } from "../../../modules/dunning/domain/currency"
import { checkStatementPeriod, statementPeriodFields } from "../../admin/dunning/statement-period"
import { bodyProblem, describeIssues } from "../../validation"

/**
 * The page's forms as the browser sends them (application/x-www-form-urlencoded): strict, every field a
 * bounded string, an empty optional field the same as a missing one. A refusal names the field.
 */
const FormToken = z.string().max(100)
const Id = z.string().trim().min(1).max(100)
const blankAsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value)

export const PromiseForm = z
  .object({
    form_token: FormToken,
    promised_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-07-01"),
    promised_amount: z.preprocess(
      blankAsMissing,
      z.string().trim().regex(/^\d{1,13}([.,]\d{1,4})?$/, "must be an amount such as 1250.50").transform((v) => v.replace(",", ".")).optional()
    ),
    promised_currency_code: z.preprocess(blankAsMissing, z.string().trim().toLowerCase().refine(isKnownCurrency, "must be a currency code").optional()),
    note: z.preprocess(blankAsMissing, z.string().max(ANSWER_NOTE_MAX, `must be at most ${ANSWER_NOTE_MAX} characters`).optional()),
  })
  .strict()
  .superRefine((form, ctx) => {
    if (form.promised_amount !== undefined) {
      const problem = form.promised_currency_code
        ? moneyProblem(form.promised_amount, { currency_code: form.promised_currency_code })
        : "needs a currency"
      if (problem) {
        ctx.addIssue({ code: "custom", path: ["promised_amount"], message: problem })
      }
    }
  })

export const DisputeForm = z
  .object({
    form_token: FormToken,
    receivable_id: Id,
    reason: z.string().trim().min(1, "say what is wrong with the invoice").max(DISPUTE_REASON_MAX, `must be at most ${DISPUTE_REASON_MAX} characters`),
  })
  .strict()

export const PayForm = z
  .object({
    form_token: FormToken,
    receivable: Id,
    provider_id: Id,
  })
  .strict()

/**
 * `?from=&to=` on the statement's PDF: the period of its payments, as the admin's download takes it (empty
 * fields, as an untouched date form sends them, mean the last 90 days).
 */
export const StatementQuery = z
  .object({
    from: z.preprocess(blankAsMissing, statementPeriodFields.from),
    to: z.preprocess(blankAsMissing, statementPeriodFields.to),
  })
  .strict()
  .superRefine(checkStatementPeriod)

/** `?receivable=<id>` (or `all` for paying) on the pages that show one form. */
export const InvoiceQuery = z.object({ receivable: Id }).strict()

/** The parsed form, or a 400-worthy error naming the field. */
export function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const problem = bodyProblem(value)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${problem.path || "form"}: ${problem.message}`)
  }
  const result = schema.safeParse(value ?? {})
  if (!result.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, describeIssues(result.error.issues, 5, value))
  }
  return result.data
}
