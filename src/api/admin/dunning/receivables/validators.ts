import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { z } from "@medusajs/framework/zod"
import {
  Amount,
  BooleanString,
  CurrencyCode,
  DateInput,
  Id,
  isoDate,
  MAX_PAGE_SIZE,
  Metadata,
  PositiveAmount,
  StringOrList,
} from "../common-validators"

const Status = z.enum(["open", "paid", "void", "written_off"])

export const AdminGetReceivablesParams = createFindParams({ limit: 50, offset: 0, order: "due_at" })
  .extend({
    customer_id: StringOrList.optional(),
    order_id: StringOrList.optional(),
    status: z.union([Status, z.array(Status)]).optional(),
    overdue: BooleanString.optional(),
    due_from: isoDate("due_from").optional(),
    due_to: isoDate("due_to").optional(),
    q: z.string().trim().min(1).max(100).optional(),
    source: Id.optional(),
    external_ref: Id.optional(),
    now: isoDate("now").optional(),
  })
  .refine((q) => (q.limit ?? 0) <= MAX_PAGE_SIZE, { error: `limit: must be at most ${MAX_PAGE_SIZE}`, path: ["limit"] })
  .refine((q) => !q.due_from || !q.due_to || q.due_from <= q.due_to, {
    error: "due_to: must not be before due_from",
    path: ["due_to"],
  })
export type AdminGetReceivablesParamsType = z.infer<typeof AdminGetReceivablesParams>

export const AdminGetReceivableParams = createSelectParams()

const ReceivableFields = {
  customer_id: Id,
  number: z.string().trim().min(1).max(100),
  currency_code: CurrencyCode,
  amount: Amount,
  issued_at: DateInput,
  due_at: DateInput,
  source: z.string().trim().min(1).max(50).regex(/^[a-z0-9_.-]+$/i, { error: "letters, digits, '_', '-' and '.' only" }).optional(),
  external_ref: z.string().trim().min(1).max(200).optional(),
  order_id: Id.optional(),
  amount_paid: Amount.optional(),
  metadata: Metadata.nullish(),
}

export const AdminCreateReceivable = z.object(ReceivableFields).strict()
export type AdminCreateReceivableType = z.infer<typeof AdminCreateReceivable>

/** One row of an ERP import; `external_ref` is required because it is what makes the upsert idempotent. */
export const ReceivableImportRow = z.object({ ...ReceivableFields, external_ref: z.string().trim().min(1).max(200) }).strict()
export type ReceivableImportRowType = z.infer<typeof ReceivableImportRow>

export const MAX_BATCH_ROWS = 1000

/** Rows are validated one by one in the handler, so that every bad row is reported with its index. */
export const AdminBatchReceivables = z
  .object({
    receivables: z
      .array(z.unknown())
      .min(1, { error: "receivables: send at least one row" })
      .max(MAX_BATCH_ROWS, { error: `receivables: at most ${MAX_BATCH_ROWS} rows per request` }),
    now: DateInput.optional(),
  })
  .strict()
export type AdminBatchReceivablesType = z.infer<typeof AdminBatchReceivables>

export const AdminUpdateReceivable = z
  .object({
    number: z.string().trim().min(1).max(100).optional(),
    amount: Amount.optional(),
    issued_at: DateInput.optional(),
    due_at: DateInput.optional(),
    metadata: Metadata.nullish(),
    status: z.enum(["open", "void", "written_off"]).optional(),
    status_reason: z.string().trim().max(500).nullish(),
    now: DateInput.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== "now"), { error: "send at least one field to change" })
export type AdminUpdateReceivableType = z.infer<typeof AdminUpdateReceivable>

export const AdminCreateReceivablePayment = z
  .object({
    amount: PositiveAmount,
    paid_at: DateInput.optional(),
    external_ref: z.string().trim().min(1).max(200),
    source: z.string().trim().min(1).max(50).regex(/^[a-z0-9_.-]+$/i, { error: "letters, digits, '_', '-' and '.' only" }).optional(),
    currency_code: CurrencyCode.optional(),
    note: z.string().trim().max(2000).optional(),
    now: DateInput.optional(),
  })
  .strict()
export type AdminCreateReceivablePaymentType = z.infer<typeof AdminCreateReceivablePayment>
