import { mapRows, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { findSystemByCode } from '../system/system.queries.js';
import type { SystemKind } from '../system/system.enums.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';
import { neighbourhoodRows, nextHopIds, shortestPathRows, type NeighbourhoodRow } from './traversal.queries.js';
import type { ConnectionPath, Neighbourhood } from './traversal.types.js';
import { MAX_DEPTH, MAX_PATH_DEPTH, MAX_PER_HOP, NEIGHBOURHOOD_BUDGET } from './traversal.limits.js';

export interface TraversalOptions {
  direction: ConnectionDirection;
  statuses: ConnectionStatus[] | null;
  asOf: string;
}

async function systemIdByCode(ctx: RequestContext, code: string, field: string): Promise<number> {
  const system = await findSystemByCode(ctx.em, code);
  if (!system)
    throw new NotFoundError(`No information system has the code "${code}" (argument "${field}"). Find codes with informationSystems or search.`);
  return system.dbId;
}

/** The systems a walk reached, by distance (`levels[h]`: ids at `h` hops, lowest first), and whether it stopped at its budget. */
interface Walk {
  levels: number[][];
  /** False: the walk stopped at the budget; the last level holds the lowest ids of those at that distance. */
  complete: boolean;
}

/**
 * Breadth first from `rootId`: one statement per hop (traversal.queries.ts `nextHopIds`) reaches the systems one step
 * from the previous hop's that no earlier hop reached, so each system is expanded once, at its shortest distance.
 * Once `budget` systems are reached the walk stops, keeping the lowest ids of the hop it stopped in.
 */
async function walk(
  ctx: RequestContext,
  rootId: number,
  args: TraversalOptions & { depth: number; kinds: SystemKind[] | null; current: boolean },
  budget: number,
): Promise<Walk> {
  const levels = [[rootId]];
  const visited = [rootId];
  for (let hops = 1; hops <= args.depth && levels[hops - 1].length > 0; hops++) {
    const room = budget - visited.length;
    const found = await nextHopIds(ctx.em, levels[hops - 1], visited, { ...args, limit: room + 1 });
    if (found.length > room) {
      levels.push(found.slice(0, room));
      return { levels, complete: false };
    }
    levels.push(found);
    visited.push(...found);
  }
  return { levels, complete: true };
}

/**
 * Systems within `depth` hops of a system and the connections between them: a walk of at most `depth` statements
 * (`walk`), then one for the rows of the systems kept (at most `perHopLimit` per hop, lowest ids) and their edges.
 * `budget` (default NEIGHBOURHOOD_BUDGET) bounds the systems reached.
 */
export async function neighbourhood(
  ctx: RequestContext,
  root: InformationSystem,
  args: TraversalOptions & { depth: number; kinds: SystemKind[] | null; perHopLimit: number | null },
  budget = NEIGHBOURHOOD_BUDGET,
): Promise<Neighbourhood> {
  if (!Number.isInteger(args.depth) || args.depth < 1 || args.depth > MAX_DEPTH) {
    throw new BadUserInputError(`"depth" must be between 1 and ${MAX_DEPTH}, got ${args.depth}.`, 'depth');
  }
  const limit = args.perHopLimit ?? MAX_PER_HOP;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_HOP) {
    throw new BadUserInputError(`"perHopLimit" must be between 1 and ${MAX_PER_HOP}, got ${limit}.`, 'perHopLimit');
  }
  if (!Number.isInteger(budget) || budget < 1) throw new Error(`neighbourhood: the budget must be a positive integer, got ${budget}.`);
  const current = args.asOf >= ctx.today;
  const reached = await walk(ctx, root.dbId, { ...args, current }, budget);
  const kept = reached.levels.map((ids) => ids.slice(0, limit));
  const rows = await neighbourhoodRows(ctx.em, { ids: kept.flat(), hops: kept.flatMap((ids, h) => ids.map(() => h)) }, { ...args, current });
  return neighbourhoodOf(ctx, rows, reached, args);
}

/** The statement's rows (systems 'S' by hops, then edges 'E') and the walk's counts as the answer. */
function neighbourhoodOf(ctx: RequestContext, rows: NeighbourhoodRow[], reached: Walk, args: TraversalOptions & { depth: number }): Neighbourhood {
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
  const returned = new Map<number, number>();
  for (const r of systemRows) returned.set(Number(r.hops), (returned.get(Number(r.hops)) ?? 0) + 1);
  const last = reached.levels.length - 1;
  // A distance is listed when systems were reached there, and so is the one the walk stopped in (even with none).
  const hops = reached.levels
    .map((ids, h) => ({ hops: h, systems: ids.length, returned: returned.get(h) ?? 0, exact: reached.complete || h < last }))
    .filter((c) => c.systems > 0 || !c.exact);
  return {
    depth: args.depth,
    direction: args.direction,
    asOf: args.asOf,
    systems: systemRows.map((r, i) => ({ hops: Number(r.hops), system: systems[i] })),
    edges: edgeRows.map((r, i) => ({ connection: connections[i], status: r.status as ConnectionStatus, statusSince: String(r.since) })),
    hops,
    complete: reached.complete,
    truncated: !reached.complete || hops.some((c) => c.returned < c.systems),
  };
}

/** The shortest paths between two systems (traversal.queries.ts: one statement), with the platforms on each. */
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
  const rows = await shortestPathRows(ctx.em, fromId, toId, { ...args, current });

  const systemIds = [...new Set(rows.flatMap((r) => r.systems.map(Number)))];
  const connectionIds = [...new Set(rows.flatMap((r) => r.connections.map(Number)))];
  const [systems, connections] = await Promise.all([ctx.loaders.systemById.loadMany(systemIds), ctx.loaders.connectionById.loadMany(connectionIds)]);
  const systemById = new Map(systemIds.map((id, i) => [id, systems[i] as InformationSystem]));
  const connectionById = new Map(connectionIds.map((id, i) => [id, connections[i] as Connection]));
  const vias = [...new Set(connectionIds.map((id) => connectionById.get(id)?.via?.dbId).filter((id): id is number => id != null))];
  const viaSystems = new Map(vias.map((id, i) => [id, i]));
  const loadedVias = await ctx.loaders.systemById.loadMany(vias);
  return rows.map((r) => {
    const pathSystems = r.systems.map((id) => systemById.get(Number(id))!);
    const pathConnections = r.connections.map((id) => connectionById.get(Number(id))!);
    const platforms = new Map<number, InformationSystem>();
    for (const s of pathSystems.slice(1, -1)) if (s.kind === 'INTEGRATION_PLATFORM') platforms.set(s.dbId, s);
    for (const c of pathConnections) {
      const via = c.via?.dbId;
      if (via != null) platforms.set(via, loadedVias[viaSystems.get(via)!] as InformationSystem);
    }
    return { length: pathConnections.length, systems: pathSystems, connections: pathConnections, platforms: [...platforms.values()] };
  });
}
