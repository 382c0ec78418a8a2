import type { Exec } from '../db/current-status.js';
import { viSortKey } from '../text/vi-sort.js';

/**
 * The name columns whose sort key (`<column>_sort`, migration Migration20261202000100_sort_keys) the loader writes
 * itself: computed here, thousands of rows cost nothing, where the trigger's SQL function would take a few hundred ms.
 */
const SORTED: Record<string, string> = { agency: 'name', information_system: 'name', indicator: 'name', source_document: 'title', task: 'title' };

/** The columns and rows with the table's sort key added, when the rows hold its name column. */
function withSortKey(table: string, columns: string[], rows: Record<string, unknown>[]): [string[], Record<string, unknown>[]] {
  const named = SORTED[table];
  if (!named || !columns.includes(named)) return [columns, rows];
  const key = `${named}_sort`;
  return [[...columns, key], rows.map((r) => ({ ...r, [key]: viSortKey(String(r[named])) }))];
}

/**
 * Upserts rows through json_populate_recordset: one statement per table whatever the row count, typed by the
 * table itself. Rows that are unchanged are not rewritten.
 */
export async function upsert(
  exec: Exec,
  table: string,
  conflict: string,
  columns: string[],
  rows: Record<string, unknown>[],
  updatable = columns,
): Promise<void> {
  if (rows.length === 0) return;
  const [allColumns, allRows] = withSortKey(table, columns, rows);
  const cols = allColumns.join(', ');
  const updates = (updatable === columns ? allColumns : updatable).filter((c) => !conflict.includes(c));
  const action = updates.length
    ? `do update set ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}
       where (${updates.map((c) => `${table}.${c}`).join(', ')}) is distinct from (${updates.map((c) => `excluded.${c}`).join(', ')})`
    : 'do nothing';
  await exec(
    `insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, ?::json) on conflict ${conflict} ${action}`,
    [JSON.stringify(allRows)],
  );
}
