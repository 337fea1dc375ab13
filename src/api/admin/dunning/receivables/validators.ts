import { z } from "@medusajs/framework/zod"
import { receivableInputProblems } from "../../../../modules/dunning/domain/receivable-rules"
import { fetchableDocumentUrl } from "../../../../workflows/dunning/erp-document"
import {
  Amount,
  BooleanString,
  checkAmountInCurrency,
  checkInThePast,
  CurrencyCode,
  DateInput,
  enumList,
  Id,
  IdList,
  isoDate,
  listParams,
  Metadata,
  PositiveAmount,
  requestedNow,
  SelectParams,
} from "../common-validators"

export const AdminGetReceivablesParams = listParams({ limit: 50, order: "due_at" })
  .extend({
    customer_id: IdList("customer_id").optional(),
    order_id: IdList("order_id").optional(),
    status: enumList("status", ["open", "paid", "void", "written_off"]).optional(),
    overdue: BooleanString.optional(),
    due_from: isoDate("due_from").optional(),
    due_to: isoDate("due_to").optional(),
    q: z.string().trim().min(1).max(100).optional(),
    source: Id.optional(),
    external_ref: Id.optional(),
    now: isoDate("now").optional(),
  })
  .refine((q) => !q.due_from || !q.due_to || q.due_from <= q.due_to, {
    error: "due_to: must not be before due_from",
    path: ["due_to"],
  })
export type AdminGetReceivablesParamsType = z.infer<typeof AdminGetReceivablesParams>

export const AdminGetReceivableParams = SelectParams

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

/** The bounds of a receivable's amounts and dates at `now` (see receivableInputProblems), as zod issues. */
function checkReceivable(ctx: z.RefinementCtx, row: z.infer<z.ZodObject<typeof ReceivableFields>>, now: Date) {
  for (const problem of receivableInputProblems(row, now)) {
    ctx.addIssue({ code: "custom", message: problem.message, path: [problem.field] })
  }
  checkErpDocument(ctx, row.metadata)
}

/** The ERP's PDF of the invoice, named in the metadata: an http(s) address or a file id of Medusa's file module. */
function checkErpDocument(ctx: z.RefinementCtx, metadata: Record<string, unknown> | null | undefined) {
  const url = metadata?.document_url
  if (url !== undefined && url !== null && (typeof url !== "string" || url.length > 2000 || !fetchableDocumentUrl(url))) {
    ctx.addIssue({ code: "custom", path: ["metadata", "document_url"], message: "must be an http(s) address of at most 2000 characters" })
  }
  const fileId = metadata?.document_file_id
  if (fileId !== undefined && fileId !== null && (typeof fileId !== "string" || !/^[\w.:/-]{1,200}$/.test(fileId))) {
    ctx.addIssue({ code: "custom", path: ["metadata", "document_file_id"], message: "must be the id of a file of Medusa's file module" })
  }
}

export const AdminCreateReceivable = z
  .object({ ...ReceivableFields, now: DateInput.optional() })
  .strict()
  .superRefine((body, ctx) => checkReceivable(ctx, body, requestedNow(body)))
export type AdminCreateReceivableType = z.infer<typeof AdminCreateReceivable>

const ImportRowFields = { ...ReceivableFields, external_ref: z.string().trim().min(1).max(200) }

/**
 * One row of an ERP import, checked at the batch's `now`; `external_ref` is required because it is what
 * makes the upsert idempotent.
 */
export const receivableImportRow = (now: Date) =>
  z
    .object(ImportRowFields)
    .strict()
    .superRefine((row, ctx) => checkReceivable(ctx, row, now))
export type ReceivableImportRowType = z.infer<ReturnType<typeof receivableImportRow>>

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
// the bounds that need the stored currency and dates are checked by the route (receivableInputProblems)
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
  .superRefine((body, ctx) => {
    // the receivable's own currency is checked by the route, which has it
    checkAmountInCurrency(ctx, "amount", body.amount, body.currency_code)
    checkInThePast(ctx, "paid_at", body.paid_at, requestedNow(body))
  })
export type AdminCreateReceivablePaymentType = z.infer<typeof AdminCreateReceivablePayment>

/** Invoicing an order by hand takes nothing but the moment it happens at (time travel). */
export const AdminCreateOrderReceivable = z.object({ now: isoDate("now").optional() }).strict()
export type AdminCreateOrderReceivableType = z.infer<typeof AdminCreateOrderReceivable>
