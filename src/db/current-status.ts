import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, sql } from './sql.js';

const HISTORIES = {
  connection: { table: sql.raw('connection'), history: sql.raw('connection_event'), key: sql.raw('connection_id') },
  information_system: { table: sql.raw('information_system'), history: sql.raw('system_lifecycle_event'), key: sql.raw('system_id') },
} as const;

/**
 * The current status of a connection or system is its latest dated ACTUAL history entry (a PLANNED milestone never is): recomputed from the history,
 * for the given ids or for every row, so an entry dated earlier than the current one never overwrites it.
 * Rows already right are not rewritten.
 */
export async function refreshCurrentStatus(em: EntityManager, of: keyof typeof HISTORIES, ids: readonly number[] | null = null): Promise<void> {
  const { table, history, key } = HISTORIES[of];
  const only = ids ? sql`and ${key} in (${[...ids]})` : sql.empty;
  await execute(
    em,
    sql`update ${table} t set status = e.status, status_since = e.occurred_on
    from (select distinct on (${key}) ${key}, status, occurred_on from ${history}
          where role = 'ACTUAL' ${only} order by ${key}, occurred_on desc, id desc) e
    where e.${key} = t.id and (t.status, t.status_since) is distinct from (e.status, e.occurred_on)`,
  );
}
