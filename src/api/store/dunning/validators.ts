import { z } from "@medusajs/framework/zod"
import { ANSWER_NOTE_MAX, DISPUTE_REASON_MAX } from "../../../modules/dunning/domain/customer-answer"
import { Amount, checkAmountInCurrency, CurrencyCode, DateInput, Id, PageLimit, PageOffset } from "../../admin/dunning/common-validators"

/**
 * What the storefront routes take: strict like the admin API (unknown fields, operator objects and
 * prototype keys refused, every field bounded), never a customer id: the customer is the one logged in.
 */
export const RECEIVABLE_STATUSES = ["open", "paid", "void", "written_off"] as const
const Status = z.enum(RECEIVABLE_STATUSES)

export const StoreGetReceivablesParams = z
  .object({
    status: z.union([Status, z.array(Status).max(RECEIVABLE_STATUSES.length)]).optional(),
    limit: PageLimit(50),
    offset: PageOffset,
  })
  .strict()
export type StoreGetReceivablesParamsType = z.infer<typeof StoreGetReceivablesParams>

/** The same request sent again with the same key is recorded once (a retried request, a double click). */
const IdempotencyKey = z
  .string()
  .trim()
  .min(8, { error: "idempotency_key: at least 8 characters" })
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, { error: "idempotency_key: letters, digits and _ . : - only" })

export const StoreCreatePromise = z
  .object({
    promised_date: DateInput,
    promised_amount: Amount.optional(),
    promised_currency_code: CurrencyCode.optional(),
    receivable_ids: z.array(Id).min(1).max(200).optional(),
    note: z.string().trim().max(ANSWER_NOTE_MAX).optional(),
    idempotency_key: IdempotencyKey.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.promised_amount !== undefined && !body.promised_currency_code) {
      ctx.addIssue({ code: "custom", path: ["promised_currency_code"], message: "required with promised_amount" })
    }
    checkAmountInCurrency(ctx, "promised_amount", body.promised_amount, body.promised_currency_code)
  })
export type StoreCreatePromiseType = z.infer<typeof StoreCreatePromise>

export const StoreCreateDispute = z
  .object({
    receivable_ids: z.array(Id).min(1, { error: "receivable_ids: name the disputed invoices" }).max(50),
    reason: z
      .string()
      .trim()
      .min(1, { error: "reason: say what is wrong with the invoices" })
      .max(DISPUTE_REASON_MAX, { error: `reason: must be at most ${DISPUTE_REASON_MAX} characters` }),
    idempotency_key: IdempotencyKey.optional(),
  })
  .strict()
export type StoreCreateDisputeType = z.infer<typeof StoreCreateDispute>
