import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Documents with notices. A policy says what statement goes with each notice (`statement_attachment`: the
 * CSV, the PDF or both; "both" for the stored policies) and whether a new invoice is e-mailed when it is
 * issued (`send_invoice_on_issue`, on: invoices of orders; `send_invoice_on_import`, off: invoices imported
 * from an ERP or entered by hand). A notice has a kind: `reminder` (every notice stored so far) or
 * `invoice`. A receivable's `invoice_email_at` is when the run plans its invoice e-mail; it stays null for
 * every stored receivable, so no invoice issued before this migration is e-mailed; the run reads it through a
 * partial index over invoices whose due date is known (terms from the shipment wait for it). "Invoice sent" joins the
 * collection event types.
 */
export class Migration20261204203037 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_policy" add column if not exists "statement_attachment" text check ("statement_attachment" in ('csv', 'pdf', 'both')) not null default 'both', add column if not exists "send_invoice_on_issue" boolean not null default true, add column if not exists "send_invoice_on_import" boolean not null default false;`);
    this.addSql(`alter table if exists "dunning_notice" add column if not exists "kind" text check ("kind" in ('reminder', 'invoice')) not null default 'reminder';`);
    this.addSql(`alter table if exists "dunning_receivable" add column if not exists "invoice_email_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_receivable_invoice_email" ON "dunning_receivable" ("invoice_email_at") WHERE invoice_email_at IS NOT NULL AND due_at IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_type_check";`);
    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_type_check" check("type" in ('claim_for_non_payment', 'payment_received', 'payment_refunded', 'promise_to_pay', 'dispute_opened', 'dispute_resolved', 'call_logged', 'note', 'escalated', 'delivery_failed', 'hold_placed', 'hold_released', 'credit_hold_placed', 'credit_hold_released', 'credit_hold_overridden', 'order_on_credit_hold', 'invoice_sent'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "dunning_collection_event" where "type" = 'invoice_sent';`);
    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_type_check";`);
    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_type_check" check("type" in ('claim_for_non_payment', 'payment_received', 'payment_refunded', 'promise_to_pay', 'dispute_opened', 'dispute_resolved', 'call_logged', 'note', 'escalated', 'delivery_failed', 'hold_placed', 'hold_released', 'credit_hold_placed', 'credit_hold_released', 'credit_hold_overridden', 'order_on_credit_hold'));`);
    this.addSql(`drop index if exists "IDX_dunning_receivable_invoice_email";`);
    this.addSql(`alter table if exists "dunning_receivable" drop column if exists "invoice_email_at";`);
    this.addSql(`delete from "dunning_notice" where "kind" = 'invoice';`);
    this.addSql(`alter table if exists "dunning_notice" drop column if exists "kind";`);
    this.addSql(`alter table if exists "dunning_policy" drop column if exists "statement_attachment", drop column if exists "send_invoice_on_issue", drop column if exists "send_invoice_on_import";`);
  }

}
