import type { EntityManager } from '@mikro-orm/postgresql';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { execute, mapRows, rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { agencyIdsWithCode, agencyIdsWithPredecessors, lineageOf } from '../agency/agency.queries.js';
import { evidenceIdsOfDocument } from '../evidence/evidence.queries.js';
import { figureSearchText, type FigureText } from '../../text/search-text.js';
import { systemIdWithCode } from '../system/system.queries.js';
import { Observation } from './observation.entity.js';
import type { ObservationFilter } from './observation.inputs.js';
import { bulkUpsert, type UpsertTarget } from '../../db/bulk-upsert.js';
import type { ObservationOrderField } from '../list-orders.js';

/** The sort key of each order of figures (src/modules/list-orders.ts). */
export const OBSERVATION_ORDER: Record<ObservationOrderField, SortKey> = {
  AS_OF: { expression: 'as_of', cast: 'date' },
  VALUE: { expression: "coalesce(value, 'Infinity'::float8)", cast: 'float8' },
  KEY: { expression: 'key collate "C"', cast: 'text' },
  DUE_ON: { expression: "coalesce(due_on, period_end, 'infinity'::date)", cast: 'date' },
};

/** A figure as stored, with the owner of the system it is about (`owner_id`, null without a system). */
export interface StoredFigure extends Row {
  id: number;
  key: string;
  version: number;
  agency_id: number | null;
  system_id: number | null;
  owner_id: number | null;
}

/** The columns of a figure a writer sets, in this order (`FIGURE_COLUMNS`). */
export const FIGURE_COLUMNS = [
  'indicator_id',
  'agency_id',
  'system_id',
  'value_text',
  'value',
  'numerator',
  'denominator',
  'qualifier',
  'target',
  'target_qualifier',
  'as_of',
  'period_start',
  'period_end',
  'evidence_id',
  'note',
];

/** The agencies with these codes, or (`withPredecessors`) also the units they succeeded, for `t.agency_id in ...`. */
function agencyIds(codes: string[], withPredecessors: boolean | null | undefined): Sql {
  return withPredecessors ? agencyIdsWithPredecessors(codes) : agencyIdsWithCode(codes);
}

export function indicatorIdWithCode(code: string): Sql {
  return sql`(select i.id from indicator i where i.code = ${code})`;
}

/** A page of figures matching a filter (already checked: `agencyCodes` is the agency codes asked for, if any). */
export function observationPage(
  em: EntityManager,
  filter: ObservationFilter | null | undefined,
  agencyCodes: string[],
  request: PageRequest,
): Promise<PageResult<Observation>> {
  const conditions: Sql[] = [];
  if (filter?.indicatorCode) conditions.push(sql`t.indicator_id in ${indicatorIdWithCode(filter.indicatorCode)}`);
  if (agencyCodes.length) conditions.push(sql`t.agency_id in ${agencyIds(agencyCodes, filter?.includePredecessors)}`);
  if (filter?.systemCode) conditions.push(sql`t.system_id in ${systemIdWithCode(filter.systemCode)}`);
  if (filter?.documentKey) conditions.push(sql`t.evidence_id in ${evidenceIdsOfDocument(filter.documentKey)}`);
  if (filter?.role) conditions.push(sql`t.role = ${filter.role}`);
  if (filter?.from) conditions.push(sql`t.as_of >= ${filter.from}`);
  if (filter?.to) conditions.push(sql`t.as_of <= ${filter.to}`);
  return tablePage(em, Observation, 'observation', conditions, request);
}

export interface SeriesArgs {
  agency: string | null;
  from: string | null;
  to: string | null;
  includePredecessors: boolean;
  role?: string | null;
  level?: string | null;
}

/** Up to 1,000 figures of one indicator in date order. */
export async function indicatorSeriesRows(em: EntityManager, indicatorId: number, args: SeriesArgs): Promise<Observation[]> {
  const conditions = [sql`t.indicator_id = ${indicatorId}`];
  if (args.agency) conditions.push(sql`t.agency_id in ${agencyIds([args.agency], args.includePredecessors)}`);
  if (args.from) conditions.push(sql`t.as_of >= ${args.from}`);
  if (args.to) conditions.push(sql`t.as_of <= ${args.to}`);
  if (args.role) conditions.push(sql`t.role = ${args.role}`);
  if (args.level) conditions.push(sql`t.level = ${args.level}`);
  return mapRows(
    em,
    Observation,
    await execute(em, sql`select t.* from observation t where ${sql.join(conditions, ' and ')} order by t.as_of, t.id limit 1000`),
  );
}

/** Figures of each agency, tagged with it (`anchor__`), for `childPages` / `childCounts`. */
export function figuresOfAgencies(ids: readonly number[]): Sql {
  return sql`select o.*, o.agency_id as anchor__ from observation o where o.agency_id in (${[...ids]})`;
}

/** Figures of each agency and of the units it succeeded (each figure once per agency). */
export function figuresOfAgencyLineages(ids: readonly number[]): Sql {
  return sql`${lineageOf(ids)} select o.*, l.root as anchor__ from observation o join lineage l on l.agency_id = o.agency_id`;
}

export function figuresOfSystems(ids: readonly number[]): Sql {
  return sql`select o.*, o.system_id as anchor__ from observation o where o.system_id in (${[...ids]})`;
}

/** The latest reported connection count (an indicator that counts connections) of each system on a date. */
export async function reportedConnectionCounts(em: EntityManager, systemIds: readonly number[], asOf: string): Promise<Observation[]> {
  const rows = await execute(
    em,
    sql`
          select distinct on (o.system_id) o.* from observation o join indicator i on i.id = o.indicator_id
          where i.counts_connections and o.denominator is not null and o.system_id in (${[...systemIds]}) and o.as_of <= ${asOf}
          order by o.system_id, o.as_of desc, o.id desc`,
  );
  return mapRows(em, Observation, rows);
}

export async function figureByKey(em: EntityManager, key: string): Promise<StoredFigure | null> {
  const [row] = await rowsOf<StoredFigure>(
    em,
    sql`select o.*, s.owner_id from observation o left join information_system s on s.id = o.system_id
    where o.key = ${key}`,
  );
  return row ?? null;
}

export async function figureById(em: EntityManager, id: number): Promise<StoredFigure | null> {
  const [row] = await rowsOf<StoredFigure>(
    em,
    sql`select o.*, s.owner_id from observation o left join information_system s on s.id = o.system_id where o.id = ${id}`,
  );
  return row ?? null;
}

/** The stored version of the figure with this key; null when there is none. */
export async function figureVersion(em: EntityManager, key: string): Promise<number | null> {
  const [row] = await execute(em, sql`select version from observation where key = ${key}`);
  return row ? Number(row.version) : null;
}

/** The names a figure's search text holds for its agency and system. */
export async function subjectNames(
  em: EntityManager,
  agencyId: unknown,
  systemId: unknown,
): Promise<{ agency_name: string | null; system_name: string | null }> {
  const [names] = await execute(
    em,
    sql`select (select name from agency where id = ${agencyId}) as agency_name,
      (select name from information_system where id = ${systemId}) as system_name`,
  );
  return { agency_name: names.agency_name as string | null, system_name: names.system_name as string | null };
}

const columnValues = (figure: Row) => FIGURE_COLUMNS.map((c) => sql`${figure[c]}`);

/** Writes a correction based on `version`; false when the stored version is another (a concurrent change). */
export async function updateFigure(em: EntityManager, id: number, version: number, figure: Row, searchText: string): Promise<boolean> {
  const assignments = sql.join(FIGURE_COLUMNS.map((c) => sql`${sql.raw(c)} = ${figure[c]}`));
  const updated = await execute(
    em,
    sql`update observation set ${assignments}, search_text = ${searchText}, version = version + 1
        where id = ${id} and version = ${version} returning id`,
  );
  return updated.length > 0;
}

export async function insertFigure(em: EntityManager, key: string, figure: Row, searchText: string): Promise<number> {
  const [created] = await execute(
    em,
    sql`insert into observation (key, ${sql.raw(FIGURE_COLUMNS.join(', '))}, basis, search_text)
      values (${key}, ${sql.join(columnValues(figure))}, 'REPORTED', ${searchText}) returning id`,
  );
  return Number(created.id);
}

/** Deletes the figure at `version`; false when the stored version is another. */
export async function deleteFigure(em: EntityManager, id: number, version: number): Promise<boolean> {
  return (await execute(em, sql`delete from observation where id = ${id} and version = ${version} returning id`)).length > 0;
}

/** Reads the parts of `figureSearchText` for figures (aliased `o`) as stored; append a `where`. */
export const FIGURE_TEXT_PARTS = `select o.id, o.search_text, i.name as indicator_name, i.name_en as indicator_name_en, a.name as agency_name,
    s.name as system_name, o.value_text, e.quote
  from observation o join indicator i on i.id = o.indicator_id left join agency a on a.id = o.agency_id
    left join information_system s on s.id = o.system_id left join evidence e on e.id = o.evidence_id`;

/**
 * Derives again the search text of the figures about an agency or a system (just renamed: their text holds its
 * name). Rewrites only the rows whose text differs.
 */
export async function refreshFigureSearchText(em: EntityManager, about: { agencyId: number } | { systemId: number }): Promise<void> {
  const condition = 'agencyId' in about ? sql`o.agency_id = ${about.agencyId}` : sql`o.system_id = ${about.systemId}`;
  const rows = await rowsOf<FigureText & { id: number; search_text: string }>(em, sql`${sql.raw(FIGURE_TEXT_PARTS)} where ${condition}`);
  const updates = rows.map((r) => ({ id: r.id, search_text: figureSearchText(r) })).filter((u, i) => u.search_text !== rows[i].search_text);
  if (!updates.length) return;
  await execute(
    em,
    sql`update observation o set search_text = v.search_text from json_populate_recordset(null::observation, ${JSON.stringify(updates)}::json) v
    where o.id = v.id`,
  );
}

/** A figure as a bulk load writes it, by its key. */
export interface FigureLoadRow {
  key: string;
  indicator_id: number;
  agency_id: number | null;
  system_id: number | null;
  value_text: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  qualifier: string | null;
  target: number | null;
  target_qualifier: string | null;
  as_of: string;
  period_start: string | null;
  period_end: string | null;
  reported_by_id: number | null;
  evidence_id: number;
  basis: string;
  note: string | null;
  search_text: string;
  role: string;
  due_on: string | null;
  level: string | null;
  date_quote: string | null;
  related_system_ids: (number | null)[];
}

const FIGURES: UpsertTarget<FigureLoadRow> = {
  table: 'observation',
  conflict: '(key)',
  // What the write API sets, and what only a load writes (who reported it, the basis, plans, related systems).
  columns: [
    'key',
    ...(FIGURE_COLUMNS as (keyof FigureLoadRow & string)[]),
    'reported_by_id',
    'basis',
    'search_text',
    'role',
    'due_on',
    'level',
    'date_quote',
    'related_system_ids',
  ],
};

export const upsertFigures = (em: EntityManager, rows: readonly FigureLoadRow[]) => bulkUpsert(em, FIGURES, rows);
