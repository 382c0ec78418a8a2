import type { EntityManager } from '@mikro-orm/postgresql';
import { rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import type { AgencyKind } from '../agency/agency.entity.js';
import { validOn } from '../agency/agency.queries.js';
import { ownersOn } from '../system/system-owner.queries.js';
import { lifecycleStatusOn } from '../system/system.queries.js';
import { ConnectionGroupField, SystemGroupField } from './dashboard.enums.js';

/** Best first: the status a matrix cell shows when several connections join the same pair. */
const STATUS_RANK = sql.raw(
  `case st.status when 'CONNECTED' then 0 when 'TESTING' then 1 when 'IN_PROGRESS' then 2 when 'PLANNED' then 3 when 'SUSPENDED' then 4 else 5 end`,
);

/** A connection's latest ACTUAL status on or before `on`, as a lateral row (status, since, evidence_id) for `c`. */
const connectionStatusOn = (on: string) => sql`(select e.status, e.occurred_on as since, e.evidence_id from connection_event e
  where e.connection_id = c.id and e.role = 'ACTUAL' and e.occurred_on <= ${on} order by e.occurred_on desc, e.id desc limit 1)`;

/**
 * A `units(root, unit_id)` CTE body: each root agency with every unit it answers for on `on`: the units it succeeded
 * (2025 mergers, by then) and the bodies under any of them, through any chain. UNION keeps each pair once, so a
 * system reached by two paths is counted once.
 */
function unitsOf(roots: Sql, on: string): Sql {
  return sql`units(root, unit_id) as (
    select r.id, r.id from ${roots} r
    union
    select u.root, n.unit_id from units u join (
      select s.successor_id as above, s.predecessor_id as unit_id from agency_succession s where s.effective_on <= ${on}
      union all
      select a.parent_id, a.id from agency a where a.parent_id is not null
    ) n on n.above = u.unit_id
  )`;
}

export interface MatrixSelection {
  asOf: string;
  agencyKinds: readonly AgencyKind[];
  agencyCodes: readonly string[] | null;
  systemCodes: readonly string[];
}

/** A row of the matrix statement: an agency ('A'), a system ('S'), or a cell ('C') with its best connection. */
export type MatrixRow =
  | { tag: 'A' | 'S'; data: Row }
  | {
      tag: 'C';
      data: {
        agency_id: number;
        system_id: number;
        through_id: number;
        connection_id: number;
        status: string;
        since: string;
        evidence_id: number | null;
      };
    }
  | { tag: 'O'; data: { agency_id: number; system_id: number } };

/**
 * The whole integration matrix in one statement: the agencies (rows) valid on the date, the systems (columns),
 * and for each pair the best-status connection on that date between a system of the agency (or of a unit it
 * answers for) and the column's system, at either end or as its platform (`via`); 'O' marks pairs where the
 * agency owns the column's system itself.
 */
export function matrixRows(em: EntityManager, m: MatrixSelection): Promise<MatrixRow[]> {
  const codes = m.agencyCodes?.length ? sql`and t.code in (${[...m.agencyCodes]})` : sql.empty;
  const kinds = m.agencyKinds.length ? sql`and t.kind in (${[...m.agencyKinds]})` : sql.empty;
  return rowsOf<MatrixRow>(
    em,
    sql`with recursive rows_ as (select t.* from agency t where ${validOn(m.asOf)} ${kinds} ${codes}),
    ${unitsOf(sql.raw('rows_'), m.asOf)},
    cols as (select s.* from information_system s where s.code in (${[...m.systemCodes]})),
    owned as (select distinct u.root, p.system_id from units u join ${ownersOn(m.asOf)} p on p.owner_id = u.unit_id),
    links as (
      select o.root, col.id as target_id, o.system_id as through_id, c.id as connection_id, st.status, st.since, st.evidence_id
      from owned o
      join connection c on o.system_id in (c.consumer_id, c.provider_id)
      join cols col on col.id in (c.consumer_id, c.provider_id, c.via_id) and col.id <> o.system_id
      cross join lateral ${connectionStatusOn(m.asOf)} st
    ),
    cells as (
      select distinct on (st.root, st.target_id) st.* from links st
      order by st.root, st.target_id, ${STATUS_RANK}, st.since desc, st.connection_id
    )
    select 'A' as tag, to_jsonb(r.*) as data from rows_ r
    union all select 'S', to_jsonb(col.*) from cols col
    union all select 'C', jsonb_build_object('agency_id', root, 'system_id', target_id, 'through_id', through_id,
      'connection_id', connection_id, 'status', status, 'since', since, 'evidence_id', evidence_id) from cells
    union all select 'O', jsonb_build_object('agency_id', o.root, 'system_id', o.system_id) from owned o join cols col on col.id = o.system_id`,
  );
}

/** Each group-by field as the SQL expression it groups on (written here, never sent by a caller). */
const CONNECTION_GROUP_SQL: Record<ConnectionGroupField, string> = {
  [ConnectionGroupField.STATUS]: 'st.status',
  [ConnectionGroupField.CONSUMER_KIND]: 'cs.kind',
  [ConnectionGroupField.PROVIDER_KIND]: 'ps.kind',
  [ConnectionGroupField.CONSUMER_OWNER]: 'cs.owner_id',
  [ConnectionGroupField.PROVIDER_OWNER]: 'ps.owner_id',
  [ConnectionGroupField.CONSUMER_OWNER_KIND]: 'ca.kind',
  [ConnectionGroupField.PROVIDER_OWNER_KIND]: 'pa.kind',
};

const SYSTEM_GROUP_SQL: Record<SystemGroupField, string> = {
  [SystemGroupField.STATUS]: 'st.status',
  [SystemGroupField.KIND]: 's.kind',
  [SystemGroupField.OWNER]: 'p.owner_id',
  [SystemGroupField.OWNER_KIND]: 'a.kind',
};

/** `g0, g1, ...` columns of a grouped count, and the group by / order by lists. */
function grouping(expressions: string[]): { select: Sql; groupBy: Sql } {
  const select = sql.raw(expressions.map((e, i) => `${e} as g${i}, `).join(''));
  // Largest first; equal counts in the order of the grouped values, so the answer is the same every time.
  const order = ['n desc', ...expressions.map((e) => `${e} nulls last`)].join(', ');
  const groupBy = sql.raw(expressions.length ? `group by ${expressions.join(', ')} order by ${order}` : '');
  return { select, groupBy };
}

export type GroupRow = Record<string, unknown> & { n: number };

/** Connections that existed on `on` (an ACTUAL status by then), counted per group of their status on that date. */
export function connectionGroupRows(em: EntityManager, fields: readonly ConnectionGroupField[], on: string): Promise<GroupRow[]> {
  const { select, groupBy } = grouping(fields.map((f) => CONNECTION_GROUP_SQL[f]));
  return rowsOf<GroupRow>(
    em,
    sql`select ${select}count(*)::int as n from connection c
    join information_system cs on cs.id = c.consumer_id left join agency ca on ca.id = cs.owner_id
    join information_system ps on ps.id = c.provider_id left join agency pa on pa.id = ps.owner_id
    cross join lateral ${connectionStatusOn(on)} st
    ${groupBy}`,
  );
}

/** Systems counted per group, with their owner and lifecycle status on `on` (status null when none was recorded by then). */
export function systemGroupRows(em: EntityManager, fields: readonly SystemGroupField[], on: string): Promise<GroupRow[]> {
  const { select, groupBy } = grouping(fields.map((f) => SYSTEM_GROUP_SQL[f]));
  return rowsOf<GroupRow>(
    em,
    sql`select ${select}count(*)::int as n from information_system s
    left join ${ownersOn(on)} p on p.system_id = s.id left join agency a on a.id = p.owner_id
    left join lateral (select ${lifecycleStatusOn(sql.raw('s.id'), on)} as status) st on true
    ${groupBy}`,
  );
}

/** Per root agency: the units it succeeded, its systems by kind (its own, its bodies', its predecessors'), and their connections by status on `on`. */
export type RollupRow = {
  root: number;
  succeeded: number[] | null;
  systems_by_kind: Record<string, number> | null;
  connections_by_status: Record<string, number> | null;
};

/**
 * Roll-ups of many agencies in one statement: every system of the agency or of a unit it answers for (each once),
 * and every connection touching one of them (each once, whichever end), by status on `on`.
 */
export function rollupRows(em: EntityManager, agencyIds: readonly number[], on: string): Promise<RollupRow[]> {
  return rowsOf<RollupRow>(
    em,
    sql`with recursive roots as (select unnest(array[${[...agencyIds]}]::int[]) as id),
    ${unitsOf(sql.raw('roots'), on)},
    succeeded(root, unit_id) as (
      select r.id, r.id from roots r
      union
      select l.root, s.predecessor_id from succeeded l join agency_succession s on s.successor_id = l.unit_id and s.effective_on <= ${on}
    ),
    owned as (select distinct u.root, s.id, s.kind from units u join ${ownersOn(on)} p on p.owner_id = u.unit_id join information_system s on s.id = p.system_id),
    touched as (select distinct o.root, c.id from owned o join connection c on o.id in (c.consumer_id, c.provider_id)),
    by_status as (select t.root, st.status, count(*)::int as n from touched t join connection c on c.id = t.id
      cross join lateral ${connectionStatusOn(on)} st group by t.root, st.status),
    by_kind as (select root, kind, count(*)::int as n from owned group by root, kind)
    select r.id as root,
      (select array_agg(l.unit_id order by l.unit_id) from succeeded l where l.root = r.id and l.unit_id <> r.id) as succeeded,
      (select jsonb_object_agg(kind, n) from by_kind k where k.root = r.id) as systems_by_kind,
      (select jsonb_object_agg(status, n) from by_status b where b.root = r.id) as connections_by_status
    from roots r`,
  );
}
