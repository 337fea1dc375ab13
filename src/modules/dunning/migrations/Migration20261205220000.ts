import { Migration } from "@medusajs/framework/mikro-orm/migrations";
import { AGING_SUMMARY_FUNCTION, DROP_AGING_SUMMARY_FUNCTION } from "../migration-sql/aging-summary";

/**
 * Aging over the summary tables becomes one function call (`dunning_aging_summary`, see
 * `migration-sql/aging-summary.ts`): one round trip carrying its own settings, with a plan kept per
 * connection, and a top list that reads customers in balance order only until no later one can enter it.
 */
export class Migration20261205220000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(AGING_SUMMARY_FUNCTION);
  }

  override async down(): Promise<void> {
    this.addSql(DROP_AGING_SUMMARY_FUNCTION);
  }

}
