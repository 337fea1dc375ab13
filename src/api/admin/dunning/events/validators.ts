import { z } from "@medusajs/framework/zod"
import { COLLECTION_EVENT_TYPES } from "../../../../modules/dunning/models/collection-event"
import {
  Amount,
  BooleanString,
  checkAmountInCurrency,
  checkInThePast,
  checkNotFarAhead,
  checkNotFarBack,
  CurrencyCode,
  DateInput,
  enumList,
  Id,
  listParams,
  Metadata,
  requestedNow,
} from "../common-validators"

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
).superRefine((event, ctx) => {
  // a hold that a promise or a follow-up sets must end within a year; what happened cannot be in the future
  const now = requestedNow(event)
  checkInThePast(ctx, "occurred_at", event.occurred_at, now)
  checkNotFarAhead(ctx, "follow_up_due_at", event.follow_up_due_at, now)
  if (event.type === "promise_to_pay") {
    checkNotFarAhead(ctx, "promised_date", event.promised_date, now)
    checkNotFarBack(ctx, "promised_date", event.promised_date, now)
    checkAmountInCurrency(ctx, "promised_amount", event.promised_amount, event.promised_currency_code)
  }
})
export type AdminCreateCollectionEventType = z.infer<typeof AdminCreateCollectionEvent>

export const AdminGetCollectionEventsParams = listParams({ limit: 20, order: "-occurred_at" }).extend({
  type: enumList("type", COLLECTION_EVENT_TYPES).optional(),
  follow_up_status: z.enum(["open", "done"]).optional(),
  open_follow_ups: BooleanString.optional(),
})
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
  .superRefine((body, ctx) => checkNotFarAhead(ctx, "follow_up_due_at", body.follow_up_due_at, requestedNow(body)))
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
