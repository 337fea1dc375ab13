import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The customer's collection page:
 * - `dunning_collection_profile.link_version`: the version every link to the customer's page carries;
 *   revoking the customer's links moves it on, so the links sent before stop working (0 for every
 *   customer so far: the links sent from now on carry it);
 * - `dunning_collection_profile.links_revoked_at`: when an admin last revoked them;
 * - `dunning_collection_event.author_type` may be "customer": an answer the customer gave on the page or
 *   the storefront. Stored events keep their author.
 */
export class Migration20261203200000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_collection_profile" add column if not exists "link_version" integer not null default 0, add column if not exists "links_revoked_at" timestamptz null;`);

    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_author_type_check";`);
    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_author_type_check" check ("author_type" in ('user', 'system', 'customer'));`);
  }

  override async down(): Promise<void> {
    // the old schema has no customer author: their answers are kept, as the system's
    this.addSql(`update "dunning_collection_event" set "author_type" = 'system' where "author_type" = 'customer';`);
    this.addSql(`alter table if exists "dunning_collection_event" drop constraint if exists "dunning_collection_event_author_type_check";`);
    this.addSql(`alter table if exists "dunning_collection_event" add constraint "dunning_collection_event_author_type_check" check ("author_type" in ('user', 'system'));`);

    this.addSql(`alter table if exists "dunning_collection_profile" drop column if exists "link_version", drop column if exists "links_revoked_at";`);
  }

}
