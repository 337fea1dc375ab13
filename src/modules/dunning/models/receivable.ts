import { model } from "@medusajs/framework/utils"
import { ReceivablePayment } from "./receivable-payment"

/**
 * One invoice a business customer owes: from a Medusa order placed on terms, or pushed in by an ERP.
 * The dunning state (`next_action_at`, `stage`, `notices_sent`, hold) lives on the row so that the
 * scheduled scan reads only due work through the partial index on `next_action_at`. A receivable without
 * a due date (terms that start at shipment or delivery, not yet reached) has no next action: the database
 * keeps it so whatever writes the row.
 */
export const Receivable = model
  .define(
    { name: "Receivable", tableName: "dunning_receivable" },
    {
      id: model.id({ prefix: "rcv" }).primaryKey(),
      customer_id: model.text(),
      order_id: model.text().nullable(),
      number: model.text(),
      source: model.text().default("manual"),
      external_ref: model.text().nullable(),
      currency_code: model.text(),
      amount: model.bigNumber(),
      amount_paid: model.bigNumber().default(0),
      issued_at: model.dateTime(),
      // null while the terms wait for the order's first shipment or delivery: never chased until then
      due_at: model.dateTime().nullable(),
      // the terms an order's invoice was given, and what they run from (null for invoices entered or imported)
      terms_days: model.number().nullable(),
      terms_start: model.enum(["order", "shipment", "delivery"]).nullable(),
      status: model.enum(["open", "paid", "void", "written_off"]).default("open"),
      status_reason: model.text().nullable(),
      paid_at: model.dateTime().nullable(),
      closed_at: model.dateTime().nullable(),
      next_action_at: model.dateTime().nullable(),
      stage: model.text().nullable(),
      notices_sent: model.number().default(0),
      last_notice_at: model.dateTime().nullable(),
      // when the invoice was last handed to the rep (an escalation stage, or its maximum of notices)
      escalated_at: model.dateTime().nullable(),
      hold_until: model.dateTime().nullable(),
      hold_reason: model.text().nullable(),
      // when the run plans the invoice's e-mail (its issue date); null once planned, or never to be sent
      invoice_email_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
      payments: model.hasMany(() => ReceivablePayment, { mappedBy: "receivable" }),
    }
  )
  .cascades({ delete: ["payments"] })
  .indexes([
    {
      name: "IDX_dunning_receivable_next_action_open",
      on: ["next_action_at"],
      where: "status = 'open' AND next_action_at IS NOT NULL",
    },
    { name: "IDX_dunning_receivable_customer_status", on: ["customer_id", "status"] },
    {
      name: "IDX_dunning_receivable_order_unique",
      on: ["order_id"],
      unique: true,
      where: "order_id IS NOT NULL",
    },
    {
      name: "IDX_dunning_receivable_source_ref_unique",
      on: ["source", "external_ref"],
      unique: true,
      where: "external_ref IS NOT NULL",
    },
    { name: "IDX_dunning_receivable_due_at", on: ["due_at"] },
    {
      // the invoice e-mails the run plans: issued invoices whose due date is known (terms that start at the
      // shipment or delivery wait for it: the invoice goes out with its due date)
      name: "IDX_dunning_receivable_invoice_email",
      on: ["invoice_email_at"],
      where: "invoice_email_at IS NOT NULL AND due_at IS NOT NULL",
    },
    {
      // the risk score reads each customer's receivables from this index alone, in customer and currency order
      name: "IDX_dunning_receivable_customer_risk",
      on: ["customer_id", "currency_code", "status", "issued_at", "due_at", "paid_at", "amount", "amount_paid"],
    },
    {
      // aging reads open balances from this index alone, in currency and customer order
      name: "IDX_dunning_receivable_open_aging",
      on: ["currency_code", "customer_id", "due_at", "amount", "amount_paid"],
      where: "status = 'open'",
    },
    // the KPIs read the receivables issued or settled on the day of a bound that is not a midnight, and
    // those issued before the trend, from these (the rest from the per-day summary `dunning_kpi_day`)
    { name: "IDX_dunning_receivable_issued_at", on: ["issued_at"] },
    { name: "IDX_dunning_receivable_paid_at", on: ["paid_at"], where: "status = 'paid'" },
    { name: "IDX_dunning_receivable_closed_at", on: ["closed_at"], where: "status IN ('void', 'written_off')" },
  ])
