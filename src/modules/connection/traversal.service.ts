import { execute, mapRows, sql, type Row, type Sql } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { findSystemByCode } from '../system/system.queries.js';
import type { SystemKind } from '../system/system.enums.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';
import type { ConnectionPath, Neighbourhood } from './traversal.types.js';

export const MAX_DEPTH = 4;
export const MAX_PATH_DEPTH = 6;
export const MAX_PER_HOP = 500;

export interface TraversalOptions {
  direction: ConnectionDirection;
  statuses: ConnectionStatus[] | null;
  asOf: string;
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

async function systemIdByCode(ctx: RequestContext, code: string, field: string): Promise<number> {
  const system = await findSystemByCode(ctx.em, code);
  if (!system)
    throw new NotFoundError(`No information system has the code "${code}" (argument "${field}"). Find codes with informationSystems or search.`);
  return system.dbId;
}

/**
 * Systems within `depth` hops of a system and the connections between them, in one recursive statement.
 * The recursion keeps (system, hops) pairs with UNION, so each level holds each system once: the work grows with
 * the systems reached, not with the number of paths to them.
 */
export async function neighbourhood(
  ctx: RequestContext,
  root: InformationSystem,
  args: TraversalOptions & { depth: number; kinds: SystemKind[] | null; perHopLimit: number | null },
): Promise<Neighbourhood> {
  if (!Number.isInteger(args.depth) || args.depth < 1 || args.depth > MAX_DEPTH) {
    throw new BadUserInputError(`"depth" must be between 1 and ${MAX_DEPTH}, got ${args.depth}.`, 'depth');
  }
  const limit = args.perHopLimit ?? MAX_PER_HOP;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_HOP) {
    throw new BadUserInputError(`"perHopLimit" must be between 1 and ${MAX_PER_HOP}, got ${limit}.`, 'perHopLimit');
  }
  const current = args.asOf >= ctx.today;
  const kindFilter = args.kinds?.length ? sql`and t.kind in (${args.kinds})` : sql.empty;
  const rows = await execute(
    ctx.em,
    sql`
    with recursive walk(system_id, hops) as (
      select ${root.dbId}::int, 0
      union
      select n.other_id, w.hops + 1
      from walk w cross join lateral ${step(sql.raw('w.system_id'), args.direction, args.statuses, args.asOf, current)} n
      join information_system t on t.id = n.other_id
      where w.hops < ${args.depth} ${kindFilter}
    ), reached as (
      select system_id, min(hops) as hops from walk group by system_id
    ), ranked as (
      select r.system_id, r.hops, row_number() over (partition by r.hops order by r.system_id) as rn,
             count(*) over (partition by r.hops) as n
      from reached r
    ), kept as (
      select * from ranked where rn <= ${limit} or hops = 0
    ), edges as (
      select c.id, st.status, st.since, to_jsonb(c.*) as data from connection c
      join kept a on a.system_id = c.consumer_id
      join kept b on b.system_id = c.provider_id
      cross join lateral ${statusOn(sql.raw('c.id'), sql.raw('c'), args.asOf, current)} st
      ${statusWhere(args.statuses)}
    )
    -- The rows themselves come back with the traversal: no second round trip to load thousands of ids.
    select 'S' as kind, k.system_id as id, k.hops, k.n::int as n, null as status, null::date as since, to_jsonb(s.*) as data
    from kept k join information_system s on s.id = k.system_id
    union all
    select 'E', id, null, null, status, since, data from edges
    order by kind desc, hops, id`,
  );

  return neighbourhoodOf(ctx, rows, args);
}

/** The rows of the neighbourhood statement (systems 'S' by hops, then edges 'E') as the answer, with per-hop counts. */
function neighbourhoodOf(ctx: RequestContext, rows: Row[], args: TraversalOptions & { depth: number }): Neighbourhood {
  const systemRows = rows.filter((r) => r.kind === 'S');
  const edgeRows = rows.filter((r) => r.kind === 'E');
  const systems = mapRows(
    ctx.em,
    InformationSystem,
    systemRows.map((r) => r.data as Row),
  );
  const connections = mapRows(
    ctx.em,
    Connection,
    edgeRows.map((r) => r.data as Row),
  );
  const hops = new Map<number, { hops: number; systems: number; returned: number }>();
  for (const r of systemRows) {
    const h = Number(r.hops);
    const entry = hops.get(h) ?? { hops: h, systems: Number(r.n), returned: 0 };
    entry.returned++;
    hops.set(h, entry);
  }
  const counts = [...hops.values()].sort((a, b) => a.hops - b.hops);
  return {
    depth: args.depth,
    direction: args.direction,
    asOf: args.asOf,
    systems: systemRows.map((r, i) => ({ hops: Number(r.hops), system: systems[i] })),
    edges: edgeRows.map((r, i) => ({ connection: connections[i], status: r.status as ConnectionStatus, statusSince: String(r.since) })),
    hops: counts,
    truncated: counts.some((c) => c.returned < c.systems),
  };
}

/**
 * The shortest paths between two systems, in one recursive statement: distances from the start first (deduplicated
 * per level), then a walk back from the end along connections that step exactly one hop closer to the start.
 */
export async function connectionPaths(
  ctx: RequestContext,
  fromCode: string,
  toCode: string,
  args: TraversalOptions & { maxDepth: number; first: number },
): Promise<ConnectionPath[]> {
  if (!Number.isInteger(args.maxDepth) || args.maxDepth < 1 || args.maxDepth > MAX_PATH_DEPTH) {
    throw new BadUserInputError(`"maxDepth" must be between 1 and ${MAX_PATH_DEPTH}, got ${args.maxDepth}.`, 'maxDepth');
  }
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > 100) {
    throw new BadUserInputError(`"first" must be between 1 and 100, got ${args.first}.`, 'first');
  }
  const current = args.asOf >= ctx.today;
  const [fromId, toId] = await Promise.all([systemIdByCode(ctx, fromCode, 'from'), systemIdByCode(ctx, toCode, 'to')]);
  if (fromId === toId) throw new BadUserInputError('"from" and "to" are the same system.', 'to');
  const rows = await execute(
    ctx.em,
    sql`
    with recursive dist(system_id, hops) as (
      select ${fromId}::int, 0
      union
      select n.other_id, d.hops + 1 from dist d cross join lateral ${step(sql.raw('d.system_id'), args.direction, args.statuses, args.asOf, current)} n
      where d.hops < ${args.maxDepth} and d.system_id <> ${toId}
    ), best as (
      select system_id, min(hops) as hops from dist group by system_id
    ), back(system_id, hops, systems, connections) as (
      select b.system_id, b.hops, array[b.system_id], array[]::int[] from best b where b.system_id = ${toId}
      union all
      select prev.system_id, prev.hops, prev.system_id || k.systems, n.connection_id || k.connections
      from back k cross join lateral ${step(sql.raw('k.system_id'), OPPOSITE[args.direction], args.statuses, args.asOf, current)} n
      join best prev on prev.system_id = n.other_id and prev.hops = k.hops - 1
      where k.hops > 0
    )
    select systems, connections from back where hops = 0 order by systems limit ${args.first}`,
  );

  const systemIds = [...new Set(rows.flatMap((r) => (r.systems as number[]).map(Number)))];
  const connectionIds = [...new Set(rows.flatMap((r) => (r.connections as number[]).map(Number)))];
  const [systems, connections] = await Promise.all([ctx.loaders.systemById.loadMany(systemIds), ctx.loaders.connectionById.loadMany(connectionIds)]);
  const systemById = new Map(systemIds.map((id, i) => [id, systems[i] as InformationSystem]));
  const connectionById = new Map(connectionIds.map((id, i) => [id, connections[i] as Connection]));
  const vias = [...new Set(connectionIds.map((id) => connectionById.get(id)?.via?.dbId).filter((id): id is number => id != null))];
  const viaSystems = new Map(vias.map((id, i) => [id, i]));
  const loadedVias = await ctx.loaders.systemById.loadMany(vias);
  return rows.map((r) => {
    const pathSystems = (r.systems as number[]).map((id) => systemById.get(Number(id))!);
    const pathConnections = (r.connections as number[]).map((id) => connectionById.get(Number(id))!);
    const platforms = new Map<number, InformationSystem>();
    for (const s of pathSystems.slice(1, -1)) if (s.kind === 'INTEGRATION_PLATFORM') platforms.set(s.dbId, s);
    for (const c of pathConnections) {
      const via = c.via?.dbId;
      if (via != null) platforms.set(via, loadedVias[viaSystems.get(via)!] as InformationSystem);
    }
    return { length: pathConnections.length, systems: pathSystems, connections: pathConnections, platforms: [...platforms.values()] };
  });
}
