import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, sql, type Sql } from './sql.js';

/**
 * Where rows of one table go in a bulk upsert: the conflict target (an index expression written in code), the
 * columns written, and those an existing row takes from the new one (default: every column outside the target).
 */
export interface UpsertTarget<R> {
  table: string;
  conflict: string;
  columns: readonly (keyof R & string)[];
  updatable?: readonly (keyof R & string)[];
}

/**
 * Upserts rows through json_populate_recordset: one statement per table whatever the row count, each value typed
 * by the table's own column. Rows that are unchanged are not rewritten (no new row version, no trigger).
 */
export async function bulkUpsert<R extends object>(em: EntityManager, target: UpsertTarget<R>, rows: readonly R[]): Promise<void> {
  if (rows.length === 0) return;
  const table = sql.raw(target.table);
  const columns = sql.raw(target.columns.join(', '));
  const updates = (target.updatable ?? target.columns).filter((c) => !target.conflict.includes(c));
  const action = updates.length
    ? sql.raw(
        `do update set ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}
         where (${updates.map((c) => `${target.table}.${c}`).join(', ')}) is distinct from (${updates.map((c) => `excluded.${c}`).join(', ')})`,
      )
    : sql.raw('do nothing');
  await execute(
    em,
    sql`insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ${JSON.stringify(rows)}::json)
    on conflict ${sql.raw(target.conflict)} ${action}`,
  );
}

/** Key -> id, from a statement that selects `id` and a key `k`: how rows written in bulk are referred to by the next table. */
export async function idsByKey(em: EntityManager, query: Sql): Promise<Map<string, number>> {
  const rows = await execute(em, query);
  return new Map(rows.map((r) => [String(r.k), Number(r.id)]));
}
