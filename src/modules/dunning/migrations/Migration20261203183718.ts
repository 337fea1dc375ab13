import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Terms that start at shipment or delivery:
 * - `dunning_collection_profile.terms_start`: when a customer's terms run from (null: the plugin option);
 * - `dunning_receivable.terms_days` and `terms_start`: the terms an order's invoice was given and what they
 *   run from. Invoices made from orders before keep their terms (they were written into the metadata) and
 *   ran from the order date; invoices entered or imported have none;
 * - `dunning_receivable.due_at` may be null: the invoice waits for the order's first shipment or delivery;
 * - a receivable without a due date has no next action, whatever writes it (a hold that ends, a re-plan
 *   after a policy change, a refund that re-opens it): a trigger clears it, so such an invoice is never
 *   chased before its terms start.
 */
export class Migration20261203183718 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_collection_profile" add column if not exists "terms_start" text check ("terms_start" in ('order', 'shipment', 'delivery')) null;`);

    this.addSql(`alter table if exists "dunning_receivable" add column if not exists "terms_days" integer null, add column if not exists "terms_start" text check ("terms_start" in ('order', 'shipment', 'delivery')) null;`);
    this.addSql(`alter table if exists "dunning_receivable" alter column "due_at" type timestamptz using ("due_at"::timestamptz);`);
    this.addSql(`alter table if exists "dunning_receivable" alter column "due_at" drop not null;`);

    this.addSql(`update "dunning_receivable" set "terms_start" = 'order', "terms_days" = case when jsonb_typeof("metadata"->'terms_days') = 'number' then ("metadata"->>'terms_days')::numeric::integer end where "source" = 'medusa_order' and "terms_start" is null;`);

    this.addSql(`
      create or replace function dunning_receivable_no_action_without_due_date() returns trigger language plpgsql as $$
      begin
        NEW.next_action_at := NULL;
        return NEW;
      end $$;`);
    this.addSql(`drop trigger if exists "dunning_receivable_no_action_without_due_date" on "dunning_receivable";`);
    this.addSql(`create trigger "dunning_receivable_no_action_without_due_date" before insert or update on "dunning_receivable" for each row
      when (NEW.due_at IS NULL AND NEW.next_action_at IS NOT NULL)
      execute function dunning_receivable_no_action_without_due_date();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "dunning_receivable_no_action_without_due_date" on "dunning_receivable";`);
    this.addSql(`drop function if exists dunning_receivable_no_action_without_due_date();`);

    // the old schema has no waiting invoices: their terms run from the order date again
    this.addSql(`update "dunning_receivable" set "due_at" = "issued_at" + make_interval(days => coalesce("terms_days", 0)), "next_action_at" = case when "status" = 'open' then to_timestamp(0) end where "due_at" is null;`);

    this.addSql(`alter table if exists "dunning_collection_profile" drop column if exists "terms_start";`);

    this.addSql(`alter table if exists "dunning_receivable" drop column if exists "terms_days", drop column if exists "terms_start";`);

    this.addSql(`alter table if exists "dunning_receivable" alter column "due_at" type timestamptz using ("due_at"::timestamptz);`);
    this.addSql(`alter table if exists "dunning_receivable" alter column "due_at" set not null;`);
  }

}
