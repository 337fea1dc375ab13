import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The comparison of template variants comes from the stage rates' one pass over `dunning_notice_line`
 * (grouped by variant as well): nothing reads the lines of notices sent under a split apart from the
 * others, so their partial index is dropped and the notices' writes do not keep it.
 */
export class Migration20261204215651 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_dunning_notice_line_variant_sent_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dunning_notice_line_variant_sent_at" ON "dunning_notice_line" ("sent_at") WHERE template_variant IS NOT NULL;`);
  }

}
