import { model } from "@medusajs/framework/utils"
import { Receivable } from "./receivable"

/**
 * One movement of money against a receivable: a payment (capture in Medusa, payment booked in the ERP),
 * a refund, or an adjustment from an import. `amount_paid` on the receivable is always the sum of these
 * rows, and the unique `(source, external_ref)` makes replays of the same event harmless.
 */
export const ReceivablePayment = model
  .define(
    { name: "ReceivablePayment", tableName: "dunning_receivable_payment" },
    {
      id: model.id({ prefix: "rcvpay" }).primaryKey(),
      kind: model.enum(["payment", "refund", "adjustment"]).default("payment"),
      amount: model.bigNumber(),
      currency_code: model.text(),
      paid_at: model.dateTime(),
      source: model.text(),
      external_ref: model.text(),
      payment_id: model.text().nullable(),
      metadata: model.json().nullable(),
      receivable: model.belongsTo(() => Receivable, { mappedBy: "payments" }),
    }
  )
  .indexes([
    {
      name: "IDX_dunning_receivable_payment_source_ref_unique",
      on: ["source", "external_ref"],
      unique: true,
    },
    // the KPIs find the payments booked before their trend (on receivables issued before it) from this
    { name: "IDX_dunning_receivable_payment_paid_at", on: ["paid_at"] },
  ])
