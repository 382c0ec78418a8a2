import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshCurrentStatus } from '../../db/current-status.js';
import { findByCodes } from '../../db/lookups.js';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import type { RelationJoin } from '../../db/relations.js';
import { containsPattern, execute, rowsOf, sql, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { agencyIdsWithCode } from '../agency/agency.queries.js';
import { InformationSystem } from './information-system.entity.js';
import type { SystemFilter } from './system.inputs.js';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import type { SystemOrderField } from '../list-orders.js';
import { viSortKey } from '../../text/vi-sort.js';
import { ownersOn } from './system-owner.queries.js';

/** The sort key of each order of systems (src/modules/list-orders.ts). */
export const SYSTEM_ORDER: Record<SystemOrderField, SortKey> = {
  NAME: { expression: 'name_sort', cast: 'text' },
  CODE: { expression: 'code collate "C"', cast: 'text' },
  STATUS_SINCE: { expression: "coalesce(status_since, 'infinity'::date)", cast: 'date' },
};

/** A system as stored, the columns its writes compare and audit. */
export interface SystemRow {
  id: number;
  code: string;
  kind: string;
  name: string;
  name_en: string | null;
  description: string | null;
  owner_id: number;
  operator_id: number | null;
  status: string | null;
  status_since: string | null;
  version: number;
}

/**
 * THE lookup of systems by code: every reader and writer (queries, mutations, the import, federation, traversal)
 * finds systems through it. Each found system with `joins` (owner, operator) read in the same statement.
 */
export function findSystemsByCode(em: EntityManager, codes: readonly string[], joins: RelationJoin[] = []): Promise<Map<string, InformationSystem>> {
  return findByCodes(em, InformationSystem, 'information_system', codes, joins);
}

export async function findSystemByCode(em: EntityManager, code: string, joins: RelationJoin[] = []): Promise<InformationSystem | null> {
  return (await findSystemsByCode(em, [code], joins)).get(code) ?? null;
}

/** The id of the system with this code, as a subquery for conditions of other tables' statements. */
/** The codes of the agencies owning the systems with these codes (live updates' `ownerCode` filter). */
export async function ownerCodesOfSystems(em: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  const rows = await execute(
    em,
    sql`select distinct a.code from information_system s join agency a on a.id = s.owner_id where s.code in (${[...codes]})`,
  );
  return new Set(rows.map((r) => String(r.code)));
}

export function systemIdWithCode(code: string): Sql {
  return sql`(select s.id from information_system s where s.code = ${code})`;
}

/** A system entity as the row its writes compare (read-only entities hold the stored values as they are). */
export function systemRowOf(s: InformationSystem): SystemRow {
  return {
    id: s.dbId,
    code: s.code,
    kind: s.kind,
    name: s.name,
    name_en: s.nameEn ?? null,
    description: s.description ?? null,
    owner_id: s.owner.dbId,
    operator_id: s.operator?.dbId ?? null,
    status: s.status ?? null,
    status_since: s.statusSince ?? null,
    version: s.version,
  };
}

export async function systemRowById(em: EntityManager, id: number): Promise<SystemRow> {
  const [row] = await rowsOf<SystemRow>(em, sql`select * from information_system where id = ${id}`);
  return row;
}

/** A page of systems matching a filter (`ownerCode`: any period of that agency code). */
/** A system's latest ACTUAL lifecycle status on or before `on` (null: none by then); `systemId` an SQL expression. */
export const lifecycleStatusOn = (systemId: Sql, on: string) => sql`(select e.status from system_lifecycle_event e
  where e.system_id = ${systemId} and e.role = 'ACTUAL' and e.occurred_on <= ${on} order by e.occurred_on desc, e.id desc limit 1)`;

/** The systems as they were on `on`: begun by then (or with no lifecycle at all), with their status and owner then. */
function onDate(on: string, filter: SystemFilter): Sql[] {
  const conditions = [
    sql`(${lifecycleStatusOn(sql.raw('t.id'), on)} is not null or not exists (select 1 from system_lifecycle_event e where e.system_id = t.id and e.role = 'ACTUAL'))`,
  ];
  if (filter.statuses?.length) conditions.push(sql`${lifecycleStatusOn(sql.raw('t.id'), on)} in (${filter.statuses})`);
  if (filter.ownerCode)
    conditions.push(sql`t.id in (select p.system_id from ${ownersOn(on)} p where p.owner_id in ${agencyIdsWithCode([filter.ownerCode])})`);
  if (filter.ownerCodes)
    conditions.push(sql`t.id in (select p.system_id from ${ownersOn(on)} p where p.owner_id in ${agencyIdsWithCode(filter.ownerCodes)})`);
  return conditions;
}

export function systemPage(
  em: EntityManager,
  filter: SystemFilter | null | undefined,
  request: PageRequest,
  joins: RelationJoin[],
): Promise<PageResult<InformationSystem>> {
  const conditions: Sql[] = [];
  const asOf = filter?.asOf;
  if (filter?.kinds?.length) conditions.push(sql`t.kind in (${filter.kinds})`);
  if (filter?.codes) conditions.push(sql`t.code in (${filter.codes})`);
  if (asOf) conditions.push(...onDate(asOf, filter));
  else {
    if (filter?.statuses?.length) conditions.push(sql`t.status in (${filter.statuses})`);
    if (filter?.ownerCode) conditions.push(sql`t.owner_id in ${agencyIdsWithCode([filter.ownerCode])}`);
    if (filter?.ownerCodes) conditions.push(sql`t.owner_id in ${agencyIdsWithCode(filter.ownerCodes)}`);
  }
  if (filter?.text) conditions.push(sql`t.search_text like ${containsPattern(foldText(filter.text))}`);
  return tablePage(em, InformationSystem, 'information_system', conditions, request, joins);
}

/** The columns of a new or changed system that its writer sets. */
export interface SystemValues {
  code: string;
  kind: string;
  name: string;
  name_en: string | null;
  description: string | null;
  owner_id: number;
  operator_id: number | null;
  search_text: string;
}

export async function insertSystem(em: EntityManager, v: SystemValues): Promise<number> {
  const [row] = await execute(
    em,
    sql`insert into information_system (code, kind, name, name_en, description, owner_id, operator_id, search_text)
      values (${v.code}, ${v.kind}, ${v.name}, ${v.name_en}, ${v.description}, ${v.owner_id}, ${v.operator_id}, ${v.search_text}) returning id`,
  );
  return Number(row.id);
}

/** Writes a change based on `version`; false when the stored version is another (a concurrent change). */
export async function updateSystem(em: EntityManager, id: number, version: number, v: Omit<SystemValues, 'code'>): Promise<boolean> {
  const updated = await execute(
    em,
    sql`update information_system set name = ${v.name}, name_en = ${v.name_en}, description = ${v.description},
        kind = ${v.kind}, operator_id = ${v.operator_id}, owner_id = ${v.owner_id}, search_text = ${v.search_text}, version = version + 1
      where id = ${id} and version = ${version} returning id`,
  );
  return updated.length > 0;
}

export async function systemVersion(em: EntityManager, id: number): Promise<number> {
  const [row] = await execute(em, sql`select version from information_system where id = ${id}`);
  return Number(row.version);
}

/**
 * Adds a lifecycle event and recomputes the system's current status from its history; false when the event was
 * recorded already.
 */
export async function insertLifecycleEvent(
  em: EntityManager,
  systemId: number,
  event: { status: string; date: string; evidenceId: number | null },
): Promise<boolean> {
  const inserted = await execute(
    em,
    sql`insert into system_lifecycle_event (system_id, status, occurred_on, evidence_id)
    values (${systemId}, ${event.status}, ${event.date}, ${event.evidenceId})
    on conflict (system_id, occurred_on, status, role) do nothing returning id`,
  );
  if (!inserted.length) return false;
  await refreshCurrentStatus(em, 'information_system', [systemId]);
  return true;
}

/** Systems owned by each agency, tagged with their owner (`anchor__`), for `childCounts`. */
export function systemsOfOwners(ownerIds: readonly number[]): Sql {
  return sql`select s.*, s.owner_id as anchor__ from information_system s where s.owner_id in (${[...ownerIds]})`;
}

/** Systems owned by the agency whose id is the SQL expression `anchor` (for `lateralPages`). */
export function systemsOfOwner(anchor: Sql): Sql {
  return sql`select s.* from information_system s where s.owner_id = ${anchor}`;
}

/** A system as a bulk load writes it, by its code. */
export interface SystemLoadRow {
  code: string;
  kind: string;
  name: string;
  name_en: string | null;
  description: string | null;
  owner_id: number | null;
  operator_id: number | null;
  search_text: string;
}

const SYSTEMS: UpsertTarget<SystemLoadRow & { name_sort: string }> = {
  table: 'information_system',
  conflict: '(code)',
  columns: ['code', 'kind', 'name', 'name_en', 'description', 'owner_id', 'operator_id', 'search_text', 'name_sort'],
};

/** Upserts in one statement, with the name's Vietnamese sort key (computed here: the trigger's SQL function would cost more per row). */
export const upsertSystems = (em: EntityManager, rows: readonly SystemLoadRow[]) =>
  bulkUpsert(
    em,
    SYSTEMS,
    rows.map((r) => ({ ...r, name_sort: viSortKey(r.name) })),
  );

/** Every system's id by its code. */
export const systemIdsByCode = (em: EntityManager) => idsByKey(em, sql`select id, code as k from information_system`);

/** A dated lifecycle entry as a bulk load writes it. */
export interface LifecycleLoadRow {
  system_id: number;
  status: string;
  occurred_on: string;
  evidence_id: number | null;
  note: string | null;
  role: string;
  stated_on: string | null;
}

const LIFECYCLE: UpsertTarget<LifecycleLoadRow> = {
  table: 'system_lifecycle_event',
  conflict: '(system_id, occurred_on, status, role)',
  columns: ['system_id', 'status', 'occurred_on', 'evidence_id', 'note', 'role', 'stated_on'],
};

/** Upserts lifecycle entries, then recomputes every system's current status from its history. */
export async function upsertLifecycles(em: EntityManager, rows: readonly LifecycleLoadRow[]): Promise<void> {
  await bulkUpsert(em, LIFECYCLE, rows);
  await refreshCurrentStatus(em, 'information_system');
}
