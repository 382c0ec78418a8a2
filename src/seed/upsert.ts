import type { Exec } from '../db/current-status.js';

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
  const cols = columns.join(', ');
  const updates = updatable.filter((c) => !conflict.includes(c));
  const action = updates.length
    ? `do update set ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}
       where (${updates.map((c) => `${table}.${c}`).join(', ')}) is distinct from (${updates.map((c) => `excluded.${c}`).join(', ')})`
    : 'do nothing';
  await exec(
    `insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, ?::json) on conflict ${conflict} ${action}`,
    [JSON.stringify(rows)],
  );
}
