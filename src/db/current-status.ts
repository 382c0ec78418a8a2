import type { Row } from './sql.js';

export type Exec = (sql: string, params?: unknown[]) => Promise<Row[]>;

const HISTORIES = {
  connection: { history: 'connection_event', key: 'connection_id' },
  information_system: { history: 'system_lifecycle_event', key: 'system_id' },
} as const;

/**
 * The current status of a connection or system is its latest dated ACTUAL history entry (a PLANNED milestone never is): recomputed from the history,
 * for the given ids or for every row, so an entry dated earlier than the current one never overwrites it.
 * Rows already right are not rewritten.
 */
export async function refreshCurrentStatus(exec: Exec, table: keyof typeof HISTORIES, ids: number[] | null = null): Promise<void> {
  const { history, key } = HISTORIES[table];
  await exec(
    `update ${table} t set status = e.status, status_since = e.occurred_on
    from (select distinct on (${key}) ${key}, status, occurred_on from ${history}
          where role = 'ACTUAL' ${ids ? `and ${key} in (?)` : ''} order by ${key}, occurred_on desc, id desc) e
    where e.${key} = t.id and (t.status, t.status_since) is distinct from (e.status, e.occurred_on)`,
    ids ? [ids] : [],
  );
}
