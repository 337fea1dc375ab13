import { createFindParams } from "@medusajs/medusa/api/utils/validators"
import { z } from "@medusajs/framework/zod"
import { Amount, BooleanString, CurrencyCode, DateInput, Id, MAX_PAGE_SIZE, Metadata } from "../common-validators"

export const CALL_OUTCOMES = [
  "reached",
  "left_voicemail",
  "no_answer",
  "wrong_number",
  "promised_payment",
  "disputed",
  "refused",
] as const

const Note = z.string().trim().max(5000)
const ReceivableIds = z.array(Id).max(200)
const FollowUp = {
  /** With allowTimeTravel: the moment the event is recorded at (holds are measured from it). */
  now: DateInput.optional(),
  follow_up: z.boolean().optional(),
  assigned_to: Id.nullish(),
  follow_up_due_at: DateInput.nullish(),
}

/**
 * What a rep can record by hand. Claims for non-payment, payments, escalations and delivery failures
 * are written by the system only.
 */
export const AdminCreateCollectionEvent = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("call_logged"), outcome: z.enum(CALL_OUTCOMES), note: Note.optional(), receivable_ids: ReceivableIds.optional(), occurred_at: DateInput.optional(), ...FollowUp, metadata: Metadata.nullish() }).strict(),
    z.object({ type: z.literal("note"), note: Note.min(1), receivable_ids: ReceivableIds.optional(), occurred_at: DateInput.optional(), ...FollowUp, metadata: Metadata.nullish() }).strict(),
    z
      .object({
        type: z.literal("promise_to_pay"),
        promised_date: DateInput,
        promised_amount: Amount.optional(),
        promised_currency_code: CurrencyCode.optional(),
        note: Note.optional(),
        receivable_ids: ReceivableIds.optional(),
        occurred_at: DateInput.optional(),
        ...FollowUp,
        metadata: Metadata.nullish(),
      })
      .strict()
      .refine((e) => e.promised_amount === undefined || !!e.promised_currency_code, {
        error: "promised_currency_code: required with promised_amount",
        path: ["promised_currency_code"],
      }),
    z.object({ type: z.literal("dispute_opened"), receivable_ids: ReceivableIds.min(1, { error: "receivable_ids: name the disputed invoices" }), note: Note.min(1, { error: "note: say what the customer disputes" }), occurred_at: DateInput.optional(), ...FollowUp, metadata: Metadata.nullish() }).strict(),
    z.object({ type: z.literal("dispute_resolved"), receivable_ids: ReceivableIds.min(1, { error: "receivable_ids: name the invoices whose dispute is resolved" }), note: Note.optional(), occurred_at: DateInput.optional(), ...FollowUp, metadata: Metadata.nullish() }).strict(),
  ],
  { error: "type: must be one of call_logged, note, promise_to_pay, dispute_opened, dispute_resolved" }
)
export type AdminCreateCollectionEventType = z.infer<typeof AdminCreateCollectionEvent>

export const AdminGetCollectionEventsParams = createFindParams({ limit: 20, offset: 0, order: "-occurred_at" })
  .extend({
    type: z.union([z.string().max(50), z.array(z.string().max(50))]).optional(),
    follow_up_status: z.enum(["open", "done"]).optional(),
    open_follow_ups: BooleanString.optional(),
  })
  .refine((q) => (q.limit ?? 0) <= MAX_PAGE_SIZE, { error: `limit: must be at most ${MAX_PAGE_SIZE}`, path: ["limit"] })
export type AdminGetCollectionEventsParamsType = z.infer<typeof AdminGetCollectionEventsParams>

export const AdminUpdateCollectionEvent = z
  .object({
    follow_up_status: z.enum(["open", "done"]).optional(),
    assigned_to: Id.nullish(),
    follow_up_due_at: DateInput.nullish(),
    note: Note.nullish(),
    outcome: z.enum(CALL_OUTCOMES).nullish(),
    now: DateInput.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== "now"), { error: "send at least one field to change" })
export type AdminUpdateCollectionEventType = z.infer<typeof AdminUpdateCollectionEvent>

export const collectionEventFields = [
  "id",
  "customer_id",
  "type",
  "title",
  "receivable_ids",
  "notice_id",
  "note",
  "outcome",
  "author_type",
  "author_id",
  "occurred_at",
  "follow_up_status",
  "assigned_to",
  "follow_up_due_at",
  "follow_up_done_at",
  "follow_up_done_by",
  "promised_amount",
  "promised_currency_code",
  "promised_date",
  "metadata",
  "created_at",
]

export const collectionEventQueryConfig = {
  list: { defaults: collectionEventFields, allowed: collectionEventFields, isList: true, defaultLimit: 20 },
  retrieve: { defaults: collectionEventFields, allowed: collectionEventFields, isList: false },
}
