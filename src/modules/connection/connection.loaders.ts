import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cachedBatch, type ReadCache } from '../../cache/read-cache.js';
import { relationJoins, type RelationWants } from '../../db/relations.js';
import { childCounts, execute, lateralPages, mapRows, primeCounts } from '../../db/sql.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import { Observation } from '../observation/observation.entity.js';
import { ConnectionEvent } from './connection-event.entity.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';

export interface EdgeListArgs {
  direction: ConnectionDirection;
  statuses: ConnectionStatus[] | null;
  /** Only connections that existed on this date, with `statuses` read on it; null: current statuses. */
  asOf: string | null;
}

/** SQL for a connection's status on a date (`?` bound to the date), for a connection aliased `c`. */
export const STATUS_ON = `(select e.status from connection_event e where e.connection_id = c.id and e.role = 'ACTUAL' and e.occurred_on <= ?
  order by e.occurred_on desc, e.id desc limit 1)`;

/** Selects the connections of many systems at once, tagged with the system (`anchor__`) they belong to. */
export function edgesOfSystems(args: EdgeListArgs): string {
  return edgeBranches(args, (side) => `c.*, c.${side} as anchor__`, (side) => `c.${side} in (?)`);
}

/** Selects the connections of the one system whose id is the SQL expression `anchor` (for `lateralPages`). */
export function edgesOfSystem(args: EdgeListArgs, anchor: string): string {
  return edgeBranches(args, () => 'c.*', (side) => `c.${side} = ${anchor}`);
}

function edgeBranches(args: EdgeListArgs, columns: (side: string) => string, match: (side: string) => string): string {
  const sides = {
    [ConnectionDirection.UPSTREAM]: ['consumer_id'],
    [ConnectionDirection.DOWNSTREAM]: ['provider_id'],
    [ConnectionDirection.BOTH]: ['consumer_id', 'provider_id', 'via_id'],
  }[args.direction];
  if (args.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(args.asOf)) throw new Error(`not a date: ${args.asOf}`);
  const status = args.asOf ? STATUS_ON.replace('?', `'${args.asOf}'::date`) : 'c.status';
  const filters = [
    args.asOf ? ` and ${status} is not null` : '',
    args.statuses?.length ? ` and ${status} in (${args.statuses.map((s) => `'${s}'`).join(', ')})` : '',
  ].join('');
  // UNION ALL (no sort of whole rows): a connection can reach the same anchor from two sides only when its
  // platform is also one of its ends, which the guard on the `via` side excludes.
  return sides
    .map((side) => `select ${columns(side)} from connection c where ${match(side)}${filters}${
      side === 'via_id' ? ' and c.via_id not in (c.consumer_id, c.provider_id)' : ''}`)
    .join(' union all ');
}

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

/**
 * `cache`: where counts and summaries are kept between requests (src/cache/read-cache.ts); null reads them fresh.
 * Pages are never cached.
 */
export function connectionLoaders(em: EntityManager, cache: ReadCache | null = null) {
  const connectionCountBySystem = new LoaderFamily((args: EdgeListArgs) => {
    const prefix = `count:${JSON.stringify(args)}:`;
    return new DataLoader<number, number>((keys) => cachedBatch(cache, keys, (id) => prefix + id, async (ids) => {
      const sql = edgesOfSystems(args);
      const counts = await childCounts(em, sql, sql.split('(?)').slice(1).map(() => [...ids]));
      return ids.map((id) => counts.get(id) ?? 0);
    }));
  });
  return {
    connectionById: byIdLoader(em, Connection),
    connectionsBySystem: new LoaderFamily(({ request, relations, ...edgeArgs }: EdgeListArgs & { request: PageRequest; relations: RelationWants }) =>
      new DataLoader<number, Connection[]>(async (ids) => {
        const joins = relationJoins(em, Connection, relations);
        const { pages, totals } = await lateralPages(em, Connection, (anchor) => edgesOfSystem(edgeArgs, anchor), ids, request, joins);
        primeCounts(connectionCountBySystem.for(edgeArgs), ids, totals, request);
        return ids.map((id) => pages.get(id) ?? []);
      })),
    connectionCountBySystem,
    historyByConnection: new DataLoader<number, ConnectionEvent[]>(async (ids) => {
      const events = await em.find(ConnectionEvent, { connection: { $in: [...ids] } } as never, { orderBy: { occurredOn: 'asc', dbId: 'asc' } });
      return ids.map((id) => events.filter((e) => e.connection.dbId === id));
    }),
    /**
     * Distinct counterpart systems of each system, connected and in all, on a date: each connection counts with its
     * latest status on or before that date. One statement for every system asked.
     */
    computedCountsBySystem: new LoaderFamily((args: SummaryArgs) =>
      new DataLoader<number, ComputedCounts>((keys) => cachedBatch(cache, keys, (id) => `computed:${args.current ? 'today' : args.asOf}:${id}`, async (ids) => {
        const list = [...ids];
        const rows = await execute(em, `
          with touching as (
            select c.* from connection c where c.consumer_id in (?) or c.provider_id in (?) or c.via_id in (?)
          ), latest as (${args.current
            // Today: the status on the row is the latest event (no event is dated in the future); fetch only its evidence.
            ? `select t.id as connection_id, t.status, e.evidence_id from touching t
               left join connection_event e on e.connection_id = t.id and e.occurred_on = t.status_since and e.status = t.status and e.role = 'ACTUAL'
               where ?::date is not null`
            : `select distinct on (e.connection_id) e.connection_id, e.status, e.evidence_id
               from connection_event e join touching t on t.id = e.connection_id
               where e.occurred_on <= ? and e.role = 'ACTUAL'
               order by e.connection_id, e.occurred_on desc, e.id desc`}
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
          from sides where system_id in (?) group by system_id`, [list, list, list, args.asOf, list]);
        const byId = new Map(rows.map((r) => [Number(r.system_id), {
          connected: Number(r.connected), total: Number(r.total), evidenceIds: (r.evidence_ids as number[]).map(Number),
        }]));
        return ids.map((id) => byId.get(id) ?? { connected: 0, total: 0, evidenceIds: [] });
      }))),
    /** The latest reported connection count (an indicator that counts connections) of each system on a date. */
    reportedCountBySystem: new LoaderFamily((args: SummaryArgs) =>
      new DataLoader<number, Observation | null>((keys) => cachedBatch(cache, keys, (id) => `reported:${args.asOf}:${id}`, async (ids) => {
        const rows = await execute(em, `
          select distinct on (o.system_id) o.* from observation o join indicator i on i.id = o.indicator_id
          where i.counts_connections and o.denominator is not null and o.system_id in (?) and o.as_of <= ?
          order by o.system_id, o.as_of desc, o.id desc`, [[...ids], args.asOf]);
        const found = mapRows(em, Observation, rows);
        return ids.map((id) => found.find((o) => o.informationSystem?.dbId === id) ?? null);
      }))),
  };
}
