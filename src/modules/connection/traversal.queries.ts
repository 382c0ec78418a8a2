import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { columnsOf, rowsOf, sql, whereAll, type Row, type Sql } from '../../db/sql.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { Connection } from './connection.entity.js';
import type { SystemKind } from '../system/system.enums.js';
import { ConnectionDirection, type ConnectionStatus } from './connection.enums.js';

/** How a walk over the connection graph goes: direction, the statuses it follows, on which date. */
interface WalkOptions {
  direction: ConnectionDirection;
  statuses: ConnectionStatus[] | null;
  asOf: string;
  /** `asOf` is today: a connection's current status is on its own row, no history needs reading. */
  current: boolean;
}

const OPPOSITE = {
  [ConnectionDirection.UPSTREAM]: ConnectionDirection.DOWNSTREAM,
  [ConnectionDirection.DOWNSTREAM]: ConnectionDirection.UPSTREAM,
  [ConnectionDirection.BOTH]: ConnectionDirection.BOTH,
};

/** The condition keeping connections whose status (as of the date, `st.status`) is one of these; none without a filter. */
function statusIn(statuses: ConnectionStatus[] | null): Sql[] {
  return statuses?.length ? [sql`st.status in (${statuses})`] : [];
}

/**
 * The connections one step away from the systems whose id `matches` (an SQL condition on the id column:
 * `= w.system_id`, `= any(...)`) in a direction, each with its status on `asOf`, as rows (other_id, connection_id,
 * status, since).
 */
function step(matches: Sql, direction: ConnectionDirection, statuses: ConnectionStatus[] | null, asOf: string, current: boolean): Sql {
  const sides: Sql[] = [];
  if (direction !== ConnectionDirection.DOWNSTREAM)
    sides.push(
      sql`select c.provider_id as other_id, c.id as connection_id, c.status, c.status_since from connection c where c.consumer_id ${matches}`,
    );
  if (direction !== ConnectionDirection.UPSTREAM)
    sides.push(
      sql`select c.consumer_id as other_id, c.id as connection_id, c.status, c.status_since from connection c where c.provider_id ${matches}`,
    );
  return sql`(select n.other_id, n.connection_id, st.status, st.since from (${sql.join(sides, ' union all ')}) n
    cross join lateral ${statusOn(sql.raw('n.connection_id'), sql.raw('n'), asOf, current)} st
    ${whereAll(statusIn(statuses))})`;
}

/**
 * A connection's status on `asOf` as a lateral row (status, since). Today (no event is ever dated in the future)
 * the connection row holds it; for a past date the latest event on or before it.
 */
function statusOn(connectionId: Sql, row: Sql, asOf: string, current: boolean): Sql {
  return current
    ? sql`(select ${row}.status, ${row}.status_since as since where ${asOf}::date is not null)`
    : sql`(select e.status, e.occurred_on as since from connection_event e
        where e.connection_id = ${connectionId} and e.role = 'ACTUAL' and e.occurred_on <= ${asOf} order by e.occurred_on desc, e.id desc limit 1)`;
}

/**
 * One hop of the neighbourhood walk: the systems one step from `frontier` that are not in `visited` (and of one of
 * `kinds`), lowest ids first, at most `limit`. Its work is the connections of the frontier, whatever the number of
 * paths that led there: the walk (traversal.service.ts) expands each system once, at its shortest distance.
 */
export async function nextHopIds(
  em: EntityManager,
  frontier: readonly number[],
  visited: readonly number[],
  args: WalkOptions & { kinds: SystemKind[] | null; limit: number },
): Promise<number[]> {
  const kindJoin = args.kinds?.length ? sql`join information_system t on t.id = n.other_id and t.kind in (${args.kinds})` : sql.empty;
  const rows = await rowsOf<{ id: number }>(
    em,
    sql`select n.other_id as id from ${step(sql`= any(${sql.intArray(frontier)})`, args.direction, args.statuses, args.asOf, args.current)} n
    ${kindJoin}
    except select unnest(${sql.intArray(visited)})
    order by 1 limit ${args.limit}`,
  );
  return rows.map((r) => Number(r.id));
}

/** A row of the neighbourhood statement: a system kept ('S', with its hops) or a connection between two of them ('E'). */
export type NeighbourhoodRow = {
  kind: 'S' | 'E';
  id: number;
  hops: number | null;
  status: string | null;
  since: string | null;
  data: Row;
};

/**
 * A row of `alias` as a JSON object of the entity's own columns only: `to_jsonb(s.*)` also carried each system's
 * search text and tsvector (about half its bytes), which nothing reads, through PostgreSQL's JSON and Node's parser.
 */
function rowObject(em: EntityManager, entity: EntityClass<object>, alias: string): Sql {
  return sql.raw(
    `json_build_object(${columnsOf(em, entity)
      .map((c) => `'${c}', ${alias}."${c}"`)
      .join(', ')})`,
  );
}

/**
 * The rows of the systems a walk kept (`ids[i]` reached at `hops[i]`) and of the connections between them with
 * their status on `asOf` (only those with one of `statuses`), in one statement: systems by hops and id, then edges by id.
 */
export function neighbourhoodRows(
  em: EntityManager,
  kept: { ids: readonly number[]; hops: readonly number[] },
  args: WalkOptions,
): Promise<NeighbourhoodRow[]> {
  const ids = sql.intArray(kept.ids);
  // `= any(ids)` on the systems' and connections' own columns lets PostgreSQL read only the rows of the systems
  // kept (by index, or a scan with a hashed filter) instead of hashing whole tables to join them to `kept`.
  return rowsOf<NeighbourhoodRow>(
    em,
    sql`
    with kept(system_id, hops) as (
      select * from unnest(${ids}, ${sql.intArray(kept.hops)})
    ), edges as (
      select c.id, st.status, st.since, ${rowObject(em, Connection, 'c')} as data from connection c
      join kept b on b.system_id = c.provider_id
      cross join lateral ${statusOn(sql.raw('c.id'), sql.raw('c'), args.asOf, args.current)} st
      ${whereAll([sql`c.consumer_id = any(${ids})`, ...statusIn(args.statuses)])}
    )
    -- The rows themselves come back with the ids: no second round trip to load thousands of them.
    select 'S' as kind, k.system_id as id, k.hops, null as status, null::date as since, ${rowObject(em, InformationSystem, 's')} as data
    from kept k join information_system s on s.id = k.system_id where s.id = any(${ids})
    union all
    select 'E', id, null, status, since, data from edges
    order by kind desc, hops, id`,
  );
}

/** A shortest path as the ids of its systems and connections, in order. */
export type PathRow = { systems: number[]; connections: number[] };

/**
 * The shortest paths between two systems, in one recursive statement: distances from the start first (deduplicated
 * per level), then a walk back from the end along connections that step exactly one hop closer to the start.
 */
export function shortestPathRows(
  em: EntityManager,
  fromId: number,
  toId: number,
  args: WalkOptions & { maxDepth: number; first: number },
): Promise<PathRow[]> {
  return rowsOf<PathRow>(
    em,
    sql`
    with recursive dist(system_id, hops) as (
      select ${fromId}::int, 0
      union
      select n.other_id, d.hops + 1 from dist d cross join lateral ${step(sql`= d.system_id`, args.direction, args.statuses, args.asOf, args.current)} n
      where d.hops < ${args.maxDepth} and d.system_id <> ${toId}
    ), best as (
      select system_id, min(hops) as hops from dist group by system_id
    ), back(system_id, hops, systems, connections) as (
      select b.system_id, b.hops, array[b.system_id], array[]::int[] from best b where b.system_id = ${toId}
      union all
      select prev.system_id, prev.hops, prev.system_id || k.systems, n.connection_id || k.connections
      from back k cross join lateral ${step(sql`= k.system_id`, OPPOSITE[args.direction], args.statuses, args.asOf, args.current)} n
      join best prev on prev.system_id = n.other_id and prev.hops = k.hops - 1
      where k.hops > 0
    )
    select systems, connections from back where hops = 0 order by systems limit ${args.first}`,
  );
}
