import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * `dunning_stage.translation_sources`: by language, the fingerprint of the stage's own (English) text each
 * translation was written against, so that the policy can say which translations the English text has
 * changed under since. Stored stages have none: their translations count as current until they are saved.
 */
export class Migration20261204173000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dunning_stage" add column if not exists "translation_sources" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "dunning_stage" drop column if exists "translation_sources";`);
  }

}
