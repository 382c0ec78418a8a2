import type { EntityManager } from '@mikro-orm/postgresql';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { containsPattern, execute, mapRows, rowsOf, sql, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { Agency } from './agency.entity.js';
import type { AgencyFilter } from './agency.inputs.js';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import type { AgencyOrderField } from '../list-orders.js';
import { viSortKey } from '../../text/vi-sort.js';

/** The sort key of each order of agencies (src/modules/list-orders.ts). */
export const AGENCY_ORDER: Record<AgencyOrderField, SortKey> = {
  NAME: { expression: 'name_sort', cast: 'text' },
  CODE: { expression: 'code collate "C"', cast: 'text' },
  VALID_FROM: { expression: "coalesce(valid_from, '-infinity'::date)", cast: 'date' },
};

/** An agency as stored, the columns its writes compare and audit. */
export interface AgencyRow {
  id: number;
  code: string;
  kind: string;
  name: string;
  full_name: string | null;
  name_ascii: string;
  name_en: string | null;
  parent_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  aliases: string[] | null;
  version: number;
}

/** A succession link as read: the agency it anchors on, the unit on the other side, the date it took effect. */
interface SuccessionRow {
  anchor: number;
  agency_id: number;
  effective_on: string;
}

/** The condition "the unit existed on this date" for a table aliased `t`. */
export function validOn(on: string): Sql {
  return sql`(t.valid_from is null or t.valid_from <= ${on}) and (t.valid_to is null or t.valid_to >= ${on})`;
}

/**
 * THE lookup of an agency by code: the one that existed on `on`; when none did (a ministry merged in 2025), the
 * latest unit that had the code, so old codes still answer.
 */
export async function findAgencyByCode(em: EntityManager, code: string, on: string): Promise<Agency | null> {
  const rows = await execute(
    em,
    sql`select t.* from agency t where t.code = ${code}
    order by (${validOn(on)}) desc, coalesce(t.valid_from, date '0001-01-01') desc limit 1`,
  );
  return mapRows(em, Agency, rows)[0] ?? null;
}

/** The ids of the agencies with these codes (every period), as a subquery for conditions of other statements. */
export function agencyIdsWithCode(codes: readonly string[]): Sql {
  return sql`(select a.id from agency a where a.code in (${[...codes]}))`;
}

/** Agency ids matching a code (any period), extended to their predecessors: for `t.agency_id in (...)`. */
export function agencyIdsWithPredecessors(codes: readonly string[]): Sql {
  return sql`(with recursive lineage(agency_id) as (
    select a.id from agency a where a.code in (${[...codes]})
    union
    select s.predecessor_id from lineage l join agency_succession s on s.successor_id = l.agency_id
  ) select agency_id from lineage)`;
}

/**
 * A `lineage(root, agency_id)` CTE: each root agency id and every unit it succeeded, directly or through a chain
 * (a 2025 province and the pre-2025 provinces merged into it). UNION keeps each pair once, so a figure of a
 * predecessor is counted once per root however many paths lead to it.
 */
export function lineageOf(rootIds: readonly number[]): Sql {
  return sql`with recursive lineage(root, agency_id) as (
    select a, a from unnest(array[${[...rootIds]}]::int[]) a
    union
    select l.root, s.predecessor_id from lineage l join agency_succession s on s.successor_id = l.agency_id
  )`;
}

export function agencyPage(
  em: EntityManager,
  filter: AgencyFilter | null | undefined,
  today: string,
  request: PageRequest,
): Promise<PageResult<Agency>> {
  const conditions: Sql[] = [];
  if (filter?.kinds?.length) conditions.push(sql`t.kind in (${filter.kinds})`);
  if (filter?.code) conditions.push(sql`t.code = ${filter.code}`);
  if (filter?.codes) conditions.push(sql`t.code in (${filter.codes})`);
  if (filter?.parentCode) conditions.push(sql`t.parent_id in (select p.id from agency p where p.code = ${filter.parentCode})`);
  if (filter?.text) conditions.push(sql`t.search_text like ${containsPattern(foldText(filter.text))}`);
  if (!filter?.allPeriods) conditions.push(validOn(filter?.validOn ?? today));
  return tablePage(em, Agency, 'agency', conditions, request);
}

/** Succession links of many agencies in one statement, from one side, ordered by the unit on the other. */
export function successionLinks(em: EntityManager, side: 'successor_id' | 'predecessor_id', ids: readonly number[]): Promise<SuccessionRow[]> {
  const [anchor, other] =
    side === 'successor_id' ? [sql.raw('successor_id'), sql.raw('predecessor_id')] : [sql.raw('predecessor_id'), sql.raw('successor_id')];
  return rowsOf<SuccessionRow>(
    em,
    sql`select ${anchor} as anchor, ${other} as agency_id, effective_on from agency_succession
      where ${anchor} in (${[...ids]}) order by ${other}`,
  );
}

/**
 * Agency ids an editor with these agency codes may change: the agencies with its codes (every period), the units
 * they succeeded, and everything under them (communes, provincial bodies), in one recursive statement.
 */
export async function agencyScopeIds(em: EntityManager, codes: readonly string[]): Promise<Set<number>> {
  const rows = await execute(
    em,
    sql`with recursive scope(id) as (
      select a.id from agency a where a.code in (${[...codes]})
      union
      select x.id from scope sc cross join lateral (
        select s.predecessor_id as id from agency_succession s where s.successor_id = sc.id
        union all
        select c.id from agency c where c.parent_id = sc.id
      ) x
    ) select id from scope`,
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** The distinct codes of these agencies, sorted. */
export async function agencyCodesOf(em: EntityManager, ids: readonly number[]): Promise<string[]> {
  const rows = await execute(em, sql`select distinct code from agency where id in (${[...ids]}) order by code`);
  return rows.map((r) => String(r.code));
}

/** Of these codes, those some agency (any period) has. */
export async function knownAgencyCodes(em: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  const rows = await execute(em, sql`select distinct code from agency where code in (${[...codes]})`);
  return new Set(rows.map((r) => String(r.code)));
}

/** True when an agency has this code and the same start of validity (none counts as the same). */
export async function agencyPeriodExists(em: EntityManager, code: string, validFrom: string | null): Promise<boolean> {
  const rows = await execute(
    em,
    sql`select 1 from agency
    where code = ${code} and coalesce(valid_from, date '0001-01-01') = coalesce(${validFrom}::date, date '0001-01-01')`,
  );
  return rows.length > 0;
}

export async function agencyRowById(em: EntityManager, id: number): Promise<AgencyRow | null> {
  return (await rowsOf<AgencyRow>(em, sql`select * from agency where id = ${id}`))[0] ?? null;
}

/** The columns of a new agency. */
export interface NewAgency {
  code: string;
  kind: string;
  name: string;
  full_name: string | null;
  name_ascii: string;
  name_en: string | null;
  parent_id: number | null;
  valid_from: string | null;
  search_text: string;
}

export async function insertAgency(em: EntityManager, a: NewAgency): Promise<AgencyRow> {
  const [row] = await rowsOf<AgencyRow>(
    em,
    sql`insert into agency (code, kind, name, full_name, name_ascii, name_en, parent_id, valid_from, search_text)
      values (${a.code}, ${a.kind}, ${a.name}, ${a.full_name}, ${a.name_ascii}, ${a.name_en}, ${a.parent_id}, ${a.valid_from}, ${a.search_text}) returning *`,
  );
  return row;
}

/** Renames an agency based on `version`; false when the stored version is another (a concurrent change). */
export async function renameAgency(
  em: EntityManager,
  id: number,
  version: number,
  a: { name: string; full_name: string | null; name_en: string | null; name_ascii: string; search_text: string },
): Promise<boolean> {
  const updated = await execute(
    em,
    sql`update agency set name = ${a.name}, full_name = ${a.full_name}, name_en = ${a.name_en},
        name_ascii = ${a.name_ascii}, search_text = ${a.search_text}, version = version + 1
        where id = ${id} and version = ${version} returning *`,
  );
  return updated.length > 0;
}

/** One unit of an agency as a bulk load writes it (the seed's catalogue): a code names a new unit from its valid_from. */
export interface AgencyUnitRow {
  code: string;
  kind: string;
  name: string;
  full_name: string | null;
  name_ascii: string;
  name_en: string | null;
  aliases: string[] | null;
  valid_from: string | null;
  valid_to: string | null;
  search_text: string;
}

const AGENCY_UNITS: UpsertTarget<AgencyUnitRow & { name_sort: string }> = {
  table: 'agency',
  conflict: `(code, (coalesce(valid_from, date '0001-01-01')))`,
  columns: ['code', 'kind', 'name', 'full_name', 'name_ascii', 'name_en', 'aliases', 'valid_from', 'valid_to', 'search_text', 'name_sort'],
};

/** Upserts in one statement (agency units by code and valid_from), with the name's Vietnamese sort key (computed here: the trigger's SQL function would cost more per row). */
export const upsertAgencyUnits = (em: EntityManager, rows: readonly AgencyUnitRow[]) =>
  bulkUpsert(
    em,
    AGENCY_UNITS,
    rows.map((r) => ({ ...r, name_sort: viSortKey(r.name) })),
  );

/** Every unit's id by `code@valid_from` (empty after the @ for a unit valid from the start). */
export const agencyIdsByUnit = (em: EntityManager) => idsByKey(em, sql`select id, code || '@' || coalesce(valid_from::text, '') as k from agency`);

/** Sets the parent of each unit listed, leaving rows already right untouched. */
export async function setAgencyParents(em: EntityManager, links: readonly { id: number; parent_id: number | null }[]): Promise<void> {
  if (!links.length) return;
  await execute(
    em,
    sql`update agency a set parent_id = v.parent_id from json_populate_recordset(null::agency, ${JSON.stringify(links)}::json) v
    where a.id = v.id and a.parent_id is distinct from v.parent_id`,
  );
}

/** A succession link as a bulk load writes it. */
export interface SuccessionLinkRow {
  predecessor_id: number;
  successor_id: number;
  effective_on: string;
}

const SUCCESSIONS: UpsertTarget<SuccessionLinkRow> = {
  table: 'agency_succession',
  conflict: '(predecessor_id, successor_id)',
  columns: ['predecessor_id', 'successor_id', 'effective_on'],
};

export const upsertSuccessionLinks = (em: EntityManager, rows: readonly SuccessionLinkRow[]) => bulkUpsert(em, SUCCESSIONS, rows);
