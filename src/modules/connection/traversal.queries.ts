import type { EntityManager } from '@mikro-orm/postgresql';
import { rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
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

/** `where` clause keeping connections whose status (as of the date, `st.status`) is one of these. */
function statusWhere(statuses: ConnectionStatus[] | null): Sql {
  return statuses?.length ? sql`where st.status in (${statuses})` : sql.empty;
}

/**
 * The connections one step away from the system `from` (an SQL expression) in a direction, each with its status on
 * `asOf`, as rows (other_id, connection_id, status, since). Used inside recursive queries.
 */
function step(from: Sql, direction: ConnectionDirection, statuses: ConnectionStatus[] | null, asOf: string, current: boolean): Sql {
  const sides: Sql[] = [];
  if (direction !== ConnectionDirection.DOWNSTREAM)
    sides.push(
      sql`select c.provider_id as other_id, c.id as connection_id, c.status, c.status_since from connection c where c.consumer_id = ${from}`,
    );
  if (direction !== ConnectionDirection.UPSTREAM)
    sides.push(
      sql`select c.consumer_id as other_id, c.id as connection_id, c.status, c.status_since from connection c where c.provider_id = ${from}`,
    );
  return sql`(select n.other_id, n.connection_id, st.status, st.since from (${sql.join(sides, ' union all ')}) n
    cross join lateral ${statusOn(sql.raw('n.connection_id'), sql.raw('n'), asOf, current)} st
    ${statusWhere(statuses)})`;
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

/** A row of the neighbourhood statement: a system reached ('S', with its hops and the hop's count) or an edge ('E'). */
export type NeighbourhoodRow = {
  kind: 'S' | 'E';
  id: number;
  hops: number | null;
  n: number | null;
  status: string | null;
  since: string | null;
  data: Row;
};

/**
 * Systems within `depth` hops of a system and the connections between them, in one recursive statement.
 * The recursion keeps (system, hops) pairs with UNION, so each level holds each system once: the work grows with
 * the systems reached, not with the number of paths to them. At most `limit` systems are kept per hop.
 */
export function neighbourhoodRows(
  em: EntityManager,
  rootId: number,
  args: WalkOptions & { depth: number; kinds: SystemKind[] | null; limit: number },
): Promise<NeighbourhoodRow[]> {
  const kindFilter = args.kinds?.length ? sql`and t.kind in (${args.kinds})` : sql.empty;
  return rowsOf<NeighbourhoodRow>(
    em,
    sql`
    with recursive walk(system_id, hops) as (
      select ${rootId}::int, 0
      union
      select n.other_id, w.hops + 1
      from walk w cross join lateral ${step(sql.raw('w.system_id'), args.direction, args.statuses, args.asOf, args.current)} n
      join information_system t on t.id = n.other_id
      where w.hops < ${args.depth} ${kindFilter}
    ), reached as (
      select system_id, min(hops) as hops from walk group by system_id
    ), ranked as (
      select r.system_id, r.hops, row_number() over (partition by r.hops order by r.system_id) as rn,
             count(*) over (partition by r.hops) as n
      from reached r
    ), kept as (
      select * from ranked where rn <= ${args.limit} or hops = 0
    ), edges as (
      select c.id, st.status, st.since, to_jsonb(c.*) as data from connection c
      join kept a on a.system_id = c.consumer_id
      join kept b on b.system_id = c.provider_id
      cross join lateral ${statusOn(sql.raw('c.id'), sql.raw('c'), args.asOf, args.current)} st
      ${statusWhere(args.statuses)}
    )
    -- The rows themselves come back with the traversal: no second round trip to load thousands of ids.
    select 'S' as kind, k.system_id as id, k.hops, k.n::int as n, null as status, null::date as since, to_jsonb(s.*) as data
    from kept k join information_system s on s.id = k.system_id
    union all
    select 'E', id, null, null, status, since, data from edges
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
      select n.other_id, d.hops + 1 from dist d cross join lateral ${step(sql.raw('d.system_id'), args.direction, args.statuses, args.asOf, args.current)} n
      where d.hops < ${args.maxDepth} and d.system_id <> ${toId}
    ), best as (
      select system_id, min(hops) as hops from dist group by system_id
    ), back(system_id, hops, systems, connections) as (
      select b.system_id, b.hops, array[b.system_id], array[]::int[] from best b where b.system_id = ${toId}
      union all
      select prev.system_id, prev.hops, prev.system_id || k.systems, n.connection_id || k.connections
      from back k cross join lateral ${step(sql.raw('k.system_id'), OPPOSITE[args.direction], args.statuses, args.asOf, args.current)} n
      join best prev on prev.system_id = n.other_id and prev.hops = k.hops - 1
      where k.hops > 0
    )
    select systems, connections from back where hops = 0 order by systems limit ${args.first}`,
  );
}
