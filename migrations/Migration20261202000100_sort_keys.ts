import { Migration } from '@mikro-orm/migrations';
import { viSortKeyFunctionSql } from '../src/text/vi-sort.js';

/**
 * Lists sort by name in Vietnamese order (src/text/vi-sort.ts), identically on the server and the embedded database:
 * names and titles get a stored sort key, computed by one SQL function whenever a row is written, compared byte by
 * byte (COLLATE "C"), so no collation of either database is involved. Plain SQL PostgreSQL 15 and 18 accept.
 */
export class Migration20261202000100_sort_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(viSortKeyFunctionSql());
    for (const [table, column] of [
      ['agency', 'name'],
      ['information_system', 'name'],
      ['indicator', 'name'],
      ['source_document', 'title'],
      ['task', 'title'],
    ]) {
      this.addSql(`alter table ${table} add column ${column}_sort text collate "C"
        generated always as (lien_thong_vi_sort_key(${column})) stored`);
      this.addSql(`create index ${table}_${column}_sort_idx on ${table} (${column}_sort, id)`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of [
      ['agency', 'name'],
      ['information_system', 'name'],
      ['indicator', 'name'],
      ['source_document', 'title'],
      ['task', 'title'],
    ])
      this.addSql(`alter table ${table} drop column if exists ${column}_sort`);
    this.addSql('drop function if exists lien_thong_vi_sort_key(text)');
  }
}
