import { Migration } from '@mikro-orm/migrations';

/** The public change feed (`changes(since)`) reads the audit log from a time on: an index on the time finds the start. */
export class Migration20261202003100_change_feed_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index audit_log_at_idx on audit_log (at, id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop index audit_log_at_idx');
  }
}
