import { Migration } from '@mikro-orm/migrations';

/** Tables whose changes are announced on the `lien_thong_data_changed` channel (src/cache/data-changes.ts). */
const TABLES = ['connection', 'connection_event', 'observation', 'indicator'];

/**
 * Every committed change to the data behind cached counts and summaries is announced with NOTIFY (payload: the
 * table's name), whoever makes it: a hub process, `npm run import`, or SQL typed by hand. One notification per
 * statement (`for each statement`), and PostgreSQL folds identical ones within a transaction.
 */
export class Migration20261123000300_data_changed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function lien_thong_notify_data_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('lien_thong_data_changed', tg_table_name);
        return null;
      end
    $$`);
    for (const table of TABLES) {
      this.addSql(`create trigger ${table}_data_changed after insert or update or delete or truncate on ${table}
        for each statement execute function lien_thong_notify_data_changed()`);
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) this.addSql(`drop trigger if exists ${table}_data_changed on ${table}`);
    this.addSql('drop function if exists lien_thong_notify_data_changed()');
  }
}
