import { model } from "@medusajs/framework/utils"
import { DunningStage } from "./dunning-stage"

/**
 * How customers are chased: grace days, re-send interval, the most notices (if any) before a person takes over,
 * the contact cap, the send window, the collections manager in CC, and the ordered stages. One default
 * policy; others apply to customer groups and risk bands by priority, or to customers that pin them.
 */
export const DunningPolicy = model
  .define(
    { name: "DunningPolicy", tableName: "dunning_policy" },
    {
      id: model.id({ prefix: "dpol" }).primaryKey(),
      name: model.text(),
      is_default: model.boolean().default(false),
      enabled: model.boolean().default(true),
      priority: model.number().default(0),
      customer_group_ids: model.json().nullable(),
      // the risk bands the policy is for: ["high"]; with groups too, a customer must match both
      risk_bands: model.json().nullable(),
      // notices go first by the channel that last got this customer to pay
      prefer_channel_that_worked: model.boolean().default(false),
      // the policy the plugin ships ("high_risk"): added once to every store, never again once deleted
      shipped_as: model.text().nullable(),
      tolerance_days: model.number().default(5),
      resend_days: model.number().default(7),
      // null: reminders go on until the invoice is paid; a number: then the rep takes over (escalation)
      max_notices: model.number().nullable(),
      max_contacts_per_30_days: model.number().default(3),
      cc: model.json().nullable(),
      bcc: model.json().nullable(),
      reply_to: model.text().nullable(),
      timezone: model.text().default("UTC"),
      send_days: model.json().nullable(),
      send_hour_start: model.number().default(8),
      send_hour_end: model.number().default(18),
      channels: model.json().nullable(),
      // credit hold rules: [{ currency_code, amount }], held while more than that is overdue in the currency
      credit_hold_overdue_above: model.json().nullable(),
      // held while an invoice is more than this many days overdue (null: no such rule)
      credit_hold_days_overdue: model.number().nullable(),
      // the statement of account that goes with each notice: the CSV, the PDF, or both
      statement_attachment: model.enum(["csv", "pdf", "both"]).default("both"),
      // a new invoice is e-mailed to the billing contacts with its PDF: invoices of orders, and those
      // imported from an ERP or entered by hand (an ERP often sends its own)
      send_invoice_on_issue: model.boolean().default(true),
      send_invoice_on_import: model.boolean().default(false),
      metadata: model.json().nullable(),
      stages: model.hasMany(() => DunningStage, { mappedBy: "policy" }),
    }
  )
  .cascades({ delete: ["stages"] })
  .indexes([
    {
      name: "IDX_dunning_policy_single_default",
      on: ["is_default"],
      unique: true,
      where: "is_default = true",
    },
  ])
