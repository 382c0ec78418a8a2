import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cachedBatch, type ReadCache } from '../../cache/read-cache.js';
import { childCounts, lateralPages, pagesFor, primeCounts, type ChildPage } from '../../db/pages.js';
import { relationJoins, type RelationWants } from '../../db/relations.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import type { Observation } from '../observation/observation.entity.js';
import { reportedConnectionCounts } from '../observation/observation.queries.js';
import { ConnectionEvent } from './connection-event.entity.js';
import { Connection } from './connection.entity.js';
import { computedCounts, edgesOfSystem, edgesOfSystems, type EdgeListArgs } from './connection.queries.js';

export type { EdgeListArgs } from './connection.queries.js';

/** Per-system counts behind the computed connection summary. */
export interface ComputedCounts {
  connected: number;
  total: number;
  evidenceIds: number[];
}

export interface SummaryArgs {
  asOf: string;
  /** True when `asOf` is today or later: the connection rows hold the answer, the history need not be searched. */
  current?: boolean;
}

/** Connection counts of each system; the page loader primes it with the totals its own statement returns. */
function countBySystemLoaders(em: EntityManager, cache: ReadCache | null) {
  return new LoaderFamily((args: EdgeListArgs) => {
    const prefix = `count:${JSON.stringify(args)}:`;
    return new DataLoader<number, number>((keys) =>
      cachedBatch(
        cache,
        keys,
        (id) => prefix + id,
        async (ids) => {
          const counts = await childCounts(em, edgesOfSystems(args, ids));
          return ids.map((id) => counts.get(id) ?? 0);
        },
      ),
    );
  });
}

/** A page of each system's connections, all systems in one lateral statement; never cached. */
function pagesBySystemLoaders(em: EntityManager, countBySystem: LoaderFamily<number, number>) {
  return new LoaderFamily(
    ({ request, relations, ...edgeArgs }: EdgeListArgs & { request: PageRequest; relations: RelationWants }) =>
      new DataLoader<number, ChildPage<Connection>>(async (ids) => {
        const joins = relationJoins(em, Connection, relations);
        const found = await lateralPages(em, Connection, (anchor) => edgesOfSystem(edgeArgs, anchor), ids, request, joins);
        primeCounts(countBySystem.for(edgeArgs), ids, found.totals, request);
        return pagesFor(ids, found);
      }),
  );
}

function historyLoader(em: EntityManager) {
  return new DataLoader<number, ConnectionEvent[]>(async (ids) => {
    const events = await em.find(ConnectionEvent, { connection: { $in: [...ids] } } as never, { orderBy: { occurredOn: 'asc', dbId: 'asc' } });
    return ids.map((id) => events.filter((e) => e.connection.dbId === id));
  });
}

/** Distinct counterpart systems of each system, connected and in all, on a date (connection.queries.ts). */
function computedCountsLoaders(em: EntityManager, cache: ReadCache | null) {
  return new LoaderFamily(
    (args: SummaryArgs) =>
      new DataLoader<number, ComputedCounts>((keys) =>
        cachedBatch(
          cache,
          keys,
          (id) => `computed:${args.current ? 'today' : args.asOf}:${id}`,
          async (ids) => {
            const rows = await computedCounts(em, ids, args.asOf, !!args.current);
            const byId = new Map(
              rows.map((r) => [
                Number(r.system_id),
                {
                  connected: Number(r.connected),
                  total: Number(r.total),
                  evidenceIds: r.evidence_ids.map(Number),
                },
              ]),
            );
            return ids.map((id) => byId.get(id) ?? { connected: 0, total: 0, evidenceIds: [] });
          },
        ),
      ),
  );
}

/** The latest reported connection count (an indicator that counts connections) of each system on a date. */
function reportedCountLoaders(em: EntityManager, cache: ReadCache | null) {
  return new LoaderFamily(
    (args: SummaryArgs) =>
      new DataLoader<number, Observation | null>((keys) =>
        cachedBatch(
          cache,
          keys,
          (id) => `reported:${args.asOf}:${id}`,
          async (ids) => {
            const found = await reportedConnectionCounts(em, ids, args.asOf);
            return ids.map((id) => found.find((o) => o.informationSystem?.dbId === id) ?? null);
          },
        ),
      ),
  );
}

/**
 * `cache`: where counts and summaries are kept between requests (src/cache/read-cache.ts); null reads them fresh.
 * Pages are never cached.
 */
export function connectionLoaders(em: EntityManager, cache: ReadCache | null = null) {
  const connectionCountBySystem = countBySystemLoaders(em, cache);
  return {
    connectionById: byIdLoader(em, Connection),
    connectionEventById: byIdLoader(em, ConnectionEvent),
    connectionsBySystem: pagesBySystemLoaders(em, connectionCountBySystem),
    connectionCountBySystem,
    historyByConnection: historyLoader(em),
    /** Distinct counterpart systems of each system, connected and in all, on a date (connection.queries.ts). */
    computedCountsBySystem: computedCountsLoaders(em, cache),
    /** The latest reported connection count (an indicator that counts connections) of each system on a date. */
    reportedCountBySystem: reportedCountLoaders(em, cache),
  };
}
