import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Reminders until paid, grace days and one notice in flight per customer:
 * - `dunning_policy.max_notices` becomes optional (null: reminders go on until the invoice is paid; the
 *   default of new policies). Stored policies keep the maximum they have: a merchant who wants reminders
 *   until paid clears it in the editor; one that keeps it now gets an escalation when it is reached;
 * - `dunning_stage.stops_reminders`: from that stage on the rep alone follows the invoice up;
 * - `dunning_receivable.escalated_at`: when the invoice was last handed to the rep;
 * - `dunning_notice.on_request` (who asked for a reminder sent on request, and what it went past) and
 *   `dunning_notice.folds` (what later runs added to a notice while it was still scheduled);
 * - open receivables that the old rules had left silent (every stage done, or the maximum reached) and
 *   that are not held are handed to the next run, which plans them under the new rules.
 */
export class Migration20261203162118 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_policy" alter column "max_notices" drop default;`);
    this.addSql(`alter table if exists "dunning_policy" alter column "max_notices" drop not null;`);

    this.addSql(`alter table if exists "dunning_stage" add column if not exists "stops_reminders" boolean not null default false;`);

    this.addSql(`alter table if exists "dunning_notice" add column if not exists "on_request" jsonb null, add column if not exists "folds" jsonb null;`);

    this.addSql(`alter table if exists "dunning_receivable" add column if not exists "escalated_at" timestamptz null;`);

    this.addSql(`update "dunning_receivable" set "next_action_at" = to_timestamp(0), "updated_at" = now() where "status" = 'open' and "next_action_at" is null and "hold_reason" is null and "deleted_at" is null;`);
  }

  override async down(): Promise<void> {
    // the old schema had no "until paid": those policies get the old default maximum back
    this.addSql(`update "dunning_policy" set "max_notices" = 5 where "max_notices" is null;`);
    this.addSql(`alter table if exists "dunning_policy" alter column "max_notices" set default 5;`);
    this.addSql(`alter table if exists "dunning_policy" alter column "max_notices" set not null;`);

    this.addSql(`alter table if exists "dunning_stage" drop column if exists "stops_reminders";`);

    this.addSql(`alter table if exists "dunning_notice" drop column if exists "on_request", drop column if exists "folds";`);

    this.addSql(`alter table if exists "dunning_receivable" drop column if exists "escalated_at";`);
  }

}
