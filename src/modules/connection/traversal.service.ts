import { mapRows, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { findSystemByCode } from '../system/system.queries.js';
import type { SystemKind } from '../system/system.enums.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';
import { neighbourhoodRows, shortestPathRows, type NeighbourhoodRow } from './traversal.queries.js';
import type { ConnectionPath, Neighbourhood } from './traversal.types.js';

export const MAX_DEPTH = 4;
export const MAX_PATH_DEPTH = 6;
export const MAX_PER_HOP = 500;

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

/** Systems within `depth` hops of a system and the connections between them (traversal.queries.ts: one statement). */
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
  const rows = await neighbourhoodRows(ctx.em, root.dbId, { ...args, limit, current });

  return neighbourhoodOf(ctx, rows, args);
}

/** The rows of the neighbourhood statement (systems 'S' by hops, then edges 'E') as the answer, with per-hop counts. */
function neighbourhoodOf(ctx: RequestContext, rows: NeighbourhoodRow[], args: TraversalOptions & { depth: number }): Neighbourhood {
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
