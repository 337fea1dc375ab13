import { model } from "@medusajs/framework/utils"

export const COLLECTION_EVENT_TYPES = [
  "claim_for_non_payment",
  "payment_received",
  "payment_refunded",
  "promise_to_pay",
  "dispute_opened",
  "dispute_resolved",
  "call_logged",
  "note",
  "escalated",
  "delivery_failed",
  "hold_placed",
  "hold_released",
  "credit_hold_placed",
  "credit_hold_released",
  "credit_hold_overridden",
  "order_on_credit_hold",
  "invoice_sent",
] as const

/**
 * A line in a customer's account history. "Claim for Non-Payment" is the title of the event recorded
 * when a notice goes out; some events are follow-up tasks (open/done, assignee, due date) that reps
 * work through as a call list.
 */
export const CollectionEvent = model
  .define(
    { name: "CollectionEvent", tableName: "dunning_collection_event" },
    {
      id: model.id({ prefix: "cevt" }).primaryKey(),
      customer_id: model.text(),
      type: model.enum([...COLLECTION_EVENT_TYPES]),
      title: model.text(),
      receivable_ids: model.json().nullable(),
      notice_id: model.text().nullable(),
      note: model.text().nullable(),
      outcome: model.text().nullable(),
      // "customer": answered by the customer on the collection page or the storefront (author_id: the customer)
      author_type: model.enum(["user", "system", "customer"]).default("system"),
      author_id: model.text().nullable(),
      occurred_at: model.dateTime(),
      follow_up_status: model.enum(["open", "done"]).nullable(),
      assigned_to: model.text().nullable(),
      follow_up_due_at: model.dateTime().nullable(),
      follow_up_done_at: model.dateTime().nullable(),
      follow_up_done_by: model.text().nullable(),
      promised_amount: model.bigNumber().nullable(),
      promised_currency_code: model.text().nullable(),
      promised_date: model.dateTime().nullable(),
      idempotency_key: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { name: "IDX_dunning_collection_event_customer", on: ["customer_id", "occurred_at"] },
    {
      // promises and disputes by type, for all customers (KPIs) or one (the customer's summary)
      name: "IDX_dunning_collection_event_type_customer",
      on: ["type", "customer_id", "occurred_at"],
    },
    {
      name: "IDX_dunning_collection_event_follow_up_open",
      on: ["follow_up_due_at"],
      where: "follow_up_status = 'open'",
    },
    {
      name: "IDX_dunning_collection_event_idempotency_unique",
      on: ["idempotency_key"],
      unique: true,
      where: "idempotency_key IS NOT NULL",
    },
  ])
