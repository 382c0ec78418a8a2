import { Migration } from '@mikro-orm/migrations';
import { viSortKeyFunctionSql } from '../src/text/vi-sort.js';

/** The tables whose lists sort by a name, and that name's column: each gets `<column>_sort`. */
export const SORTED_NAMES = [
  ['agency', 'name'],
  ['information_system', 'name'],
  ['indicator', 'name'],
  ['source_document', 'title'],
  ['task', 'title'],
] as const;

/**
 * Lists sort by name in Vietnamese order (src/text/vi-sort.ts), identically on the server and the embedded database:
 * names and titles get a stored sort key, compared byte by byte (COLLATE "C"), so no collation of either database is
 * involved. The seed loader writes the keys it computes in TypeScript (`viSortKey`: thousands of rows in one
 * statement, where the SQL function would cost a few hundred ms); for every other write a trigger fills the key
 * with the SQL function `lien_thong_vi_sort_key`, its twin (the tests check that both agree on every row). Plain SQL
 * PostgreSQL 15 and 18 accept.
 */
export class Migration20261202000100_sort_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(viSortKeyFunctionSql());
    for (const column of ['name', 'title']) {
      // The key is recomputed when the writer gave none, or changed the name without changing the key.
      this.addSql(`create or replace function lien_thong_${column}_sort() returns trigger language plpgsql as $fn$
        begin
          if new.${column}_sort is null
             or (tg_op = 'UPDATE' and new.${column} is distinct from old.${column} and new.${column}_sort is not distinct from old.${column}_sort) then
            new.${column}_sort := lien_thong_vi_sort_key(new.${column});
          end if;
          return new;
        end
      $fn$`);
    }
    for (const [table, column] of SORTED_NAMES) {
      this.addSql(`alter table ${table} add column ${column}_sort text collate "C"`);
      this.addSql(`update ${table} set ${column}_sort = lien_thong_vi_sort_key(${column})`);
      this.addSql(`alter table ${table} alter column ${column}_sort set not null`);
      this.addSql(`create trigger ${table}_${column}_sort before insert or update on ${table}
        for each row execute function lien_thong_${column}_sort()`);
      this.addSql(`create index ${table}_${column}_sort_idx on ${table} (${column}_sort, id)`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of SORTED_NAMES) {
      this.addSql(`drop trigger if exists ${table}_${column}_sort on ${table}`);
      this.addSql(`alter table ${table} drop column if exists ${column}_sort`);
    }
    this.addSql('drop function if exists lien_thong_name_sort()');
    this.addSql('drop function if exists lien_thong_title_sort()');
    this.addSql('drop function if exists lien_thong_vi_sort_key(text)');
  }
}
