import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshCurrentStatus } from '../../db/current-status.js';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import type { RelationJoin } from '../../db/relations.js';
import { execute, rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { systemIdWithCode } from '../system/system.queries.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, type ConnectionStatus } from './connection.enums.js';
import type { ConnectionFilter } from './connection.inputs.js';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import type { ConnectionOrderField } from '../list-orders.js';

/** The sort key of each order of connections (src/modules/list-orders.ts). */
export const CONNECTION_ORDER: Record<ConnectionOrderField, SortKey> = {
  KEY: { expression: 'key collate "C"', cast: 'text' },
  STATUS_SINCE: { expression: "coalesce(status_since, 'infinity'::date)", cast: 'date' },
};

export interface EdgeListArgs {
  direction: ConnectionDirection;
  statuses: ConnectionStatus[] | null;
  /** Only connections that existed on this date, with `statuses` read on it; null: current statuses. */
  asOf: string | null;
}

/** A connection as stored, the columns its writes compare and audit. */
export interface ConnectionRow extends Row {
  id: number;
  key: string;
  consumer_id: number;
  provider_id: number;
  via_id: number | null;
  status: string;
  status_since: string;
  version: number;
}

/** A connection's status on a date, for a connection whose id is the SQL expression `connection`. */
export function statusOn(connection: Sql, date: string): Sql {
  return sql`(select e.status from connection_event e where e.connection_id = ${connection} and e.role = 'ACTUAL' and e.occurred_on <= ${date}
  order by e.occurred_on desc, e.id desc limit 1)`;
}

const SIDES = {
  [ConnectionDirection.UPSTREAM]: ['consumer_id'],
  [ConnectionDirection.DOWNSTREAM]: ['provider_id'],
  [ConnectionDirection.BOTH]: ['consumer_id', 'provider_id', 'via_id'],
};

/** Selects the connections of many systems at once, tagged with the system (`anchor__`) they belong to. */
export function edgesOfSystems(args: EdgeListArgs, systemIds: readonly number[]): Sql {
  return edgeBranches(
    args,
    (side) => sql`c.*, c.${side} as anchor__`,
    (side) => sql`c.${side} in (${[...systemIds]})`,
  );
}

/** Selects the connections of the one system whose id is the SQL expression `anchor` (for `lateralPages`). */
export function edgesOfSystem(args: EdgeListArgs, anchor: Sql): Sql {
  return edgeBranches(
    args,
    () => sql`c.*`,
    (side) => sql`c.${side} = ${anchor}`,
  );
}

function edgeBranches(args: EdgeListArgs, columns: (side: Sql) => Sql, match: (side: Sql) => Sql): Sql {
  const status = args.asOf ? statusOn(sql.raw('c.id'), args.asOf) : sql.raw('c.status');
  const filters = sql.join(
    [args.asOf ? sql` and ${status} is not null` : sql.empty, args.statuses?.length ? sql` and ${status} in (${args.statuses})` : sql.empty],
    '',
  );
  // UNION ALL (no sort of whole rows): a connection can reach the same anchor from two sides only when its
  // platform is also one of its ends, which the guard on the `via` side excludes.
  return sql.join(
    SIDES[args.direction].map((name) => {
      const side = sql.raw(name);
      const guard = name === 'via_id' ? sql` and c.via_id not in (c.consumer_id, c.provider_id)` : sql.empty;
      return sql`select ${columns(side)} from connection c where ${match(side)}${filters}${guard}`;
    }),
    ' union all ',
  );
}

/** A page of connections matching a filter. */
export function connectionPage(
  em: EntityManager,
  filter: ConnectionFilter | null | undefined,
  request: PageRequest,
  joins: RelationJoin[],
): Promise<PageResult<Connection>> {
  const conditions: Sql[] = [];
  if (filter?.asOf) {
    conditions.push(sql`${statusOn(sql.raw('t.id'), filter.asOf)} is not null`);
    if (filter.statuses?.length) conditions.push(sql`${statusOn(sql.raw('t.id'), filter.asOf)} in (${filter.statuses})`);
  } else if (filter?.statuses?.length) {
    conditions.push(sql`t.status in (${filter.statuses})`);
  }
  if (filter?.consumerCode) conditions.push(sql`t.consumer_id = ${systemIdWithCode(filter.consumerCode)}`);
  if (filter?.providerCode) conditions.push(sql`t.provider_id = ${systemIdWithCode(filter.providerCode)}`);
  if (filter?.viaCode) conditions.push(sql`t.via_id = ${systemIdWithCode(filter.viaCode)}`);
  if (filter?.systemCode) conditions.push(sql`${systemIdWithCode(filter.systemCode)} in (t.consumer_id, t.provider_id, t.via_id)`);
  if (filter?.systemCodes) {
    conditions.push(
      sql`exists (select 1 from information_system s where s.code in (${filter.systemCodes}) and s.id in (t.consumer_id, t.provider_id, t.via_id))`,
    );
  }
  if (filter?.ownerCode) {
    conditions.push(sql`exists (select 1 from information_system s join agency a on a.id = s.owner_id
      where a.code = ${filter.ownerCode} and s.id in (t.consumer_id, t.provider_id, t.via_id))`);
  }
  return tablePage(em, Connection, 'connection', conditions, request, joins);
}

/** Per-system counts behind the computed connection summary, as read. */
export interface ComputedCountRow {
  system_id: number;
  connected: number;
  total: number;
  evidence_ids: number[];
}

/**
 * Each connection touching the systems with its latest ACTUAL status on `asOf` and that event's evidence. Today
 * (`current`) the status on the row is the latest event (no event is dated in the future): fetch only its evidence.
 */
function latestStatuses(asOf: string, current: boolean): Sql {
  return current
    ? sql`select t.id as connection_id, t.status, e.evidence_id from touching t
               left join connection_event e on e.connection_id = t.id and e.occurred_on = t.status_since and e.status = t.status and e.role = 'ACTUAL'
               where ${asOf}::date is not null`
    : sql`select distinct on (e.connection_id) e.connection_id, e.status, e.evidence_id
               from connection_event e join touching t on t.id = e.connection_id
               where e.occurred_on <= ${asOf} and e.role = 'ACTUAL'
               order by e.connection_id, e.occurred_on desc, e.id desc`;
}

/**
 * Distinct counterpart systems of each system, connected and in all, on a date: each connection counts with its
 * latest status on or before that date. One statement for every system asked.
 */
export function computedCounts(em: EntityManager, systemIds: readonly number[], asOf: string, current: boolean): Promise<ComputedCountRow[]> {
  const ids = [...systemIds];
  return rowsOf<ComputedCountRow>(
    em,
    sql`
          with touching as (
            select c.* from connection c where c.consumer_id in (${ids}) or c.provider_id in (${ids}) or c.via_id in (${ids})
          ), latest as (${latestStatuses(asOf, current)}
          ), sides as (
            select t.consumer_id as system_id, t.provider_id as other_id, l.status, l.evidence_id from latest l join touching t on t.id = l.connection_id
            union all
            select t.provider_id, t.consumer_id, l.status, l.evidence_id from latest l join touching t on t.id = l.connection_id
            union all
            select t.via_id, t.consumer_id, l.status, l.evidence_id from latest l join touching t on t.id = l.connection_id where t.via_id is not null
            union all
            select t.via_id, t.provider_id, l.status, l.evidence_id from latest l join touching t on t.id = l.connection_id where t.via_id is not null
          )
          select system_id,
                 count(distinct other_id) filter (where status = 'CONNECTED')::int as connected,
                 count(distinct other_id) filter (where status <> 'DISCONNECTED')::int as total,
                 coalesce(array_agg(distinct evidence_id) filter (where evidence_id is not null and status <> 'DISCONNECTED'), '{}') as evidence_ids
          from sides where system_id in (${ids}) group by system_id`,
  );
}

export async function connectionIdByKey(em: EntityManager, key: string): Promise<number | null> {
  const [row] = await execute(em, sql`select id from connection where key = ${key}`);
  return row ? Number(row.id) : null;
}

/** A connection's ends by code and its current status, by key; null when no connection has the key. */
export async function connectionEndsByKey(
  em: EntityManager,
  key: string,
): Promise<{ consumer_code: string; provider_code: string; via_code: string | null; status: string; status_since: string } | null> {
  const [row] = await rowsOf<{ consumer_code: string; provider_code: string; via_code: string | null; status: string; status_since: string }>(
    em,
    sql`select c.code as consumer_code, p.code as provider_code, v.code as via_code, t.status, t.status_since::text as status_since
    from connection t join information_system c on c.id = t.consumer_id join information_system p on p.id = t.provider_id
    left join information_system v on v.id = t.via_id where t.key = ${key}`,
  );
  return row ?? null;
}

/** The connection with this key, locked until the transaction ends; null when there is none yet. */
export async function lockConnectionByKey(em: EntityManager, key: string): Promise<ConnectionRow | null> {
  return (await rowsOf<ConnectionRow>(em, sql`select * from connection where key = ${key} for update`))[0] ?? null;
}

export async function insertConnection(
  em: EntityManager,
  c: { key: string; consumerId: number; providerId: number; viaId: number | null; status: string; since: string },
): Promise<number> {
  const [row] = await execute(
    em,
    sql`insert into connection (key, consumer_id, provider_id, via_id, status, status_since)
      values (${c.key}, ${c.consumerId}, ${c.providerId}, ${c.viaId}, ${c.status}, ${c.since}) returning id`,
  );
  return Number(row.id);
}

/**
 * Adds a dated status event and recomputes the connection's current status from its history; false when the event
 * was recorded already.
 */
export async function insertConnectionEvent(
  em: EntityManager,
  connectionId: number,
  e: { status: string; date: string; evidenceId: number | null; reason: string | null },
): Promise<boolean> {
  const inserted = await execute(
    em,
    sql`insert into connection_event (connection_id, status, occurred_on, evidence_id, reason)
      values (${connectionId}, ${e.status}, ${e.date}, ${e.evidenceId}, ${e.reason})
      on conflict (connection_id, occurred_on, status, role) do nothing returning id`,
  );
  if (!inserted.length) return false;
  await refreshCurrentStatus(em, 'connection', [connectionId]);
  return true;
}

/** Adds `by` to the connection's version and returns the row as it is now. */
export async function bumpConnectionVersion(em: EntityManager, id: number, by: number): Promise<ConnectionRow> {
  const [row] = await rowsOf<ConnectionRow>(em, sql`update connection set version = version + ${by} where id = ${id} returning *`);
  return row;
}

/** Sends a notification that PostgreSQL delivers to every listener once the transaction commits. */
export async function notify(em: EntityManager, channel: string, payload: string): Promise<void> {
  await execute(em, sql`select pg_notify(${channel}, ${payload})`);
}

/** A connection as a bulk load writes it, by its key; the status given is only the first one (see upsertConnectionHistories). */
export interface ConnectionLoadRow {
  key: string;
  consumer_id: number;
  provider_id: number;
  via_id: number | null;
  status: string;
  status_since: string;
}

const CONNECTIONS: UpsertTarget<ConnectionLoadRow> = {
  table: 'connection',
  conflict: '(key)',
  columns: ['key', 'consumer_id', 'provider_id', 'via_id', 'status', 'status_since'],
  // An existing connection's status comes from its history, never from the load's row.
  updatable: ['key', 'consumer_id', 'provider_id', 'via_id'],
};

export const upsertConnections = (em: EntityManager, rows: readonly ConnectionLoadRow[]) => bulkUpsert(em, CONNECTIONS, rows);

/** Every connection's id by its key. */
export const connectionIdsByKey = (em: EntityManager) => idsByKey(em, sql`select id, key as k from connection`);

/** A dated status entry as a bulk load writes it. */
export interface ConnectionEventLoadRow {
  connection_id: number;
  status: string;
  occurred_on: string;
  evidence_id: number | null;
  reason: string | null;
  role: string;
  stated_on: string | null;
}

const HISTORY: UpsertTarget<ConnectionEventLoadRow> = {
  table: 'connection_event',
  conflict: '(connection_id, occurred_on, status, role)',
  columns: ['connection_id', 'status', 'occurred_on', 'evidence_id', 'reason', 'role', 'stated_on'],
};

/** Upserts status entries, then recomputes every connection's current status from its history. */
export async function upsertConnectionHistories(em: EntityManager, rows: readonly ConnectionEventLoadRow[]): Promise<void> {
  await bulkUpsert(em, HISTORY, rows);
  await refreshCurrentStatus(em, 'connection');
}
